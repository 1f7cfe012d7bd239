package io.medic.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.medic.events.schema.SchemaShape;

import java.time.Duration;
import java.util.List;

/**
 * One step of a plan. The planner only builds steps; the executor only runs them, one small
 * runner per type, chosen by a switch over this sealed type. Every writing step carries the
 * state it expects to find, so the runner can re-check it at execution time. Wire names live in
 * {@link StepType}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public sealed interface Step {

    /** One line for people: what the step does. */
    String describe();

    /** This step's row in the step table. */
    @JsonIgnore
    default StepType type() {
        return StepType.of(this);
    }

    /**
     * The Alembic command this step is, as one line a POSIX shell runs as exactly that command (arguments
     * quoted by {@link ShellWords}), or null for steps that are not Alembic commands.
     */
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
            return "alembic stamp " + (purge ? "--purge " : "") + ShellWords.join(revisions);
        }

        @Override
        public String describe() {
            return alembicCommand() + ": version table " + rows(expectVersionRows) + " -> " + rows(resultVersionRows);
        }
    }

    /**
     * {@code alembic upgrade TARGET}: runs exactly the revisions in {@link #applies}, in that order, from
     * the plan's migration container.
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
            return "alembic upgrade " + ShellWords.quote(target);
        }

        @Override
        public String describe() {
            return alembicCommand() + ": runs " + String.join(", ", applies);
        }
    }

    /** A rollout restart: the {@code kubectl.kubernetes.io/restartedAt} pod-template annotation patch. */
    record RestartWorkload(WorkloadRef workload) implements Step {
        public RestartWorkload {
            Require.present(workload, "workload");
        }

        @Override
        public String describe() {
            return "restart " + workload.kind() + " " + workload.key();
        }
    }

    /** The workload's new pods are Ready and their restart counts stay put for {@link #settle}. */
    record AwaitRollout(WorkloadRef workload, Duration timeout, Duration settle) implements Step {
        public AwaitRollout {
            Require.present(workload, "workload");
            Require.present(timeout, "timeout");
            settle = settle == null ? Duration.ZERO : settle;
        }

        @Override
        public String describe() {
            return "wait up to " + timeout.toSeconds() + "s for " + workload.key() + " to roll out and stay up for "
                    + settle.toSeconds() + "s";
        }
    }

    /** Every Ready pod of the workload answers {@code GET http://{podIP}:{port}{path}} with the status. */
    record VerifyHttp(WorkloadRef workload, int port, String path, int expectedStatus, Duration timeout)
            implements Step {
        public VerifyHttp {
            Require.present(workload, "workload");
            Require.text(path, "path");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path must start with '/': " + path);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            Require.present(timeout, "timeout");
        }

        @Override
        public String describe() {
            return "expect HTTP " + expectedStatus + " from " + path + " on port " + port + " of " + workload.key();
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

    /** Sets the image of one container of the workload's pod template; only ever on a person's approval. */
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
