package io.medic.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/**
 * Why no automatic plan may be made: one record per kind of reason, with its data, so the planner
 * (risk, auto-approval), the notifier and the approval API read the reason as data and never parse
 * English. {@link #text()} is the one sentence for a person. Wire names live in {@link BlockerKind}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
public sealed interface Blocker {

    /** One sentence for a person: what is wrong and what decision it needs. */
    @JsonIgnore
    String text();

    /** This blocker's row in the blocker table. */
    @JsonIgnore
    default BlockerKind kind() {
        return BlockerKind.of(this);
    }

    /** Some of a revision's effects are in the database and some are not. */
    record PartiallyApplied(String revision, List<String> present, List<String> absent) implements Blocker {
        public PartiallyApplied {
            Require.text(revision, "revision");
            present = Require.list(present);
            absent = Require.list(absent);
        }

        @Override
        public String text() {
            return "revision " + revision + " is only partly applied (" + String.join("; ", present) + "; but "
                    + String.join("; ", absent) + "): finishing it by hand or undoing it is a human decision";
        }
    }

    /** The version table names revisions the migration files do not have. */
    record UnknownVersionRows(List<String> rows) implements Blocker {
        public UnknownVersionRows {
            rows = Require.list(rows);
        }

        @Override
        public String text() {
            return "the version table names " + String.join(", ", rows) + ", which the migration files do not have:"
                    + " the database was migrated by other code (a newer or different image)";
        }
    }

    /** A stamped revision's effects are absent, and running it again would destroy data. */
    record DestructiveRerun(String revision, List<String> destroys) implements Blocker {
        public DestructiveRerun {
            Require.text(revision, "revision");
            destroys = Require.list(destroys);
        }

        @Override
        public String text() {
            return "revision " + revision + " is stamped but its effects are absent; running it again would "
                    + String.join(", ", destroys) + ", which may hold data someone chose to keep";
        }
    }

    /**
     * A revision whose effect the schema cannot show (a data migration, a call Medic cannot read) would have
     * to be assumed run without evidence that out-of-order drift cannot fake.
     */
    record Unverifiable(String revision, String change, String why) implements Blocker {
        public Unverifiable {
            Require.text(revision, "revision");
            change = change == null ? "" : change;
            Require.text(why, "why");
        }

        @Override
        public String text() {
            return "whether " + revision + (change.isEmpty() ? "" : " (" + change + ")")
                    + " ran cannot be verified: " + why;
        }
    }

    /** The schema differs from every history of the migrations in a way no revision explains. */
    record UnexplainedDrift(String difference) implements Blocker {
        public UnexplainedDrift {
            Require.text(difference, "difference");
        }

        @Override
        public String text() {
            return "no set of revisions explains the schema: " + difference
                    + " (changed by hand, or by code outside the migrations)";
        }
    }

    /** The migrations have several heads and no branch labels, so {@code alembic upgrade head} fails. */
    record MultipleHeads(List<String> heads) implements Blocker {
        public MultipleHeads {
            heads = Require.list(heads);
        }

        @Override
        public String text() {
            return "the migrations have " + heads.size() + " heads (" + String.join(", ", heads)
                    + ") and no branch labels: `alembic upgrade head` fails with 'Multiple head revisions are"
                    + " present' until the code merges them (alembic merge heads)";
        }
    }

    /** Alembic itself would refuse, or is known to misbehave on, a command the plan needs. */
    record AlembicUnreliable(String detail) implements Blocker {
        public AlembicUnreliable {
            Require.text(detail, "detail");
        }

        @Override
        public String text() {
            return "no safe plan: " + detail;
        }
    }

    /** Replaying the plan, an operation of a revision would fail against the live schema. */
    record UpgradeWouldFail(String command, String revision, String failure) implements Blocker {
        public UpgradeWouldFail {
            Require.text(command, "command");
            Require.text(revision, "revision");
            Require.text(failure, "failure");
        }

        @Override
        public String text() {
            return "no safe plan: " + command + " would fail in " + revision + ": " + failure;
        }
    }

    /** The plan's proof by simulation does not hold (it would not end at head, or not with head's schema). */
    record Unproven(String failure) implements Blocker {
        public Unproven {
            Require.text(failure, "failure");
        }

        @Override
        public String text() {
            return "no safe plan: " + failure;
        }
    }

    /** The version table holds rows Alembic cannot work with (duplicates, NULLs, padded ids). */
    record InvalidVersionTable(List<String> rows, String problem) implements Blocker {
        public InvalidVersionTable {
            rows = Require.list(rows);
            Require.text(problem, "problem");
        }

        @Override
        public String text() {
            return "the version table cannot be used as it is: " + problem;
        }
    }

    /** The input could not be read (migration files, revision graph, database): the engine's BAD_INPUT. */
    record BadInput(String problem) implements Blocker {
        public BadInput {
            Require.text(problem, "problem");
        }

        @Override
        public String text() {
            return problem;
        }
    }

    /** The migration source named by {@code medic.io/migrations} could not be read at the image's commit. */
    record SourceUnavailable(String source, String problem) implements Blocker {
        public SourceUnavailable {
            Require.text(source, "source");
            Require.text(problem, "problem");
        }

        @Override
        public String text() {
            return "the migrations at " + source + " cannot be read: " + problem;
        }
    }

    /** A link the diagnosis needs is absent or unusable (a workload annotation, the database Secret). */
    record MissingLink(String link, String problem) implements Blocker {
        public MissingLink {
            Require.text(link, "link");
            Require.text(problem, "problem");
        }

        @Override
        public String text() {
            return link + ": " + problem;
        }
    }

    /** No diagnoser knows a remedy for the signature that fired. */
    record NoRemedy(String signature) implements Blocker {
        public NoRemedy {
            Require.text(signature, "signature");
        }

        @Override
        public String text() {
            return "Medic has no automatic remedy for " + signature + ": a person should look at the evidence";
        }
    }

    /** The database is ahead of the image and no commit of the migration source knows its revisions. */
    record NoImageKnowsRevisions(List<String> revisions, String source) implements Blocker {
        public NoImageKnowsRevisions {
            revisions = Require.list(revisions);
            Require.text(source, "source");
        }

        @Override
        public String text() {
            return "no commit of " + source + " has revision " + String.join(", ", revisions)
                    + ": the database was migrated by code Medic cannot find";
        }
    }

    /** The workload's image is managed by a GitOps controller: changing it in the cluster would be undone. */
    record ManagedByGitOps(String controller, String application) implements Blocker {
        public ManagedByGitOps {
            Require.text(controller, "controller");
            Require.text(application, "application");
        }

        @Override
        public String text() {
            return "the workload is managed by " + controller + " application " + application
                    + ": roll the image forward there, not in the cluster";
        }
    }
}
