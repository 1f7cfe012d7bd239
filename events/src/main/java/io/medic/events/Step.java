package io.medic.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.medic.events.schema.SchemaShape;

import java.time.Duration;
import java.util.List;

/**
 * One step of a plan. The planner only builds steps; the executor only runs them, one small
 * runner per type, chosen by a switch over this sealed type. Every writing step carries the
 * state it expects to find, so the runner can re-check it at execution time.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Step.VerifyPrecondition.class, name = "verify-precondition"),
        @JsonSubTypes.Type(value = Step.AlembicStamp.class, name = "alembic-stamp"),
        @JsonSubTypes.Type(value = Step.AlembicUpgrade.class, name = "alembic-upgrade"),
        @JsonSubTypes.Type(value = Step.RestartWorkload.class, name = "restart-workload"),
        @JsonSubTypes.Type(value = Step.AwaitRollout.class, name = "await-rollout"),
        @JsonSubTypes.Type(value = Step.VerifyHttp.class, name = "verify-http"),
        @JsonSubTypes.Type(value = Step.VerifyPostcondition.class, name = "verify-postcondition"),
        @JsonSubTypes.Type(value = Step.RollForwardImage.class, name = "roll-forward-image")
})
public sealed interface Step {

    /** One line for people: what the step does. */
    String describe();

    /** The Alembic command this step is, or null for steps that are not Alembic commands. */
    default String alembicCommand() {
        return null;
    }

    /** The database must hold exactly these version rows and this schema before anything is written. */
    record VerifyPrecondition(List<String> versionRows, String schemaFingerprint) implements Step {
        public VerifyPrecondition {
            versionRows = Require.list(versionRows);
            Require.text(schemaFingerprint, "schemaFingerprint");
        }

        @Override
        public String describe() {
            return "check the version table is " + rows(versionRows) + " and the schema fingerprint is "
                    + schemaFingerprint.substring(0, Math.min(12, schemaFingerprint.length()));
        }
    }

    /**
     * {@code alembic stamp [--purge] REV...}: rewrites the version table only, runs no migration.
     * Expects {@link #expectVersionRows} before and leaves {@link #resultVersionRows}.
     */
    record AlembicStamp(List<String> revisions, boolean purge, List<String> expectVersionRows,
                        List<String> resultVersionRows) implements Step {
        public AlembicStamp {
            revisions = Require.list(revisions);
            if (revisions.isEmpty()) {
                throw new IllegalArgumentException("missing required field 'revisions'");
            }
            expectVersionRows = Require.list(expectVersionRows);
            resultVersionRows = Require.list(resultVersionRows);
        }

        @Override
        public String alembicCommand() {
            return "alembic stamp " + (purge ? "--purge " : "") + String.join(" ", revisions);
        }

        @Override
        public String describe() {
            return alembicCommand() + ": version table " + rows(expectVersionRows) + " -> " + rows(resultVersionRows);
        }
    }

    /**
     * {@code alembic upgrade TARGET}: runs exactly the revisions in {@link #applies}, in that order.
     */
    record AlembicUpgrade(String target, List<String> expectVersionRows, List<String> applies,
                          List<String> resultVersionRows) implements Step {
        public AlembicUpgrade {
            Require.text(target, "target");
            expectVersionRows = Require.list(expectVersionRows);
            applies = Require.list(applies);
            resultVersionRows = Require.list(resultVersionRows);
        }

        @Override
        public String alembicCommand() {
            return "alembic upgrade " + target;
        }

        @Override
        public String describe() {
            return alembicCommand() + ": runs " + String.join(", ", applies);
        }
    }

    record RestartWorkload(WorkloadRef workload) implements Step {
        public RestartWorkload {
            Require.present(workload, "workload");
        }

        @Override
        public String describe() {
            return "restart " + workload.kind() + " " + workload.key();
        }
    }

    record AwaitRollout(WorkloadRef workload, Duration timeout) implements Step {
        public AwaitRollout {
            Require.present(workload, "workload");
            Require.present(timeout, "timeout");
        }

        @Override
        public String describe() {
            return "wait up to " + timeout.toSeconds() + "s for " + workload.key() + " to roll out";
        }
    }

    record VerifyHttp(String url, int expectedStatus, Duration timeout) implements Step {
        public VerifyHttp {
            Require.text(url, "url");
            Require.present(timeout, "timeout");
        }

        @Override
        public String describe() {
            return "expect HTTP " + expectedStatus + " from " + url;
        }
    }

    /** After the migrations: exactly these version rows, and the schema head's migrations describe. */
    record VerifyPostcondition(List<String> versionRows, SchemaShape expectedSchema, String schemaFingerprint)
            implements Step {
        public VerifyPostcondition {
            versionRows = Require.list(versionRows);
            Require.present(expectedSchema, "expectedSchema");
            Require.text(schemaFingerprint, "schemaFingerprint");
        }

        @Override
        public String describe() {
            return "check the version table is " + rows(versionRows) + " and the schema matches head ("
                    + expectedSchema.tables().size() + " tables)";
        }
    }

    record RollForwardImage(WorkloadRef workload, String container, String fromImage, String toImage)
            implements Step {
        public RollForwardImage {
            Require.present(workload, "workload");
            Require.text(container, "container");
            Require.text(toImage, "toImage");
        }

        @Override
        public String describe() {
            return "set image of " + workload.key() + "/" + container + " from " + fromImage + " to " + toImage;
        }
    }

    private static String rows(List<String> rows) {
        return rows.isEmpty() ? "(empty)" : "{" + String.join(", ", rows) + "}";
    }
}
