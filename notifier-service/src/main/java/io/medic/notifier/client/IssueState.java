package io.medic.notifier.client;

import java.util.List;

/** An issue's state as the forge has it. */
public record IssueState(boolean open, List<String> labels) {
    public IssueState {
        labels = List.copyOf(labels);
    }
}
