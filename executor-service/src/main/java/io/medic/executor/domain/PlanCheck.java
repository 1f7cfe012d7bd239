package io.medic.executor.domain;

import io.medic.events.ContainerKind;
import io.medic.events.Plan;
import io.medic.events.RevisionRow;
import io.medic.events.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a plan's steps can be trusted as data before anything runs: every revision id they name is one
 * its own diagnosis read from the migration files (and fits {@code alembic_version.version_num}); a plan
 * that touches the database names one, with a usable schema name; a migration has a container to run from.
 * Plan text never reaches SQL (ids are bound, the schema is quoted), but a plan that names what its
 * diagnosis does not know was not made by the engine, and is refused.
 */
public final class PlanCheck {

    /** Alembic's version_num is VARCHAR(32); ids are the engine's tokens, no spaces or quotes. */
    private static final String REVISION_ID = "[A-Za-z0-9_.\\-]{1,32}";
    private static final Set<String> UPGRADE_TARGETS = Set.of("head", "heads");

    private PlanCheck() {
    }

    public static Optional<String> problem(Plan plan) {
        Set<String> known = plan.diagnosis().revisions().stream().map(RevisionRow::revision)
                .collect(Collectors.toSet());
        boolean database = false;
        boolean migrates = false;
        for (Step step : plan.steps()) {
            List<String> named = new ArrayList<>();
            switch (step) {
                case Step.VerifyPrecondition s -> {
                    database = true;
                    named.addAll(s.versionRows());
                }
                case Step.AlembicStamp s -> {
                    database = true;
                    s.revisions().stream().filter(r -> !r.equals("base")).forEach(named::add);
                    named.addAll(s.expectVersionRows());
                    named.addAll(s.resultVersionRows());
                }
                case Step.AlembicUpgrade s -> {
                    database = true;
                    migrates = true;
                    if (!UPGRADE_TARGETS.contains(s.target())) {
                        named.add(s.target());
                    }
                    named.addAll(s.expectVersionRows());
                    named.addAll(s.applies());
                    named.addAll(s.resultVersionRows());
                }
                case Step.VerifyPostcondition s -> {
                    database = true;
                    named.addAll(s.versionRows());
                }
                case Step.RestartWorkload s -> {
                }
                case Step.AwaitRollout s -> {
                }
                case Step.VerifyHttp s -> {
                }
                case Step.RollForwardImage s -> {
                }
            }
            for (String revision : named) {
                if (!revision.matches(REVISION_ID)) {
                    return Optional.of("step '" + step.type().wireName() + "' names a revision id that is not one: '"
                            + printable(revision) + "'");
                }
                if (!known.contains(revision)) {
                    return Optional.of("step '" + step.type().wireName() + "' names revision " + revision
                            + ", which the plan's diagnosis does not know");
                }
            }
        }
        if (database && plan.database() == null) {
            return Optional.of("the plan reads or writes a database but names none");
        }
        if (database) {
            Optional<String> schema = schemaProblem(plan.database().schema());
            if (schema.isPresent()) {
                return schema;
            }
        }
        if (migrates && plan.migrationContainer() == null) {
            return Optional.of("the plan runs a migration but names no container to run it from");
        }
        if (migrates && plan.migrationContainer().kind() == ContainerKind.JOB
                && plan.migrationContainer().jobName() == null && plan.migrationContainer().podName() == null) {
            return Optional.of("the plan's migration container is a Job's, but it names neither the Job nor its pod");
        }
        return Optional.empty();
    }

    /** True for the steps that read or write the plan's database (and that a rehearsal runs). */
    public static boolean aboutTheDatabase(Step step) {
        return step.type().aboutTheDatabase();
    }

    /** A schema name the executor will quote as an identifier: 1..63 bytes, no control characters. */
    public static Optional<String> schemaProblem(String schema) {
        if (schema == null || schema.isEmpty() || schema.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63) {
            return Optional.of("the schema name must have 1 to 63 bytes");
        }
        if (schema.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.of("the schema name holds control characters");
        }
        return Optional.empty();
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
