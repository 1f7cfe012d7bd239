package io.medic.doctor;

import io.medic.doctor.migration.ColumnDef;
import io.medic.doctor.migration.MigrationFile;
import io.medic.doctor.migration.Operation;
import io.medic.doctor.schema.SchemaSnapshot;
import io.medic.events.Blocker;
import io.medic.events.RevisionRow;
import io.medic.events.RevisionState;
import io.medic.events.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.medic.doctor.Histories.add;
import static io.medic.doctor.Histories.basketball;
import static io.medic.doctor.Histories.col;
import static io.medic.doctor.Histories.data;
import static io.medic.doctor.Histories.graph;
import static io.medic.doctor.Histories.pk;
import static io.medic.doctor.Histories.rev;
import static io.medic.doctor.Histories.snapshot;
import static io.medic.doctor.Histories.table;
import static org.assertj.core.api.Assertions.assertThat;

class ReconciliationTests {

    private static final List<String> UP_TO_018 = List.of("001", "002", "003", "018");

    private static List<String> plus(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    private static Map<String, RevisionState> states(Prescription d) {
        return d.diagnosis().revisions().stream().collect(Collectors.toMap(RevisionRow::revision, RevisionRow::state));
    }

    private static Prescription diagnose(List<MigrationFile> files, SchemaSnapshot snapshot) {
        return Diagnostician.diagnose(graph(files), snapshot);
    }

    @Test
    void simplyBehindUpgradesToHead() {
        List<MigrationFile> files = basketball(false);
        Prescription d = diagnose(files, snapshot(files, List.of("001", "002", "003"), List.of("003")));
        assertThat(d.diagnosis().verdict()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(d.alembicCommands()).containsExactly("alembic upgrade head");
    }

    @Test
    void anEmptyDatabaseUpgradesToHead() {
        List<MigrationFile> files = basketball(true);
        Prescription d = diagnose(files, snapshot(files, List.of(), List.of()));
        assertThat(d.alembicCommands()).containsExactly("alembic upgrade head");
    }

    @Test
    void aVersionTableBehindTheSchemaIsStampedForward() {
        List<MigrationFile> files = basketball(false);
        Prescription d = diagnose(files, snapshot(files, plus(UP_TO_018, "019", "020", "021"), List.of("018")));
        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(d.alembicCommands()).containsExactly("alembic stamp 021", "alembic upgrade head");
        assertThat(states(d)).containsEntry("019", RevisionState.PRESENT_UNSTAMPED)
                .containsEntry("021", RevisionState.PRESENT_UNSTAMPED);
    }

    @Test
    void anEmptyVersionTableOverExistingTablesIsStamped() {
        List<MigrationFile> files = basketball(false);
        Prescription d = diagnose(files, snapshot(files, UP_TO_018, List.of()));
        assertThat(d.alembicCommands()).containsExactly("alembic stamp 018", "alembic upgrade head");
    }

    @Test
    void aVersionTableAheadOfTheSchemaIsStampedBackAndTheRevisionRunsAgain() {
        List<MigrationFile> files = basketball(false);
        Prescription d = diagnose(files, snapshot(files, plus(UP_TO_018, "019", "020", "021", "022", "023"),
                List.of("024")));
        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(d.alembicCommands()).containsExactly("alembic stamp 023", "alembic upgrade head");
        assertThat(states(d)).containsEntry("024", RevisionState.STAMPED_ABSENT);
        assertThat(d.diagnosis().reason()).isEqualTo("024 is stamped but absent");
        assertThat(d.diagnosis().reasoning()).contains("024 is stamped but its effects are absent: it must run again");
    }

    @Test
    void aRevisionMissingInTheMiddleRunsAloneBetweenStamps() {
        List<MigrationFile> files = basketball(false);
        Prescription d = diagnose(files, snapshot(files, plus(UP_TO_018, "019", "020", "022", "023", "024"),
                List.of("024")));
        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(d.alembicCommands()).containsExactly("alembic stamp 020", "alembic upgrade 021", "alembic stamp 024");
    }

    @Test
    void aPartlyAppliedRevisionNeedsAHuman() {
        List<MigrationFile> files = basketball(false);
        // the database got groupme_groups from 018 but someone dropped outbox
        SchemaSnapshot snap = snapshot(files, UP_TO_018, List.of("018"));
        io.medic.doctor.schema.Simulator.apply(snap.model(), new Operation.DropTable("outbox", 1), v -> { });
        Prescription d = diagnose(files, snap);
        assertThat(d.diagnosis().verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(states(d)).containsEntry("018", RevisionState.STAMPED_PARTIAL);
        assertThat(d.diagnosis().reason()).contains("018", "partly applied");
        assertThat(d.diagnosis().blockers()).containsExactly(new Blocker.PartiallyApplied("018",
                List.of("table groupme_groups exists"), List.of("table outbox is absent")));
        assertThat(d.alembicCommands()).isEmpty();
    }

    @Test
    void laterRevisionsThatRenameWhatEarlierOnesMadeDoNotConfuseIt() {
        List<MigrationFile> files = List.of(
                rev("a1", (String) null, table("people", pk("id"), col("nick", "text"))),
                rev("a2", "a1", new Operation.AlterColumn("people", "nick", null, null, false, "handle", 1)),
                rev("a3", "a2", new Operation.RenameTable("people", "members", 1)),
                rev("a4", "a3", add("members", col("email", "text"))));
        // a2 and a3 ran but the version table still says a1
        Prescription d = diagnose(files, snapshot(files, List.of("a1", "a2", "a3"), List.of("a1")));
        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(states(d)).containsEntry("a2", RevisionState.PRESENT_UNSTAMPED)
                .containsEntry("a3", RevisionState.PRESENT_UNSTAMPED).containsEntry("a4", RevisionState.MISSING);
        assertThat(d.alembicCommands()).containsExactly("alembic stamp a3", "alembic upgrade head");
    }

    @Test
    void aColumnAddedThenDroppedLeavesNoTraceAndTheVersionTableDecides() {
        List<MigrationFile> files = List.of(
                rev("b1", (String) null, table("t", pk("id"))),
                rev("b2", "b1", add("t", col("tmp", "text"))),
                rev("b3", "b2", new Operation.DropColumn("t", "tmp", 1)),
                rev("b4", "b3", add("t", col("kept", "text"))));
        Prescription d = diagnose(files, snapshot(files, List.of("b1", "b2", "b3"), List.of("b3")));
        assertThat(d.alembicCommands()).containsExactly("alembic upgrade head");
        assertThat(states(d)).containsEntry("b2", RevisionState.APPLIED).containsEntry("b3", RevisionState.APPLIED);
    }

    @Test
    void reRunningAStampedRevisionThatDropsAColumnNeedsAHuman() {
        List<MigrationFile> files = List.of(
                rev("c1", (String) null, table("t", pk("id"), col("old", "text"))),
                rev("c2", "c1", new Operation.DropColumn("t", "old", 1)));
        Prescription d = diagnose(files, snapshot(files, List.of("c1"), List.of("c2")));
        assertThat(d.diagnosis().verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(d.diagnosis().reason()).contains("c2", "drop column t.old");
        assertThat(states(d)).containsEntry("c2", RevisionState.STAMPED_ABSENT);
        assertThat(d.diagnosis().blockers()).containsExactly(new Blocker.DestructiveRerun("c2", List.of("drop column t.old")));
    }

    @Test
    void aDataMigrationThatMayHaveRunOutOfOrderNeedsAHuman() {
        List<MigrationFile> files = List.of(
                rev("d1", (String) null, table("t", pk("id"))),
                rev("d2", "d1", table("u", pk("id"))),
                rev("d3", "d2", data("UPDATE t SET ...")),
                rev("d4", "d3", add("t", col("x", "text"))));
        // d4 took effect out of order; d2 is missing; did d3 run? nobody can tell
        Prescription d = diagnose(files, snapshot(files, List.of("d1", "d4"), List.of("d1")));
        assertThat(d.diagnosis().verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(d.diagnosis().reason()).contains("d3");
        assertThat(states(d)).containsEntry("d3", RevisionState.UNVERIFIABLE_IN_DOUBT);
        assertThat(d.diagnosis().blockers()).containsExactly(new Blocker.Unverifiable("d3", "data migration UPDATE t SET ...",
                "revisions after it are present but [d2] before it are missing, so history ran out of order"));
    }

    @Test
    void aDataMigrationFollowedByAnUnstampedPresentRevisionNeedsAHuman() {
        List<MigrationFile> files = List.of(
                rev("e1", (String) null, table("t", pk("id"))),
                rev("e2", "e1", data("UPDATE t SET ...")),
                rev("e3", "e2", add("t", col("x", "text"))),
                rev("e4", "e3", add("t", col("y", "text"))));
        // e3 may have been applied by hand, out of order: stamping e3 would skip e2 for ever (issue 22)
        Prescription d = diagnose(files, snapshot(files, List.of("e1", "e3"), List.of()));
        assertThat(d.diagnosis().verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(d.alembicCommands()).isEmpty();
        assertThat(states(d)).containsEntry("e2", RevisionState.UNVERIFIABLE_IN_DOUBT)
                .containsEntry("e3", RevisionState.PRESENT_UNSTAMPED);
        assertThat(d.diagnosis().blockers()).containsExactly(new Blocker.Unverifiable("e2", "data migration UPDATE t SET ...",
                "its effect cannot be checked in the schema, and the version table does not imply it; revisions after it"
                        + " [e3] are present but not stamped, so they may have been applied by hand, out of order, without it"));
    }

    /** A schema change with a backfill beside it: the DDL alone may have been applied by hand (rule 5). */
    private static List<MigrationFile> withBackfill(Operation backfill) {
        return List.of(
                rev("m1", (String) null, table("t", pk("id"))),
                rev("m2", "m1", add("t", col("x", "text")), backfill),
                rev("m3", "m2", add("t", col("y", "text"))),
                rev("m4", "m3", add("t", col("z", "text"))));
    }

    @Test
    void aSchemaChangeWithDataWorkPresentButNotStampedNeedsAHumanNotAStamp() {
        List<MigrationFile> files = withBackfill(new Operation.Execute("op.execute(\"UPDATE t SET x = 'n/a'\")", 12));
        // x and y are there, the version table says m1: someone ran m2's ALTER (and m3) by hand, maybe without the UPDATE
        Prescription d = diagnose(files, snapshot(files, List.of("m1", "m2", "m3"), List.of("m1")));
        assertThat(d.diagnosis().verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(d.alembicCommands()).isEmpty();
        assertThat(states(d)).containsEntry("m2", RevisionState.UNVERIFIABLE_IN_DOUBT)
                .containsEntry("m3", RevisionState.PRESENT_UNSTAMPED);
        assertThat(d.diagnosis().blockers()).containsExactly(new Blocker.Unverifiable("m2",
                "adds t.x; data migration UPDATE t SET x = 'n/a'",
                "its schema change is present but the version table does not imply it, and its data work"
                        + " at line 12 cannot be checked in the schema: it may have been applied by hand without that part"));
        assertThat(d.diagnosis().reason()).contains("m2", "line 12");
    }

    @Test
    void aSchemaChangeBesideACallTheReaderCannotReadIsInDoubtTooAndSaysWhichCall() {
        List<MigrationFile> files = withBackfill(new Operation.Unknown("backfill_x(op)", 14));
        Prescription d = diagnose(files, snapshot(files, List.of("m1", "m2", "m3"), List.of("m1")));
        assertThat(d.diagnosis().verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(d.diagnosis().blockers()).singleElement().asString()
                .contains("m2", "unreadable backfill_x(op)", "call the reader cannot read at line 14");
    }

    @Test
    void aSchemaChangeWithDataWorkThatTheVersionTableImpliesIsTrustedAsRun() {
        List<MigrationFile> files = withBackfill(new Operation.Execute("UPDATE t SET x = 'n/a'", 12));
        Prescription d = diagnose(files, snapshot(files, List.of("m1", "m2", "m3"), List.of("m2")));
        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(d.alembicCommands()).containsExactly("alembic stamp m3", "alembic upgrade head");
        assertThat(states(d)).containsEntry("m2", RevisionState.APPLIED);
    }

    @Test
    void aSchemaChangeWithoutDataWorkPresentButNotStampedIsStampedAsBefore() {
        List<MigrationFile> files = List.of(
                rev("m1", (String) null, table("t", pk("id"))),
                rev("m2", "m1", add("t", col("x", "text"))),
                rev("m3", "m2", add("t", col("y", "text"))),
                rev("m4", "m3", add("t", col("z", "text"))));
        Prescription d = diagnose(files, snapshot(files, List.of("m1", "m2", "m3"), List.of("m1")));
        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(d.alembicCommands()).containsExactly("alembic stamp m3", "alembic upgrade head");
        assertThat(states(d)).containsEntry("m2", RevisionState.PRESENT_UNSTAMPED);
    }

    @Test
    void aDataMigrationTheVersionTableImpliesIsTrustedAsRun() {
        List<MigrationFile> files = List.of(
                rev("e1", (String) null, table("t", pk("id"))),
                rev("e2", "e1", data("UPDATE t SET ...")),
                rev("e3", "e2", add("t", col("x", "text"))),
                rev("e4", "e3", add("t", col("y", "text"))));
        Prescription d = diagnose(files, snapshot(files, List.of("e1", "e3"), List.of("e2")));
        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(d.alembicCommands()).containsExactly("alembic stamp e3", "alembic upgrade head");
        assertThat(states(d)).containsEntry("e2", RevisionState.UNVERIFIABLE_APPLIED);
    }

    @Test
    void aRevisionNeedingWhatAnUnreadableOperationMayHaveMadeIsNoContradiction() {
        // g2 adds column x to tables in a loop the reader cannot unroll; g3 indexes x: at head, that is healthy
        List<MigrationFile> files = List.of(
                rev("g1", (String) null, table("t", pk("id"))),
                rev("g2", "g1", new Operation.Unknown("op.add_column inside a for loop", 1)),
                rev("g3", "g2", new Operation.CreateIndex("ix_t_x", "t", List.of("x"), false, 1)));
        SchemaSnapshot built = snapshot(files, List.of("g1"), List.of("g3"));
        io.medic.doctor.schema.Simulator.apply(built.model(), add("t", col("x", "text")), v -> {
            throw new AssertionError(v);
        });
        io.medic.doctor.schema.Simulator.apply(built.model(), files.get(2).operations().get(0), v -> {
            throw new AssertionError(v);
        });
        Prescription d = diagnose(files, built);
        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason()).isEqualTo(Verdict.HEALTHY);
        assertThat(d.alembicCommands()).isEmpty();
        assertThat(d.diagnosis().reason()).doesNotContain("impossible");
    }

    @Test
    void twoHeadsWithoutBranchLabelsNeedAHuman() {
        List<MigrationFile> files = List.of(
                rev("f1", (String) null, table("t", pk("id"))),
                rev("f2", "f1", add("t", col("a", "text"))),
                rev("f3", "f1", add("t", col("b", "text"))));
        Prescription d = diagnose(files, snapshot(files, List.of("f1"), List.of("f1")));
        assertThat(d.diagnosis().verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(d.diagnosis().reason()).contains("2 heads");
        assertThat(d.diagnosis().blockers()).containsExactly(new Blocker.MultipleHeads(List.of("f2", "f3")));
    }

    @Test
    void twoVersionRowsOnBothBranchesUpgradeThroughTheMerge() {
        List<MigrationFile> files = basketball(true);
        Prescription d = diagnose(files, snapshot(files, plus(UP_TO_018, "019", "020"), List.of("019", "020")));
        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(d.alembicCommands()).containsExactly("alembic upgrade head");
    }

    @Test
    void redundantVersionRowsAreRewrittenBeforeAnyUpgrade() {
        List<MigrationFile> files = basketball(false);
        Prescription d = diagnose(files, snapshot(files, plus(UP_TO_018, "019", "020"), List.of("018", "020")));
        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(d.alembicCommands()).containsExactly("alembic stamp --purge 020", "alembic upgrade head");
    }

    @Test
    void aPlanCarriesItsPreconditionAndPostcondition() {
        List<MigrationFile> files = basketball(false);
        SchemaSnapshot snap = snapshot(files, plus(UP_TO_018, "020"), List.of("018"));
        Prescription d = diagnose(files, snap);
        var first = (io.medic.events.Step.VerifyPrecondition) d.steps().get(0);
        assertThat(first.versionRows()).containsExactly("018");
        assertThat(first.schemaFingerprint()).isEqualTo(snap.fingerprint());
        var last = (io.medic.events.Step.VerifyPostcondition) d.steps().get(d.steps().size() - 1);
        assertThat(last.versionRows()).containsExactly("024");
        assertThat(last.expectedSchema().table("players").orElseThrow().column("is_public")).isNotNull();
        assertThat(last.expectedSchema().table("player_teams")).isPresent();
    }

    @Test
    void aNullableColumnMadeNotNullByHandIsDriftNoRevisionExplains() {
        List<MigrationFile> files = List.of(
                rev("g1", (String) null, table("t", pk("id"), col("a", "text"))),
                rev("g2", "g1", add("t", col("b", "text"))));
        SchemaSnapshot snap = snapshot(files, List.of("g1"), List.of("g1"));
        io.medic.doctor.schema.Simulator.apply(snap.model(),
                new Operation.AlterColumn("t", "a", false, null, false, null, 1), v -> { });
        Prescription d = diagnose(files, snap);
        assertThat(d.diagnosis().verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(d.diagnosis().reason()).contains("t.a");
    }

    @Test
    void anExtraIndexNoMigrationMakesIsReportedButDoesNotBlock() {
        List<MigrationFile> files = List.of(
                rev("h1", (String) null, table("t", pk("id"), col("a", "text"))),
                rev("h2", "h1", add("t", col("b", "text"))));
        SchemaSnapshot snap = snapshot(files, List.of("h1"), List.of("h1"));
        io.medic.doctor.schema.Simulator.apply(snap.model(),
                new Operation.CreateIndex("ix_manual", "t", List.of("a"), false, 1), v -> { });
        Prescription d = diagnose(files, snap);
        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(d.alembicCommands()).containsExactly("alembic upgrade head");
        assertThat(d.diagnosis().warnings()).anyMatch(w -> w.contains("ix_manual"));
    }

    @Test
    void aMissingRevisionWhoseObjectAlreadyExistsCannotBePlanned() {
        List<MigrationFile> files = List.of(
                rev("i1", (String) null, table("t", pk("id"), col("a", "text"))),
                rev("i2", "i1", new Operation.CreateIndex("ix_t_a", "t", List.of("a"), false, 1),
                        add("t", new ColumnDef("b", "text", null, false, false, false, null))));
        SchemaSnapshot snap = snapshot(files, List.of("i1"), List.of("i1"));
        io.medic.doctor.schema.Simulator.apply(snap.model(),
                new Operation.CreateIndex("ix_t_a", "t", List.of("a"), false, 1), v -> { });
        Prescription d = diagnose(files, snap);
        assertThat(d.diagnosis().verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(states(d)).containsEntry("i2", RevisionState.PARTIAL);
    }

    @Test
    void aLaterRevisionHalfDoneByHandIsTheOnlyPartialOneNotTheRevisionsThatMadeItsTable() {
        List<MigrationFile> files = List.of(
                rev("a1", (String) null, table("accounts", pk("id"), col("email", "text"))),
                rev("a2", "a1", new Operation.RenameTable("accounts", "users", 1), add("users", col("name", "text"))),
                rev("a3", "a2", new Operation.AlterColumn("users", "name", false, null, false, null, 1),
                        new Operation.CreateUniqueConstraint("uq_users_email", "users", List.of("email"), 1)));
        // at a2, and someone ran a3's first half by hand: users.name NOT NULL, no unique constraint
        SchemaSnapshot snap = snapshot(files, List.of("a1", "a2"), List.of("a2"));
        io.medic.doctor.schema.Simulator.apply(snap.model(),
                new Operation.AlterColumn("users", "name", false, null, false, null, 1), v -> { });
        Prescription d = diagnose(files, snap);
        assertThat(d.diagnosis().verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(states(d)).containsEntry("a1", RevisionState.APPLIED).containsEntry("a2", RevisionState.APPLIED)
                .containsEntry("a3", RevisionState.PARTIAL);
        assertThat(d.diagnosis().reason()).contains("revision a3 is only partly applied").doesNotContain("revision a1", "revision a2");
        assertThat(d.alembicCommands()).isEmpty();
    }

    @Test
    void anEarlyRevisionMissingPartOfWhatItMadeIsPartialEvenWhenLaterOnesRenamedItsTable() {
        List<MigrationFile> files = List.of(
                rev("b1", (String) null, table("accounts", pk("id"), col("email", "text")),
                        new Operation.CreateIndex("ix_accounts_email", "accounts", List.of("email"), false, 1)),
                rev("b2", "b1", new Operation.RenameTable("accounts", "users", 1)),
                rev("b3", "b2", add("users", col("name", "text"))));
        SchemaSnapshot snap = snapshot(files, List.of("b1", "b2"), List.of("b2"));
        io.medic.doctor.schema.Simulator.apply(snap.model(), new Operation.DropIndex("ix_accounts_email", "users", 1), v -> { });
        Prescription d = diagnose(files, snap);
        assertThat(d.diagnosis().verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
        // b2 only renamed the table: the index is not its
        assertThat(states(d)).containsEntry("b1", RevisionState.STAMPED_PARTIAL).containsEntry("b2", RevisionState.APPLIED)
                .containsEntry("b3", RevisionState.MISSING);
        assertThat(d.diagnosis().reason()).doesNotContain("revision b2");
        assertThat(d.diagnosis().reason()).contains("ix_accounts_email");
    }

    @Test
    void aMergeThatNamesARevisionAndItsAncestorIsNotPlannedAround() {
        // real Alembic 1.8 fails half way through such a graph (KeyError in its head bookkeeping)
        List<MigrationFile> files = List.of(
                rev("m0", (String) null, table("a", pk("id"))),
                rev("m1", "m0", table("b", pk("id"))),
                rev("m2", List.of("m0", "m1"), table("c", pk("id"))));
        Prescription d = diagnose(files, snapshot(files, List.of("m0"), List.of("m0")));
        assertThat(d.diagnosis().verdict()).isEqualTo(Verdict.NEEDS_HUMAN);
        assertThat(d.diagnosis().reason()).contains("m2 names both m1 and its ancestor m0");
        assertThat(d.diagnosis().blockers()).singleElement().isInstanceOf(Blocker.AlembicUnreliable.class);
    }

    @Test
    void aRenameInAnotherSchemaIsLeftAloneLikeEveryOperationThere() {
        List<MigrationFile> files = List.of(
                rev("s1", (String) null, table("t", pk("id")), table("audit.log", pk("id"))),
                rev("s2", "s1", new Operation.RenameTable("audit.log", "audit.entries", 1)),
                rev("s3", "s2", add("t", col("x", "text"))));
        Prescription d = diagnose(files, snapshot(files, List.of("s1", "s2"), List.of("s2")));
        assertThat(d.diagnosis().verdict()).as(d.diagnosis().reason()).isEqualTo(Verdict.AUTO_PLAN);
        assertThat(d.alembicCommands()).containsExactly("alembic upgrade head");
    }

    @Test
    void aStampedDataMigrationIsTrustedAsRunAndSaysSo() {
        List<MigrationFile> files = basketball(false);
        List<String> all = files.stream().map(MigrationFile::revision).toList();
        Prescription d = diagnose(files, snapshot(files, all, List.of("024")));
        assertThat(d.diagnosis().verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(states(d)).containsEntry("023", RevisionState.UNVERIFIABLE_APPLIED)
                .containsEntry("024", RevisionState.APPLIED);
        assertThat(d.diagnosis().revisions()).allMatch(r -> r.state().effectPresent() && r.state().stamped());
    }
}
