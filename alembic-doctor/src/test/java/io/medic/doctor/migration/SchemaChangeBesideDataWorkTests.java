package io.medic.doctor.migration;

import io.medic.doctor.AlembicDoctor;
import io.medic.doctor.Prescription;
import io.medic.events.RevisionRow;
import io.medic.events.RevisionState;
import io.medic.events.Verdict;
import io.medic.testsupport.ThrowawayDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rule 5 with REAL Alembic as the judge: a revision that adds a column and backfills it ({@code op.execute}) whose
 * ALTER was run by hand, out of order, without the UPDATE. Its visible part is no evidence that the rest ran: the
 * engine asks a person, naming the revision and the backfill's line, where it used to stamp. What stamping would
 * have done is shown too: real Alembic reports success at head and the column stays empty for ever.
 */
class SchemaChangeBesideDataWorkTests {

    @TempDir
    Path work;

    private Path project() throws Exception {
        Path project = RealAlembic.emptyProject(work);
        Path versions = project.resolve("versions");
        Files.writeString(versions.resolve("r1_items.py"), RealAlembic.revision("r1", null, """
                op.create_table("items", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("name", sa.Text(), nullable=False))
                """));
        Files.writeString(versions.resolve("r2_label.py"), RealAlembic.revision("r2", "r1", """
                op.add_column("items", sa.Column("label", sa.Text(), nullable=True))
                op.execute("UPDATE items SET label = upper(name)")
                """));
        Files.writeString(versions.resolve("r3_rank.py"), RealAlembic.revision("r3", "r2", """
                op.add_column("items", sa.Column("rank", sa.Integer(), nullable=True))
                """));
        Files.writeString(versions.resolve("r4_extra.py"), RealAlembic.revision("r4", "r3", """
                op.add_column("items", sa.Column("extra", sa.Text(), nullable=True))
                """));
        return project;
    }

    @Test
    void aSchemaChangeAppliedByHandWithoutItsBackfillIsAPersonsCallNotAStamp() throws Exception {
        Path project = project();
        try (ThrowawayDatabase db = new ThrowawayDatabase("ddl without backfill").open()) {
            RealAlembic.alembic(project, db.url(), "upgrade", "r1");
            db.execute("INSERT INTO items (id, name) VALUES (1, 'guard'), (2, 'center')",
                    // by hand, out of order: r2's ALTER without its UPDATE, and r3
                    "ALTER TABLE items ADD COLUMN label text", "ALTER TABLE items ADD COLUMN rank integer");

            Prescription p = AlembicDoctor.diagnose(project.resolve("versions"), db.url(), "public");

            assertThat(p.diagnosis().verdict()).as(p.diagnosis().reason()).isEqualTo(Verdict.NEEDS_HUMAN);
            assertThat(p.alembicCommands()).isEmpty();
            assertThat(p.diagnosis().revisions()).filteredOn(r -> r.revision().equals("r2")).singleElement()
                    .extracting(RevisionRow::state).isEqualTo(RevisionState.UNVERIFIABLE_IN_DOUBT);
            assertThat(p.diagnosis().reason()).contains("r2", "UPDATE items SET label = upper(name)", "data work at line 11",
                    "applied by hand without that part");

            // what the plan used to be (stamp r3, the schema explains it; upgrade head) leaves label empty, and
            // real Alembic calls it a success
            RealAlembic.alembic(project, db.url(), "stamp", "r3");
            RealAlembic.alembic(project, db.url(), "upgrade", "head");
            assertThat(db.column("SELECT version_num FROM alembic_version")).containsExactly("r4");
            assertThat(db.column("SELECT count(*)::text FROM items WHERE label IS NULL")).containsExactly("2");
        }
    }

    @Test
    void theSameSchemaWithTheVersionTableAtTheBackfilledRevisionIsPlanned() throws Exception {
        Path project = project();
        try (ThrowawayDatabase db = new ThrowawayDatabase("backfilled").open()) {
            RealAlembic.alembic(project, db.url(), "upgrade", "r1");
            db.execute("INSERT INTO items (id, name) VALUES (1, 'guard')");
            RealAlembic.alembic(project, db.url(), "upgrade", "r2"); // with its backfill, and stamped
            db.execute("ALTER TABLE items ADD COLUMN rank integer"); // r3 by hand

            Prescription p = AlembicDoctor.diagnose(project.resolve("versions"), db.url(), "public");

            assertThat(p.diagnosis().verdict()).as(p.diagnosis().reason()).isEqualTo(Verdict.AUTO_PLAN);
            assertThat(p.alembicCommands()).containsExactly("alembic stamp r3", "alembic upgrade head");
            for (String command : p.alembicCommands()) {
                String[] words = command.substring("alembic ".length()).split(" ");
                RealAlembic.alembic(project, db.url(), words);
            }
            assertThat(db.column("SELECT version_num FROM alembic_version")).containsExactly("r4");
            assertThat(db.column("SELECT label FROM items")).containsExactly("GUARD");
        }
    }
}
