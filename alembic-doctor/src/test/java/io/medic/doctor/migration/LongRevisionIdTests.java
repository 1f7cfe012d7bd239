package io.medic.doctor.migration;

import io.medic.doctor.AlembicDoctor;
import io.medic.doctor.Prescription;
import io.medic.events.Blocker;
import io.medic.events.Verdict;
import io.medic.testsupport.ThrowawayDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A revision id longer than {@code alembic_version.version_num} holds (Alembic creates it as VARCHAR(32)), with REAL
 * Alembic as the judge: it fails writing the id, after the revision's DDL, so Medic never proposes a plan that
 * stamps or upgrades through such an id; it plans it once the column has been widened, and real Alembic agrees.
 */
class LongRevisionIdTests {

    /** 40 characters: a valid Python string and a valid Alembic id, 8 more than the column holds. */
    private static final String LONG = "add_rank_to_items_for_the_spring_season_";

    @TempDir
    Path work;

    private Path project() throws Exception {
        Path project = RealAlembic.emptyProject(work);
        Path versions = project.resolve("versions");
        Files.writeString(versions.resolve("r1_items.py"), RealAlembic.revision("r1", null,
                "op.create_table(\"items\", sa.Column(\"id\", sa.Integer(), primary_key=True))"));
        Files.writeString(versions.resolve("r2_rank.py"), RealAlembic.revision(LONG, "r1",
                "op.add_column(\"items\", sa.Column(\"rank\", sa.Integer(), nullable=True))"));
        return project;
    }

    @Test
    void anUpgradeThroughAnIdTheVersionColumnCannotHoldIsRefusedUntilTheColumnIsWidened() throws Exception {
        assertThat(LONG).hasSize(40);
        Path project = project();
        try (ThrowawayDatabase db = new ThrowawayDatabase("long revision id").open()) {
            RealAlembic.alembic(project, db.url(), "upgrade", "r1");
            assertThatThrownBy(() -> RealAlembic.alembic(project, db.url(), "upgrade", "head"))
                    .as("real Alembic cannot write the id").hasMessageContaining("value too long for type character varying(32)");
            assertThat(db.column("SELECT version_num FROM alembic_version")).containsExactly("r1");

            Prescription refused = AlembicDoctor.diagnose(project.resolve("versions"), db.url(), "public");
            assertThat(refused.diagnosis().verdict()).as(refused.diagnosis().reason()).isEqualTo(Verdict.NEEDS_HUMAN);
            assertThat(refused.alembicCommands()).isEmpty();
            assertThat(refused.diagnosis().blockers()).singleElement().isInstanceOf(Blocker.UpgradeWouldFail.class);
            assertThat(refused.diagnosis().reason()).contains(LONG, "its id is 40 characters",
                    "alembic_version.version_num holds 32", "TYPE varchar(40)");

            db.execute("ALTER TABLE alembic_version ALTER COLUMN version_num TYPE varchar(64)");
            Prescription planned = AlembicDoctor.diagnose(project.resolve("versions"), db.url(), "public");
            assertThat(planned.diagnosis().verdict()).as(planned.diagnosis().reason()).isEqualTo(Verdict.AUTO_PLAN);
            assertThat(planned.alembicCommands()).containsExactly("alembic upgrade head");
            RealAlembic.alembic(project, db.url(), "upgrade", "head");
            assertThat(db.column("SELECT version_num FROM alembic_version")).containsExactly(LONG);
            assertThat(AlembicDoctor.diagnose(project.resolve("versions"), db.url(), "public").diagnosis().verdict())
                    .isEqualTo(Verdict.HEALTHY);
        }
    }

    @Test
    void aStampOfAnIdTheVersionColumnCannotHoldIsRefused() throws Exception {
        Path project = project();
        try (ThrowawayDatabase db = new ThrowawayDatabase("long revision id stamp").open()) {
            RealAlembic.alembic(project, db.url(), "upgrade", "r1");
            db.execute("ALTER TABLE items ADD COLUMN rank integer"); // the long revision applied by hand
            assertThatThrownBy(() -> RealAlembic.alembic(project, db.url(), "stamp", LONG))
                    .hasMessageContaining("value too long for type character varying(32)");

            Prescription p = AlembicDoctor.diagnose(project.resolve("versions"), db.url(), "public");
            assertThat(p.diagnosis().verdict()).as(p.diagnosis().reason()).isEqualTo(Verdict.NEEDS_HUMAN);
            assertThat(p.diagnosis().reason()).contains("alembic stamp " + LONG, "holds 32");
        }
    }
}
