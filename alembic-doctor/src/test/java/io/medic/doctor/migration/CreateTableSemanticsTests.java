package io.medic.doctor.migration;

import io.medic.doctor.graph.RevisionGraph;
import io.medic.doctor.reconcile.MigrationHistory;
import io.medic.doctor.schema.DatabaseTarget;
import io.medic.doctor.schema.Difference;
import io.medic.doctor.schema.SchemaComparison;
import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.doctor.schema.SnapshotReader;
import io.medic.testsupport.ThrowawayDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, rule 3: what {@code op.create_table} really makes, differentially. Each case is a generated
 * migration run by REAL Alembic on an empty database; the schema PostgreSQL then holds must be exactly the one the
 * reader and the simulator predict from the file, without running it (no difference either way): foreign keys with
 * {@code use_alter=True} are not created by {@code op.create_table} (only {@code metadata.create_all} emits them),
 * {@code index=True}/{@code unique=True} columns, constraint and index objects, enums, identities, comments.
 */
class CreateTableSemanticsTests {

    record Case(String name, String body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("use_alter on a ForeignKeyConstraint", """
                        op.create_table("child", sa.Column("id", sa.Integer(), nullable=False),
                            sa.Column("parent_id", sa.Integer(), nullable=True),
                            sa.ForeignKeyConstraint(["parent_id"], ["parent.id"], name="fk_child_parent", use_alter=True),
                            sa.PrimaryKeyConstraint("id"))
                        """),
                new Case("use_alter on a column's ForeignKey", """
                        op.create_table("child",
                            sa.Column("id", sa.Integer(), primary_key=True),
                            sa.Column("parent_id", sa.Integer(), sa.ForeignKey("parent.id", use_alter=True, name="fk_c_p")),
                            sa.Column("other_id", sa.Integer(), sa.ForeignKey("parent.id", ondelete="CASCADE")))
                        """),
                new Case("index=True and unique=True columns", """
                        op.create_table("child",
                            sa.Column("id", sa.Integer(), primary_key=True),
                            sa.Column("code", sa.String(length=16), unique=True),
                            sa.Column("rank", sa.Integer(), index=True),
                            sa.Column("slug", sa.String(length=16), index=True, unique=True))
                        """),
                new Case("UniqueConstraint and Index objects", """
                        op.create_table("child",
                            sa.Column("id", sa.Integer(), primary_key=True),
                            sa.Column("a", sa.Integer()),
                            sa.Column("b", sa.Integer()),
                            sa.UniqueConstraint("a", "b", name="uq_child_a_b"),
                            sa.UniqueConstraint("b"),
                            sa.Index("ix_child_a", "a"),
                            sa.Index("ix_child_b_unique", "b", unique=True))
                        """),
                new Case("Enum types, created or not", """
                        op.execute("CREATE TYPE made_before AS ENUM ('x', 'y')")
                        op.create_table("child",
                            sa.Column("id", sa.Integer(), primary_key=True),
                            sa.Column("state", sa.Enum("new", "done", name="child_state")),
                            sa.Column("kind", postgresql.ENUM("x", "y", name="made_before", create_type=False)),
                            sa.Column("flag", sa.Boolean(create_constraint=True, name="ck_flag")))
                        """),
                new Case("Identity, autoincrement, comment and server defaults", """
                        op.create_table("child",
                            sa.Column("id", sa.BigInteger(), sa.Identity(always=True), primary_key=True),
                            sa.Column("n", sa.Integer(), autoincrement=True, nullable=False, comment="a counter"),
                            sa.Column("at", sa.DateTime(), server_default=sa.text("now()"), nullable=False),
                            sa.Column("label", sa.Text(), server_default="none"),
                            comment="a table comment")
                        """),
                new Case("ON DELETE rules, also when a foreign key is made again with another", """
                        op.create_table("child",
                            sa.Column("id", sa.Integer(), primary_key=True),
                            sa.Column("a", sa.Integer(), sa.ForeignKey("parent.id", ondelete="set null")),
                            sa.Column("b", sa.Integer()),
                            sa.Column("c", sa.Integer()),
                            sa.ForeignKeyConstraint(["b"], ["parent.id"], name="fk_child_b", ondelete="RESTRICT"),
                            sa.ForeignKeyConstraint(["c"], ["parent.id"], name="fk_child_c"))
                        op.drop_constraint("fk_child_c", "child", type_="foreignkey")
                        op.create_foreign_key("fk_child_c", "child", "parent", ["c"], ["id"], ondelete="CASCADE")
                        """),
                new Case("schema= puts tables, columns and indexes in another schema, even under a compared table's name", """
                        op.execute("CREATE SCHEMA audit")
                        op.create_table("child", sa.Column("id", sa.Integer(), primary_key=True), schema="audit")
                        op.add_column("child", sa.Column("seen", sa.DateTime()), schema="audit")
                        op.create_index("ix_audit_child_seen", "child", ["seen"], schema="audit")
                        op.create_table("child",
                            sa.Column("id", sa.Integer(), primary_key=True),
                            sa.Column("audit_id", sa.Integer(), sa.ForeignKey("audit.child.id")))
                        op.alter_column("child", "seen", nullable=False, schema="audit")
                        op.create_unique_constraint("uq_audit_child_seen", "child", ["seen"], schema="audit")
                        """),
                new Case("a composite primary key of autoincrement columns", """
                        op.create_table("child",
                            sa.Column("a", sa.Integer(), primary_key=True),
                            sa.Column("b", sa.Integer(), primary_key=True, autoincrement=False))
                        """));
    }

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theSchemaRealAlembicMakesIsTheOneTheReaderPredicts(Case c) throws Exception {
        Path project = RealAlembic.emptyProject(work);
        Path versions = project.resolve("versions");
        Files.writeString(versions.resolve("p1_parent.py"), RealAlembic.revision("p1", null,
                "op.create_table(\"parent\", sa.Column(\"id\", sa.Integer(), primary_key=True))\n"));
        Files.writeString(versions.resolve("c1_case.py"), RealAlembic.revision("c1", "p1", c.body()));

        try (ThrowawayDatabase db = new ThrowawayDatabase("create_table " + c.name()).open()) {
            RealAlembic.alembic(project, db.url(), "upgrade", "head");
            SchemaSnapshot live = SnapshotReader.read(DatabaseTarget.parse(db.url()), "public");

            MigrationDirectory.Contents contents = MigrationDirectory.read(versions);
            assertThat(contents.errors()).isEmpty();
            List<Operation> unknown = contents.files().stream().flatMap(f -> f.operations().stream())
                    .filter(op -> op instanceof Operation.Unknown).toList();
            assertThat(unknown).as("the reader reads the whole case").isEmpty();
            MigrationHistory history = MigrationHistory.of(RevisionGraph.of(contents.files()));
            assertThat(history.inconsistencies()).isEmpty();
            List<Difference> differences = SchemaComparison.differences(history.headSchema(), live.model(),
                    List.of("parent", "child"));
            assertThat(differences).as(c.name()).isEmpty();
        }
    }
}
