package io.medic.notifier.domain;

import io.medic.events.WorkloadRef;

import java.util.List;

/** Where an incident's comments go: the linked issue, or an issue the notifier opens for the workload. */
public sealed interface IssueTarget {

    /** The per-issue queue's key. */
    String key();

    /** The forge's name in {@code medic.notifier.forges}. */
    String forge();

    /** The issue named by the workload's {@code medic.io/issue}. */
    record Linked(IssueRef issue) implements IssueTarget {
        @Override
        public String key() {
            return issue.key();
        }

        @Override
        public String forge() {
            return issue.forge();
        }
    }

    /**
     * No issue is linked and {@code medic.notifier.open-issues} is on: the open issue in {@code owner/repo}
     * whose body carries the workload's marker, or a new one with these labels.
     */
    record ToOpen(String forge, String owner, String repo, WorkloadRef workload, String title, List<String> labels)
            implements IssueTarget {
        public ToOpen {
            labels = List.copyOf(labels);
        }

        @Override
        public String key() {
            return forge + ":" + owner + "/" + repo + "?workload=" + workload.key();
        }

        /** The hidden line in the body of an issue Medic opened, found again after a restart. */
        public String workloadMarker() {
            return "<!-- medic:workload=" + workload.key().replaceAll("[^A-Za-z0-9._/-]", "_") + " -->";
        }
    }
}
