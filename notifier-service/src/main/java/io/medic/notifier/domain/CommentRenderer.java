package io.medic.notifier.domain;

import io.medic.events.Blocker;
import io.medic.events.ContainerKind;
import io.medic.events.Decision;
import io.medic.events.DecisionMode;
import io.medic.events.Diagnosis;
import io.medic.events.Execution;
import io.medic.events.ExecutionPhase;
import io.medic.events.ExecutionStatus;
import io.medic.events.Outcome;
import io.medic.events.Plan;
import io.medic.events.RevisionRow;
import io.medic.events.RevisionState;
import io.medic.events.Signal;
import io.medic.events.Step;
import io.medic.events.StepType;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Markdown of each comment, written for the person on call reading it on a phone: a headline that says
 * what happened, the few facts that matter as a short list or a narrow table, long material (logs, output)
 * collapsed, and what to do next. Everything that comes from outside Medic's own words goes through
 * {@link Inert}. Pure: the same events give the same text (the golden files pin it).
 */
public final class CommentRenderer {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
    private static final Pattern URL_SAFE = Pattern.compile("https?://[A-Za-z0-9._~:/?#\\[\\]@!$&()*+,;=%-]+");
    /** Words for the states the renderer knows; any other state renders from its name. */
    private static final Map<String, String> STATE_WORDS = Map.of(
            "APPLIED", "✅ applied",
            "PRESENT_UNSTAMPED", "⚠️ **present, not stamped**",
            "MISSING", "❌ **missing**",
            "STAMPED_ABSENT", "❌ **stamped, but absent**",
            "PARTIAL", "⚠️ **partly applied**",
            "STAMPED_PARTIAL", "⚠️ **partly applied** (stamped)",
            "UNVERIFIABLE_APPLIED", "❔ cannot be verified",
            "UNVERIFIABLE_UNSTAMPED", "❔ cannot be verified",
            "UNVERIFIABLE_MISSING", "❔ cannot be verified",
            "UNVERIFIABLE_IN_DOUBT", "❔ cannot be verified");
    private static final int LOG_LINES = 25;
    private static final int LINE_WIDTH = 160;

    private final String approvalUrl;
    private final OnRecovery onRecovery;
    private final String recoveredLabel;

    public CommentRenderer(String approvalUrl, OnRecovery onRecovery, String recoveredLabel) {
        String trimmed = approvalUrl == null ? "" : approvalUrl.replaceAll("/+$", "");
        this.approvalUrl = URL_SAFE.matcher(trimmed).matches() ? trimmed : null;
        this.onRecovery = onRecovery;
        this.recoveredLabel = recoveredLabel;
    }

    // ---- detected -------------------------------------------------------------------------------------

    public String detected(Signal signal) {
        StringBuilder md = new StringBuilder();
        md.append("### 🔴 ").append(Inert.text(signal.workload().name(), 80)).append(" is crash-looping\n\n");
        md.append(Inert.text(signal.workload().kind(), 40)).append(' ')
                .append(Inert.code(signal.workload().key(), 120, false)).append(", ")
                .append(containerWords(signal)).append(", image ")
                .append(Inert.code(signal.container().image(), 200, false)).append("\n\n");
        facts(md, signal);
        md.append("\nMedic is diagnosing it now; the plan follows here.");
        return md.toString();
    }

    public String signatureChanged(Signal signal) {
        StringBuilder md = new StringBuilder();
        md.append("### 🔁 The crash changed: now ").append(Inert.code(signal.signature().id(), 80, false))
                .append("\n\n");
        facts(md, signal);
        md.append("\nMedic diagnoses it again; a new plan, if any, follows here.");
        return md.toString();
    }

    private void facts(StringBuilder md, Signal signal) {
        if (signal.firstSeenAt() != null) {
            md.append("- **First crash:** ").append(DATE_TIME.format(signal.firstSeenAt())).append('\n');
        }
        md.append("- **Restarts:** ").append(signal.restartCount());
        if (signal.lastTermination() != null && signal.lastTermination().exitCode() != null) {
            md.append(" · last exit code ").append(signal.lastTermination().exitCode());
            if (signal.lastTermination().reason() != null) {
                md.append(" (").append(Inert.text(signal.lastTermination().reason(), 40)).append(')');
            }
        }
        md.append('\n');
        md.append("- **Signature:** ").append(Inert.code(signal.signature().id(), 80, false))
                .append(" (").append(Inert.text(signal.signature().severity(), 20)).append(")\n");
        if (!signal.signature().fields().isEmpty()) {
            md.append("- **Fields:** ").append(new TreeMap<>(signal.signature().fields()).entrySet().stream()
                    .map(f -> Inert.text(f.getKey(), 40) + " " + Inert.code(f.getValue(), 120, false))
                    .collect(Collectors.joining(" · "))).append('\n');
        }
        if (!signal.logExcerpt().isBlank()) {
            md.append("\n<details><summary>Last log lines (redacted)</summary>\n\n")
                    .append(Inert.block(signal.logExcerpt(), "text", LOG_LINES, LINE_WIDTH))
                    .append("\n\n</details>\n");
        }
        if (!signal.recentEvents().isEmpty()) {
            md.append("\n<details><summary>Recent events</summary>\n\n");
            signal.recentEvents().stream().limit(5).forEach(e -> md.append("- ").append(Inert.text(e, 200)).append('\n'));
            md.append("\n</details>\n");
        }
    }

    private static String containerWords(Signal signal) {
        String name = Inert.code(signal.container().name(), 80, false);
        ContainerKind kind = signal.container().kind();
        return switch (kind) {
            case APP -> "container " + name;
            case INIT -> "init container " + name;
            case JOB -> "migration Job " + Inert.code(Objects.requireNonNullElse(signal.container().jobName(), "?"),
                    120, false) + ", container " + name;
        };
    }

    // ---- planned ----------------------------------------------------------------------------------------

    public String planned(Plan plan) {
        Diagnosis diagnosis = plan.diagnosis();
        StringBuilder md = new StringBuilder();
        md.append(switch (plan.verdict()) {
            case AUTO_PLAN -> plan.executable() ? "### 🩺 Diagnosed: Medic has a safe plan\n\n"
                    : "### 🩺 Diagnosed\n\n";
            case NEEDS_HUMAN -> "### 🧑‍⚕️ Diagnosed: a person must decide\n\n";
            case BAD_INPUT -> "### ⚠️ Medic could not diagnose it\n\n";
            case HEALTHY -> "### ✅ Diagnosed: the database is already as the migrations describe\n\n";
        });
        boolean reasonIsTheBlocker = diagnosis.blockers().size() == 1
                && diagnosis.blockers().get(0).text().equals(diagnosis.reason());
        if (!diagnosis.reason().isBlank() && !reasonIsTheBlocker) {
            md.append("**Why it crashes:** ").append(Inert.text(diagnosis.reason(), 400)).append("\n\n");
        }
        md.append("- **Verdict:** ").append(verdictWords(plan)).append('\n');
        md.append("- **Risk:** ").append(plan.risk()).append(" — ").append(riskWhy(plan)).append('\n');
        if (!diagnosis.versionRows().isEmpty() || !diagnosis.heads().isEmpty()) {
            md.append("- **Version table:** ").append(codes(diagnosis.versionRows(), "(empty)"))
                    .append(" · **head:** ").append(codes(diagnosis.heads(), "?")).append('\n');
        }
        if (!diagnosis.revisions().isEmpty()) {
            md.append("\n**Database state**\n\n").append(revisionTable(diagnosis.revisions()));
        }
        if (!diagnosis.blockers().isEmpty()) {
            md.append("\n**Why Medic will not act alone**\n\n");
            diagnosis.blockers().forEach(b -> md.append("- ").append(blockerLine(b)).append('\n'));
        }
        if (!diagnosis.warnings().isEmpty()) {
            md.append("\n**Warnings**\n\n");
            diagnosis.warnings().forEach(w -> md.append("- ").append(Inert.text(w, 300)).append('\n'));
        }
        if (plan.executable()) {
            md.append("\n**Plan** ").append(Inert.code(plan.id(), 80, false)).append(", ")
                    .append(plan.steps().size()).append(" steps\n\n");
            for (int i = 0; i < plan.steps().size(); i++) {
                md.append(i + 1).append(". ").append(stepLine(plan.steps().get(i))).append('\n');
            }
        }
        if (!diagnosis.reasoning().isEmpty()) {
            md.append("\n<details><summary>Why this plan</summary>\n\n");
            diagnosis.reasoning().forEach(r -> md.append("- ").append(Inert.text(r, 300)).append('\n'));
            md.append("\n</details>\n");
        }
        if (plan.executable()) {
            approval(md, plan);
        } else {
            md.append("\nThere is nothing for Medic to run: ")
                    .append(plan.verdict() == io.medic.events.Verdict.HEALTHY
                            ? "look for the crash's cause outside the migrations."
                            : "the evidence above is what a person needs to decide.").append('\n');
        }
        return md.toString().stripTrailing();
    }

    private void approval(StringBuilder md, Plan plan) {
        md.append("\n**To approve** — this plan only (the digest pins it), with an approver's token in `$MEDIC_TOKEN`:\n\n");
        boolean safe = approvalUrl != null && plan.digest() != null && SHELL_SAFE.matcher(plan.id()).matches()
                && SHELL_SAFE.matcher(plan.digest()).matches();
        if (safe) {
            String url = approvalUrl + "/plans/" + plan.id();
            md.append("```sh\n").append("curl -fsS -X POST '").append(url).append("/approve' -H \"Authorization: Bearer $MEDIC_TOKEN\"")
                    .append(" -H 'Content-Type: application/json' -d '{\"digest\":\"").append(plan.digest())
                    .append("\",\"comment\":\"approved on the issue\"}'\n```\n\n");
            md.append("To reject it, POST `{\"reason\":\"…\"}` to `").append(url).append("/reject` instead. The plan: <")
                    .append(url).append(">.");
        } else {
            md.append("use the approval API's `POST /plans/{id}/approve` with the plan's digest (this plan's id or digest"
                    + " cannot be quoted safely here, or `medic.notifier.approval-url` is not set).");
        }
        md.append(" It expires at ").append(DATE_TIME.format(plan.expiresAt()))
                .append("; if the auto-approval policy covers this risk, Medic approves it itself and says so here.\n");
    }

    private static String verdictWords(Plan plan) {
        return switch (plan.verdict()) {
            case AUTO_PLAN -> "a plan that ends at head with every revision applied exactly once, proven by simulation";
            case NEEDS_HUMAN -> "no safe automatic plan";
            case BAD_INPUT -> "the input could not be read";
            case HEALTHY -> "healthy";
        };
    }

    private static String riskWhy(Plan plan) {
        List<String> upgrades = plan.steps().stream().filter(s -> s instanceof Step.AlembicUpgrade)
                .flatMap(s -> ((Step.AlembicUpgrade) s).applies().stream()).toList();
        return switch (plan.risk()) {
            case NONE -> "advice only, nothing runs";
            case LOW -> "rewrites the version table and restarts; no migration runs";
            case MEDIUM -> upgrades.isEmpty() ? "runs migrations"
                    : "runs migration" + (upgrades.size() == 1 ? " " : "s ") + upgrades.stream()
                    .map(r -> Inert.text(r, 40)).collect(Collectors.joining(", "));
            case HIGH -> plan.steps().stream().anyMatch(s -> s instanceof Step.RollForwardImage)
                    ? "changes the workload's image; never approved automatically" : "changes more than the database";
        };
    }

    private static String revisionTable(List<RevisionRow> rows) {
        StringBuilder md = new StringBuilder("| Revision | Change | State | Evidence |\n|---|---|---|---|\n");
        int i = 0;
        while (i < rows.size()) {
            int j = i;
            while (j < rows.size() && plainApplied(rows.get(j))) {
                j++;
            }
            if (j - i >= 3) {
                md.append("| ").append(Inert.text(rows.get(i).revision(), 20)).append("–")
                        .append(Inert.text(rows.get(j - 1).revision(), 20)).append(" | ").append(j - i)
                        .append(" revisions | ✅ applied | |\n");
                i = j;
                continue;
            }
            RevisionRow row = rows.get(i++);
            md.append("| ").append(Inert.text(row.revision(), 20)).append(" | ")
                    .append(Inert.text(row.summary().isBlank() ? Objects.requireNonNullElse(row.file(), "") : row.summary(), 60))
                    .append(" | ").append(stateWords(row.state(), row.state().stamped())).append(" | ")
                    .append(Inert.text(String.join("; ", row.evidence()), 100)).append(" |\n");
        }
        return md.toString();
    }

    private static boolean plainApplied(RevisionRow row) {
        return row.state() == RevisionState.APPLIED && row.evidence().isEmpty();
    }

    /** A state in words, from the table above or else from its name: a new state renders without a change here. */
    static String stateWords(RevisionState state, boolean stamped) {
        String words = STATE_WORDS.getOrDefault(state.name(), "❔ " + state.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        return stamped && state != RevisionState.APPLIED && !state.name().startsWith("STAMPED") ? words + " (stamped)" : words;
    }

    private static String blockerLine(Blocker blocker) {
        return Inert.text(blocker.text(), 400);
    }

    private static String codes(List<String> values, String empty) {
        return values.isEmpty() ? empty : values.stream().map(v -> Inert.code(v, 40, false)).collect(Collectors.joining(", "));
    }

    private static String stepLine(Step step) {
        String command = step.alembicCommand();
        if (command == null) {
            return Inert.text(step.describe(), 200);
        }
        String describe = step.describe();
        String rest = describe.startsWith(command + ": ") ? describe.substring(command.length() + 2) : "";
        return Inert.code(command, 120, false) + (rest.isEmpty() ? "" : " — " + Inert.text(rest, 160));
    }

    /** A step in a few words, for a table cell on a phone; the plan's comment lists each step in full. */
    private static String stepCell(Step step) {
        return switch (step) {
            case Step.VerifyPrecondition s -> "check version table " + rows(s.versionRows());
            case Step.AlembicStamp s -> Inert.code(s.alembicCommand(), 60, true);
            case Step.AlembicUpgrade s -> Inert.code(s.alembicCommand(), 60, true);
            case Step.RestartWorkload s -> "restart " + Inert.text(s.workload().name(), 40);
            case Step.AwaitRollout s -> "await rollout";
            case Step.VerifyHttp s -> "GET " + Inert.code(s.path(), 40, true) + " → " + s.expectedStatus();
            case Step.VerifyPostcondition s -> "check head schema, version table " + rows(s.versionRows());
            case Step.RollForwardImage s -> "image → " + Inert.code(s.toImage(), 60, true);
        };
    }

    private static String rows(List<String> rows) {
        return rows.isEmpty() ? "(empty)" : rows.stream().map(r -> Inert.text(r, 40)).collect(Collectors.joining(", "));
    }

    // ---- superseded, decided ----------------------------------------------------------------------------

    public String superseded(Plan old, Plan replacement) {
        StringBuilder md = new StringBuilder();
        md.append("### ↪️ Plan ").append(Inert.code(old.id(), 80, false)).append(" was superseded by ")
                .append(Inert.code(replacement.id(), 80, false)).append("\n\n");
        md.append("**Why:** ").append(whySuperseded(old, replacement)).append("\n\n");
        md.append("Do not approve ").append(Inert.code(old.id(), 80, false))
                .append(" any more (the API refuses it); the new plan follows.");
        return md.toString();
    }

    private static String whySuperseded(Plan old, Plan replacement) {
        if (!replacement.createdAt().isBefore(old.expiresAt())) {
            return "it expired at " + DATE_TIME.format(old.expiresAt()) + " before anyone decided, and Medic "
                    + "diagnosed again so that nobody approves an old picture of the database.";
        }
        List<String> changes = new ArrayList<>();
        Diagnosis before = old.diagnosis();
        Diagnosis after = replacement.diagnosis();
        if (!before.versionRows().equals(after.versionRows())) {
            changes.add("the version table changed from " + codes(before.versionRows(), "(empty)") + " to "
                    + codes(after.versionRows(), "(empty)"));
        }
        Map<String, RevisionRow> was = before.revisions().stream()
                .collect(Collectors.toMap(RevisionRow::revision, r -> r, (a, b) -> a));
        List<String> moved = new ArrayList<>();
        for (RevisionRow row : after.revisions()) {
            RevisionRow previous = was.get(row.revision());
            if (previous != null && previous.state() != row.state()) {
                moved.add(Inert.text(row.revision(), 20) + " " + plainState(previous.state()) + " → " + plainState(row.state()));
            }
        }
        if (!moved.isEmpty()) {
            changes.add("revision states changed (" + String.join(", ", moved.subList(0, Math.min(6, moved.size())))
                    + (moved.size() > 6 ? ", …" : "") + ")");
        }
        if (!old.diagnoser().equals(replacement.diagnoser())) {
            changes.add("the crash now needs a different remedy (" + Inert.text(old.diagnoser(), 40) + " → "
                    + Inert.text(replacement.diagnoser(), 40) + ")");
        }
        if (before.verdict() != after.verdict()) {
            changes.add("the verdict changed (" + before.verdict() + " → " + after.verdict() + ")");
        }
        if (changes.isEmpty()) {
            return "Medic diagnosed again and the new diagnosis differs: " + Inert.text(after.reason(), 300) + ".";
        }
        return "the database or the crash changed since it was made: " + String.join("; ", changes) + ".";
    }

    private static String plainState(RevisionState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    public String decided(Plan plan, Decision decision) {
        StringBuilder md = new StringBuilder();
        boolean automatic = decision.mode() == DecisionMode.AUTOMATIC;
        if (decision.approves()) {
            md.append(automatic ? "### ✅ Approved automatically\n\n" : "### ✅ Approved by **"
                    + Inert.text(decision.by(), 80) + "**\n\n");
        } else {
            md.append(automatic ? "### ⛔ Rejected automatically\n\n" : "### ⛔ Rejected by **"
                    + Inert.text(decision.by(), 80) + "**\n\n");
        }
        md.append("- **When:** ").append(DATE_TIME.format(decision.at())).append('\n');
        md.append("- **Plan:** ").append(Inert.code(plan.id(), 80, false)).append(", digest ")
                .append(Inert.code(shortDigest(decision.planDigest()), 20, false)).append('\n');
        if (automatic) {
            md.append("- **Policy:** ").append(Inert.text(decision.policy(), 200)).append(" (by ")
                    .append(Inert.code(decision.by(), 60, false)).append(")\n");
        }
        if (!decision.comment().isBlank()) {
            md.append("\n> ").append(Inert.text(decision.comment(), 500)).append('\n');
        }
        if (plan.digest() != null && !plan.digest().equals(decision.planDigest())) {
            md.append("\n⚠️ This decision names a digest that is not the plan's: the executor refuses it.\n");
        }
        md.append('\n').append(decision.approves()
                ? "Next: the executor rehearses the plan on a scratch copy of the database, then runs it step by step; the result follows here."
                : "Nothing of this plan will run. If the workload keeps crashing, Medic's next diagnosis follows here.");
        return md.toString();
    }

    // ---- executed ---------------------------------------------------------------------------------------

    public String rehearsed(Plan plan, List<Execution> records) {
        List<Execution> rehearsal = records.stream().filter(e -> e.phase() == ExecutionPhase.REHEARSAL).toList();
        StringBuilder md = new StringBuilder("### 🧪 Rehearsal passed\n\n");
        md.append("The plan ran on a scratch copy of the database (its schema and version table, no rows) and ended as planned");
        rehearsalDuration(rehearsal).ifPresent(d -> md.append(", in ").append(duration(d)));
        md.append(". Now it runs for real; the result follows here.");
        return md.toString();
    }

    public String finished(Story story, Plan plan, List<Execution> records, Execution end) {
        StringBuilder md = new StringBuilder();
        Optional<Execution> failure = lastFailure(records);
        boolean failedInRehearsal = failure.map(f -> f.phase() == ExecutionPhase.REHEARSAL).orElse(false);
        switch (end.outcome()) {
            case SUCCEEDED -> {
                md.append("### 💚 Recovered: ").append(Inert.text(plan.workload().name(), 80)).append(" is running again\n\n");
                story.firstSeenAt().ifPresent(first -> md.append("**Time from first crash to recovery: ")
                        .append(duration(Duration.between(first, end.at()))).append("** (")
                        .append(DATE_TIME.format(first)).append(" → ").append(TIME.format(end.at())).append(")\n\n"));
            }
            case FAILED -> md.append(failedInRehearsal ? "### 🛑 Rehearsal failed: the real database was not touched\n\n"
                    : "### 🛑 Failed" + failure.filter(f -> f.stepIndex() >= 0 && f.stepIndex() < plan.steps().size())
                    .map(f -> " at step " + (f.stepIndex() + 1) + " of " + plan.steps().size() + ": "
                            + stepCell(plan.steps().get(f.stepIndex())).replace("\\|", "|"))
                    .orElse("") + "\n\n");
            case STALE -> md.append("### ⏸️ Stale: the database changed after the plan was made\n\n");
            case ABORTED -> md.append("### 🚫 Not run: the executor refused the plan\n\n");
            case REHEARSED -> md.append("### 🧪 Dry run finished: nothing real was written\n\n");
        }
        if (!end.detail().isBlank()) {
            md.append(Inert.text(end.detail(), 400)).append("\n\n");
        }
        if (records.stream().anyMatch(e -> e.phase() == ExecutionPhase.LIVE && e.stepIndex() >= 0)) {
            md.append(stepTable(plan, records, ExecutionPhase.LIVE)).append('\n');
        }
        md.append("- **Rehearsal:** ").append(rehearsalWords(records)).append('\n');
        if (end.outcome() == Outcome.SUCCEEDED) {
            List<String> checks = checks(plan, records);
            if (!checks.isEmpty()) {
                md.append("\n**Checks after the fix**\n\n");
                checks.forEach(c -> md.append("- ").append(c).append('\n'));
            }
            md.append('\n').append(switch (onRecovery) {
                case COMMENT -> "The issue stays open for you to close.";
                case LABEL -> "Medic labels this issue " + Inert.code(recoveredLabel, 60, false) + ".";
                case CLOSE -> "Medic closes this issue; it reopens it if the workload's crash loop comes back.";
            });
        } else {
            Optional<Execution> withOutput = failure.filter(f -> !f.output().isBlank())
                    .or(() -> end.output().isBlank() ? Optional.empty() : Optional.of(end));
            withOutput.ifPresent(f -> md.append("\n<details><summary>Output").append(f.stepIndex() >= 0
                            ? " of step " + (f.stepIndex() + 1) + (f.phase() == ExecutionPhase.REHEARSAL ? " (rehearsal)" : "") : "")
                    .append("</summary>\n\n").append(Inert.block(f.output(), "text", 40, LINE_WIDTH)).append("\n\n</details>\n"));
            md.append("\n**What to do next:** ").append(nextAction(plan, records, end, failedInRehearsal));
        }
        return md.toString().stripTrailing();
    }

    private String nextAction(Plan plan, List<Execution> records, Execution end, boolean failedInRehearsal) {
        String planLink = approvalUrl == null ? "" : " The whole record: <" + approvalUrl + "/plans/" + plan.id() + ">.";
        return switch (end.outcome()) {
            case FAILED -> {
                if (failedInRehearsal) {
                    yield "nothing was written to the real database. The output shows what fails; fix the migration"
                            + " (or the database, by hand), then let the workload restart: Medic diagnoses again." + planLink;
                }
                List<Integer> wrote = records.stream().filter(e -> e.phase() == ExecutionPhase.LIVE
                                && e.status() == ExecutionStatus.SUCCEEDED && e.stepIndex() >= 0 && e.stepIndex() < plan.steps().size()
                                && plan.steps().get(e.stepIndex()).type().writes())
                        .map(e -> e.stepIndex() + 1).distinct().toList();
                yield wrote.isEmpty()
                        ? "nothing was changed before the failing step (a failed stamp is rolled back). Read the output;"
                        + " Medic's next diagnosis, after the next crash, starts from the database as it is." + planLink
                        : "step" + (wrote.size() == 1 ? " " : "s ") + wrote.stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")) + " took effect and later steps did not run. Do not re-run"
                        + " the plan's commands by hand: read the output, fix the cause, and approve Medic's next plan,"
                        + " which starts from the database as it is now." + planLink;
            }
            case STALE -> "nothing was written. Medic diagnoses again on the workload's next crash and posts a new"
                    + " plan here: approve that one, not this." + planLink;
            case ABORTED -> "nothing was written. If the plan was refused by mistake (expired, superseded), approve the"
                    + " current plan from its comment." + planLink;
            case REHEARSED -> "to apply it, run the executor without `medic.executor.dry-run` and approve the plan again."
                    + planLink;
            case SUCCEEDED -> "";
        };
    }

    private static Optional<Execution> lastFailure(List<Execution> records) {
        Execution found = null;
        for (Execution e : records) {
            if (e.status() == ExecutionStatus.FAILED) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    private static String stepTable(Plan plan, List<Execution> records, ExecutionPhase phase) {
        StringBuilder md = new StringBuilder("| # | Step | Result | At |\n|---|---|---|---|\n");
        for (int i = 0; i < plan.steps().size(); i++) {
            Optional<Execution> last = lastOf(records, phase, i);
            md.append("| ").append(i + 1).append(" | ").append(stepCell(plan.steps().get(i))).append(" | ")
                    .append(last.map(CommentRenderer::result).orElse("— not run")).append(" | ")
                    .append(last.map(e -> TIME.format(e.at())).orElse("")).append(" |\n");
        }
        return md.toString();
    }

    private static Optional<Execution> lastOf(List<Execution> records, ExecutionPhase phase, int index) {
        Execution found = null;
        for (Execution e : records) {
            if (e.phase() == phase && e.stepIndex() == index) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    private static String result(Execution e) {
        String took = e.startedAt() != null && e.status() != ExecutionStatus.STARTED
                ? " " + duration(Duration.between(e.startedAt(), e.at())) : "";
        return switch (e.status()) {
            case SUCCEEDED -> "✅" + took;
            case FAILED -> "❌ failed" + took;
            case SKIPPED -> "⏭️ already done";
            case STARTED -> "⏳ started";
            case FINISHED -> "";
        };
    }

    private static String rehearsalWords(List<Execution> records) {
        List<Execution> rehearsal = records.stream().filter(e -> e.phase() == ExecutionPhase.REHEARSAL).toList();
        if (rehearsal.isEmpty()) {
            return "not rehearsed (the executor reported no rehearsal)";
        }
        boolean failed = rehearsal.stream().anyMatch(e -> e.status() == ExecutionStatus.FAILED);
        long steps = rehearsal.stream().filter(e -> e.stepIndex() >= 0).map(Execution::stepIndex).distinct().count();
        String took = rehearsalDuration(rehearsal).map(d -> ", " + duration(d)).orElse("");
        return (failed ? "❌ failed" : "✅ passed") + " on a scratch copy of the database"
                + (steps > 0 ? " (" + steps + " step" + (steps == 1 ? "" : "s") + took + ")" : took.isEmpty() ? "" : " (" + took.substring(2) + ")");
    }

    private static Optional<Duration> rehearsalDuration(List<Execution> rehearsal) {
        Optional<Instant> start = rehearsal.stream().map(e -> e.startedAt() != null ? e.startedAt() : e.at())
                .min(Instant::compareTo);
        Optional<Instant> end = rehearsal.stream().map(Execution::at).max(Instant::compareTo);
        return start.flatMap(s -> end.map(e -> Duration.between(s, e))).filter(d -> !d.isNegative());
    }

    private static List<String> checks(Plan plan, List<Execution> records) {
        List<String> checks = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            Step step = plan.steps().get(i);
            StepType type = step.type();
            boolean isCheck = type == StepType.VERIFY_POSTCONDITION || type == StepType.VERIFY_HTTP
                    || type == StepType.AWAIT_ROLLOUT;
            if (!isCheck) {
                continue;
            }
            Optional<Execution> last = lastOf(records, ExecutionPhase.LIVE, i);
            String mark = last.map(e -> e.status() == ExecutionStatus.SUCCEEDED || e.status() == ExecutionStatus.SKIPPED
                    ? "✅" : "❌").orElse("—");
            String detail = last.map(Execution::detail).filter(d -> !d.isBlank()).map(d -> ": " + Inert.text(d, 200))
                    .orElse("");
            checks.add(mark + " " + stepCell(step).replace("\\|", "|") + detail);
        }
        return checks;
    }

    static String shortDigest(String digest) {
        return digest == null ? "" : digest.substring(0, Math.min(12, digest.length()));
    }

    /** {@code 850 ms}, {@code 4.2 s}, {@code 2 min 13 s}, {@code 1 h 5 min}. */
    static String duration(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
