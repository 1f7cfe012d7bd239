package io.medic.doctor.migration;

import io.medic.doctor.migration.Operation.Unknown;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.medic.doctor.migration.Revisions.lineOf;
import static io.medic.doctor.migration.Revisions.read;
import static io.medic.doctor.migration.Revisions.withUpgrade;
import static org.assertj.core.api.Assertions.assertThat;

/** What the reader cannot vouch for is reported as Unknown, at its line, and never applied silently. */
class MigrationUnknownTests {

    private static List<String> described(String source) throws MigrationParseException {
        return read(source).operations().stream()
                .map(o -> o instanceof Unknown u ? u.line() + " " + u.description()
                        : o.line() + " " + o.getClass().getSimpleName())
                .toList();
    }

    @Test
    void operationsUnderControlFlowAreUnknownWithWhy() throws Exception {
        String source = withUpgrade("""
                bind = op.get_bind()
                inspector = sa.inspect(bind)
                if "custom_notes" not in [c["name"] for c in inspector.get_columns("players")]:
                    op.add_column("players", sa.Column("custom_notes", sa.Text()))
                else:
                    op.execute("UPDATE players SET custom_notes = ''")
                for table in inspector.get_table_names():
                    op.drop_table(table)
                while False:
                    op.drop_table("w")
                try:
                    op.create_index("ix", "t", ["c"])
                except Exception:
                    pass
                with open("x") as fh:
                    op.drop_column("t", "c")
                match bind.dialect.name:
                    case "postgresql":
                        op.drop_table("m")
                """);
        assertThat(described(source)).containsExactly(
                lineOf(source, "op.add_column") + " op.add_column inside an if statement",
                lineOf(source, "op.execute") + " Execute",
                lineOf(source, "op.drop_table(table)") + " op.drop_table inside a for loop",
                lineOf(source, "op.drop_table(\"w\")") + " op.drop_table inside a while loop",
                lineOf(source, "op.create_index") + " op.create_index inside a try statement",
                lineOf(source, "op.drop_column") + " op.drop_column inside a with statement",
                lineOf(source, "op.drop_table(\"m\")") + " op.drop_table inside a match statement");
    }

    @Test
    void unknownCallsAndUnknownOpMethodsAreUnknownButDoNotStopTheReader() throws Exception {
        String source = """
                from alembic import op
                import sqlalchemy as sa
                from app.migrations import add_audit_columns

                revision = "r"
                down_revision = None


                def _timestamps():
                    return [sa.Column("created_at", sa.DateTime())]


                def upgrade():
                    add_audit_columns("players")
                    op.create_exclude_constraint("ex", "t", ("period", "&&"))
                    op.create_table("t", sa.Column("id", sa.Integer()), *_timestamps())
                    op.add_column(TABLE_NAME_FROM_NOWHERE, sa.Column("x", sa.Integer()))
                    op.create_index("ix", f"{prefix}_t", ["a"])
                    op.add_column("t", make_column())
                    print("done")
                    op.batch_alter_table("t")
                    op.drop_table("still_read")
                    op.create_check_constraint("ck", "t", "id > 0")
                """;
        assertThat(described(source)).containsExactly(
                lineOf(source, "add_audit_columns(\"") + " call to add_audit_columns(): the reader cannot see what it does",
                lineOf(source, "op.create_exclude") + " op.create_exclude_constraint is not an operation the reader knows",
                lineOf(source, "op.create_table") + " CreateTable",
                lineOf(source, "op.create_table") + " op.create_table(\"t\"): unpacked arguments (*args/**kwargs)",
                lineOf(source, "TABLE_NAME_FROM") + " op.add_column: the table name is not a string literal",
                lineOf(source, "f\"{prefix}") + " op.create_index: the table name is not a string literal",
                lineOf(source, "make_column") + " op.add_column: the column is not a sa.Column(...) the reader can read",
                lineOf(source, "print") + " call to print(): the reader cannot see what it does",
                lineOf(source, "op.batch_alter_table(\"t\")") + " op.batch_alter_table outside a with statement",
                lineOf(source, "still_read") + " DropTable");
    }

    @Test
    void helperFunctionsDefinedInTheFileAreUnknownWhereverTheyAreCalled() throws Exception {
        String source = """
                from alembic import op
                import sqlalchemy as sa

                revision = "r"
                down_revision = None


                def add_flag(table):
                    op.add_column(table, sa.Column("flag", sa.Boolean()))


                def upgrade():
                    def local(): op.drop_table("x")
                    result = add_flag("players")
                    local()
                    if sa.inspect(op.get_bind()).has_table("teams"):
                        add_flag("teams")
                    x = op.drop_table("y") if False else None
                """;
        assertThat(described(source)).containsExactly(
                lineOf(source, "result = ") + " call to add_flag(): the reader cannot see what it does",
                lineOf(source, "    local()") + " call to local(): the reader cannot see what it does",
                lineOf(source, "add_flag(\"teams\")") + " call to add_flag() inside an if statement: the reader cannot see what it does",
                lineOf(source, "x = op.drop_table") + " op.drop_table inside an expression");
    }

    @Test
    void aConditionalReturnOrATopLevelRaiseIsReported() throws Exception {
        String source = withUpgrade("""
                if not sa.inspect(op.get_bind()).has_table("t"):
                    return
                op.drop_table("t")
                raise RuntimeError("run this one by hand")
                op.drop_table("never")
                """);
        assertThat(described(source)).containsExactly(
                lineOf(source, "return") + " return inside an if statement: the operations after it may not run",
                lineOf(source, "op.drop_table(\"t\")") + " DropTable",
                lineOf(source, "raise") + " upgrade() raises an exception");
    }

    @Test
    void batchOperationsOnAnUnreadableTableAreUnknown() throws Exception {
        String source = withUpgrade("""
                for name in TABLES:
                    with op.batch_alter_table(name) as b:
                        b.drop_column("x")
                with op.batch_alter_table(TABLE_FROM_ELSEWHERE) as b:
                    b.drop_column("y")
                """);
        assertThat(described(source)).containsExactly(
                lineOf(source, "batch_alter_table(name)") + " op.batch_alter_table: the table name is not a string literal",
                lineOf(source, "b.drop_column(\"x\")") + " b.drop_column inside a for loop",
                lineOf(source, "batch_alter_table(TABLE") + " op.batch_alter_table: the table name is not a string literal",
                lineOf(source, "b.drop_column(\"y\")") + " b.drop_column on a batch whose table name cannot be read");
    }
}
