package io.medic.doctor.migration;

import io.medic.doctor.migration.Operation.AddColumn;
import io.medic.doctor.migration.Operation.CreateForeignKey;
import io.medic.doctor.migration.Operation.CreateIndex;
import io.medic.doctor.migration.Operation.CreateUniqueConstraint;
import io.medic.doctor.migration.Operation.DropColumn;
import io.medic.doctor.migration.Operation.Unknown;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.medic.doctor.migration.Revisions.lineOf;
import static io.medic.doctor.migration.Revisions.read;
import static io.medic.doctor.migration.Revisions.withUpgrade;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loops over literal sequences are read as their iterations (issue 22, rule 5): real migrations add the same
 * column to a list of tables, naming indexes and constraints after the loop variable.
 */
class MigrationLoopsTests {

    private static ColumnDef column(String name, String type) {
        return new ColumnDef(name, type, null, false, false, false, null);
    }

    private static String withModuleLevel(String assignments, String body) {
        return withUpgrade(body).replace("\n\ndef upgrade():", assignments + "\n\n\ndef upgrade():");
    }

    @Test
    void aLoopOverALiteralTupleOrAModuleLevelListIsReadAsItsIterations() throws Exception {
        String source = withModuleLevel("HISTORY_TABLES = [\"orders_history\", \"items_history\"]", """
                for table in ("orders", "items"):
                    op.add_column(table, sa.Column("archived_at", sa.DateTime()))
                for t in HISTORY_TABLES:
                    op.drop_column(t, "legacy")
                """);
        int add = lineOf(source, "op.add_column");
        int drop = lineOf(source, "op.drop_column");
        assertThat(read(source).operations()).containsExactly(
                new AddColumn("orders", column("archived_at", "timestamp without time zone"), add),
                new AddColumn("items", column("archived_at", "timestamp without time zone"), add),
                new DropColumn("orders_history", "legacy", drop),
                new DropColumn("items_history", "legacy", drop));
    }

    @Test
    void namesBuiltFromTheLoopVariableWithFStringsPercentAndFormatAreSubstituted() throws Exception {
        String source = withModuleLevel("PREFIX = \"ix\"", """
                for t in ("orders", "items"):
                    op.create_index(f"{PREFIX}_{t}_created", t, ["created_at"])
                    op.create_unique_constraint("uq_%s_code" % t, t, ["code"])
                    op.create_foreign_key("fk_{}_{owner}".format(t, owner="users"), t, "users", ["user_id"], ["id"])
                    op.create_index("ix_" + t + "_code", t, ["code"])
                """);
        int index = lineOf(source, "op.create_index(f");
        int unique = lineOf(source, "op.create_unique_constraint");
        int fk = lineOf(source, "op.create_foreign_key");
        int plus = lineOf(source, "op.create_index(\"ix_\"");
        List<Operation> expected = List.of(
                new CreateIndex("ix_orders_created", "orders", List.of("created_at"), false, index),
                new CreateUniqueConstraint("uq_orders_code", "orders", List.of("code"), unique),
                new CreateForeignKey("fk_orders_users", "orders", "users", List.of("user_id"), List.of("id"), fk),
                new CreateIndex("ix_orders_code", "orders", List.of("code"), false, plus),
                new CreateIndex("ix_items_created", "items", List.of("created_at"), false, index),
                new CreateUniqueConstraint("uq_items_code", "items", List.of("code"), unique),
                new CreateForeignKey("fk_items_users", "items", "users", List.of("user_id"), List.of("id"), fk),
                new CreateIndex("ix_items_code", "items", List.of("code"), false, plus));
        assertThat(read(source).operations()).containsExactlyElementsOf(expected);
    }

    @Test
    void nestedLoopsAndLoopsOverALiteralDictsItemsAreUnrolled() throws Exception {
        String source = withModuleLevel("COLUMNS = {\"orders\": \"total\", \"items\": \"price\"}", """
                for table, name in COLUMNS.items():
                    op.add_column(table, sa.Column(name, sa.Numeric()))
                for table in ("a", "b"):
                    for suffix in ("x", "y"):
                        op.add_column(table, sa.Column(f"{table}_{suffix}", sa.Text()))
                """);
        int items = lineOf(source, "op.add_column(table, sa.Column(name");
        int nested = lineOf(source, "op.add_column(table, sa.Column(f");
        assertThat(read(source).operations()).containsExactly(
                new AddColumn("orders", column("total", "numeric"), items),
                new AddColumn("items", column("price", "numeric"), items),
                new AddColumn("a", column("a_x", "text"), nested),
                new AddColumn("a", column("a_y", "text"), nested),
                new AddColumn("b", column("b_x", "text"), nested),
                new AddColumn("b", column("b_y", "text"), nested));
    }

    @Test
    void loopsTheReaderCannotUnrollStayUnknown() throws Exception {
        String source = withUpgrade("""
                inspector = sa.inspect(op.get_bind())
                for table in inspector.get_table_names():
                    op.add_column(table, sa.Column("a", sa.Text()))
                for table in ("x", "y"):
                    if table == "y":
                        break
                    op.add_column(table, sa.Column("b", sa.Text()))
                for table in {"p", "q"}:
                    op.add_column(table, sa.Column("c", sa.Text()))
                for n in (1, 2):
                    op.add_column("t", sa.Column(f"c{n:02d}", sa.Text()))
                """);
        List<String> described = read(source).operations().stream()
                .map(o -> o instanceof Unknown u ? u.description() : o.getClass().getSimpleName()).toList();
        assertThat(described).containsExactly(
                "op.add_column inside a for loop",
                "op.add_column inside a for loop",
                "op.add_column inside a for loop",
                "op.add_column: a column's name is not a string literal",
                "op.add_column: a column's name is not a string literal");
    }
}
