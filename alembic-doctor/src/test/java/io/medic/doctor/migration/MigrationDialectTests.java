package io.medic.doctor.migration;

import io.medic.doctor.migration.Operation.AddColumn;
import io.medic.doctor.migration.Operation.CreateForeignKey;
import io.medic.doctor.migration.Operation.DropConstraint;
import io.medic.doctor.migration.Operation.Unknown;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.medic.doctor.migration.Revisions.read;
import static io.medic.doctor.migration.Revisions.withUpgrade;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions on the database dialect are decided for PostgreSQL (issue 22, rule 2): the branch PostgreSQL takes is
 * read like any other code, the others are not; a condition the reader cannot decide keeps its branch unknown.
 */
class MigrationDialectTests {

    private static List<String> described(String source) throws MigrationParseException {
        return read(source).operations().stream().map(o -> switch (o) {
            case Unknown u -> "unknown: " + u.description();
            case AddColumn a -> "add " + a.table() + "." + a.column().name();
            case DropConstraint d -> "drop constraint " + d.name();
            case CreateForeignKey f -> "create fk " + f.name();
            default -> o.getClass().getSimpleName();
        }).toList();
    }

    private static String withHelper(String helper, String body) {
        return withUpgrade(body).replace("\n\ndef upgrade():", "\n\n" + helper + "\n\n\ndef upgrade():");
    }

    @Test
    void theFormsOfADialectTestAreDecidedForPostgresql() throws Exception {
        String source = withUpgrade("""
                bind = op.get_bind()
                if op.get_bind().dialect.name == "postgresql":
                    op.add_column("t", sa.Column("a", sa.Text()))
                if bind.dialect.name != "postgresql":
                    op.add_column("t", sa.Column("not_a", sa.Text()))
                else:
                    op.add_column("t", sa.Column("b", sa.Text()))
                if op.get_context().dialect.name in ("postgresql", "mysql"):
                    op.add_column("t", sa.Column("c", sa.Text()))
                if bind.engine.name == "sqlite":
                    op.add_column("t", sa.Column("not_d", sa.Text()))
                elif bind.engine.name not in ["mysql"]:
                    op.add_column("t", sa.Column("d", sa.Text()))
                url = str(op.get_bind().engine.url)
                if url.startswith("postgres"):
                    op.drop_constraint("fk_t_u", "t", type_="foreignkey")
                    op.create_foreign_key("fk_t_u", "t", "u", ["u_id"], ["id"], ondelete="CASCADE")
                if not context.get_context().dialect.name.startswith("sqlite") and bind.dialect.name == "postgresql":
                    op.add_column("t", sa.Column("e", sa.Text()))
                if url.startswith("sqlite") is False:
                    op.add_column("t", sa.Column("f", sa.Text()))
                if (bind.dialect.name == "mysql") == True:
                    op.add_column("t", sa.Column("not_g", sa.Text()))
                """).replace("from alembic import op", "from alembic import context, op");
        assertThat(described(source)).containsExactly("add t.a", "add t.b", "add t.c", "add t.d",
                "drop constraint fk_t_u", "create fk fk_t_u", "add t.e", "add t.f");
    }

    @Test
    void anEarlyReturnOnOtherDatabasesIsNotTakenOnPostgresql() throws Exception {
        String source = withUpgrade("""
                if op.get_context().dialect.name != "postgresql":
                    return
                op.add_column("t", sa.Column("a", sa.Text()))
                if op.get_bind().dialect.name == "postgresql":
                    op.add_column("t", sa.Column("b", sa.Text()))
                    return
                op.add_column("t", sa.Column("never", sa.Text()))
                """);
        assertThat(described(source)).containsExactly("add t.a", "add t.b");
    }

    @Test
    void aHelperOfTheFileThatReturnsADialectTestIsDecidedToo() throws Exception {
        String source = withHelper("""
                def is_postgres():
                    \"\"\"True on PostgreSQL.\"\"\"
                    return op.get_context().dialect.name == "postgresql"


                def is_sqlite():
                    return op.get_bind().dialect.name == "sqlite\"""", """
                if is_postgres():
                    op.add_column("t", sa.Column("pg", sa.Text()))
                if is_sqlite():
                    op.add_column("t", sa.Column("lite", sa.Text()))
                """);
        assertThat(described(source)).containsExactly("add t.pg");
    }

    @Test
    void aConditionTheReaderCannotDecideKeepsItsBranchesUnknown() throws Exception {
        String source = withUpgrade("""
                bind = op.get_bind()
                url = str(bind.engine.url)
                if url.startswith("postgresql+asyncpg"):
                    op.add_column("t", sa.Column("a", sa.Text()))
                if bind.dialect.server_version_info >= (12,):
                    op.add_column("t", sa.Column("b", sa.Text()))
                if bind.dialect.name == "postgresql" and has_table("x"):
                    op.add_column("t", sa.Column("c", sa.Text()))
                """);
        assertThat(described(source)).containsExactly(
                "unknown: op.add_column inside an if statement",
                "unknown: op.add_column inside an if statement",
                "unknown: op.add_column inside an if statement");
    }
}
