package io.medic.doctor.migration;

import io.medic.doctor.AlembicDoctor;
import io.medic.doctor.Prescription;
import io.medic.events.Verdict;
import io.medic.testsupport.ThrowawayDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 17, item 3, beyond tables and indexes, with REAL Alembic as the judge: the revision a plan runs creates a
 * table, and its enum type, whose names the live catalog already holds as something no migration Medic reads made
 * (a view, a sequence, a materialized view, an enum type left behind). Real Alembic fails the upgrade; Medic never
 * proposes it, naming the object, and plans it once the object is gone.
 */
class CatalogCollisionTests {

    @TempDir
    Path work;

    private Path project() throws Exception {
        return project("""
                op.create_table("orders", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("state", sa.Enum("new", "paid", name="order_state"), nullable=False))
                """);
    }

    private Path project(String r2) throws Exception {
        Path project = RealAlembic.emptyProject(work);
        Path versions = project.resolve("versions");
        Files.writeString(versions.resolve("r1_items.py"), RealAlembic.revision("r1", null, """
                op.create_table("items", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("code", sa.Text()), sa.Column("parent_id", sa.Integer()))
                """));
        Files.writeString(versions.resolve("r2_change.py"), RealAlembic.revision("r2", "r1", r2));
        return project;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "CREATE VIEW orders AS SELECT id FROM items",
            "CREATE SEQUENCE orders",
            "CREATE MATERIALIZED VIEW orders AS SELECT id FROM items",
            "CREATE TYPE order_state AS ENUM ('new', 'paid')",
            "CREATE TYPE orders AS ENUM ('x')",
            "CREATE DOMAIN order_state AS text"})
    void anUpgradeCreatingANameTheCatalogAlreadyHoldsIsRefusedUntilItIsGone(String byHand) throws Exception {
        Path project = project();
        try (ThrowawayDatabase db = new ThrowawayDatabase("catalog collision").open()) {
            RealAlembic.alembic(project, db.url(), "upgrade", "r1");
            db.execute(byHand);
            assertThatThrownBy(() -> RealAlembic.alembic(project, db.url(), "upgrade", "head"))
                    .as("real Alembic fails").hasMessageContaining("already exists");

            Prescription refused = AlembicDoctor.diagnose(project.resolve("versions"), db.url(), "public");
            assertThat(refused.diagnosis().verdict()).as(refused.diagnosis().reason()).isEqualTo(Verdict.NEEDS_HUMAN);
            assertThat(refused.alembicCommands()).isEmpty();
            String name = byHand.contains("order_state") ? "order_state" : "orders";
            assertThat(refused.diagnosis().reason()).contains("alembic upgrade head", "r2", "\"" + name + "\" already exists");

            db.execute("DROP " + byHand.split(" ")[1].replace("MATERIALIZED", "MATERIALIZED VIEW") + " " + name);
            Prescription planned = AlembicDoctor.diagnose(project.resolve("versions"), db.url(), "public");
            assertThat(planned.alembicCommands()).as(planned.diagnosis().reason()).containsExactly("alembic upgrade head");
            RealAlembic.alembic(project, db.url(), "upgrade", "head");
            assertThat(AlembicDoctor.diagnose(project.resolve("versions"), db.url(), "public").diagnosis().verdict())
                    .as("the enum type the upgrade made is its own, not a collision").isEqualTo(Verdict.HEALTHY);
        }
    }

    /** A constraint by name on an existing table, where the table or the schema already holds that name. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "unique|op.create_unique_constraint('uq_items_code', 'items', ['code'])|CREATE INDEX uq_items_code ON items (id)|relation \"uq_items_code\" already exists",
            "unique by table|op.create_unique_constraint('uq_items_code', 'items', ['code'])|ALTER TABLE items ADD CONSTRAINT uq_items_code CHECK (id > 0)|constraint \"uq_items_code\" for relation \"items\" already exists",
            "foreign key|op.create_foreign_key('fk_items_parent', 'items', 'items', ['parent_id'], ['id'])|ALTER TABLE items ADD CONSTRAINT fk_items_parent CHECK (parent_id <> id)|constraint \"fk_items_parent\" for relation \"items\" already exists",
            "index named like a unique constraint|op.create_index('items_code_key', 'items', ['parent_id'])|ALTER TABLE items ADD UNIQUE (code)|relation \"items_code_key\" already exists"})
    void aNamedConstraintOrIndexWhoseNameIsTakenIsRefused(String spec) throws Exception {
        String[] parts = spec.split("\\|");
        Path project = project(parts[1] + "\n");
        try (ThrowawayDatabase db = new ThrowawayDatabase("constraint collision").open()) {
            RealAlembic.alembic(project, db.url(), "upgrade", "r1");
            db.execute(parts[2]);
            assertThatThrownBy(() -> RealAlembic.alembic(project, db.url(), "upgrade", "head"))
                    .as("real Alembic fails").hasMessageContaining(parts[3]);

            Prescription refused = AlembicDoctor.diagnose(project.resolve("versions"), db.url(), "public");
            assertThat(refused.diagnosis().verdict()).as(refused.diagnosis().reason()).isEqualTo(Verdict.NEEDS_HUMAN);
            assertThat(refused.diagnosis().reason()).contains("r2", parts[3]);
        }
    }
}
