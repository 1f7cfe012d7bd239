package io.medic.notifier.client;

import io.medic.notifier.domain.ForgeKind;
import io.medic.notifier.domain.IssueRef;

import java.util.List;
import java.util.Optional;

/**
 * The few forge operations the notifier needs. Every method either succeeds or throws {@link ForgeException};
 * listing follows the forge's pagination to the end.
 */
public interface ForgeClient {

    /** The forge's name in {@code medic.notifier.forges} (a bounded metric label). */
    String name();

    ForgeKind kind();

    /** Every comment of the issue, oldest first, across all pages. */
    List<ForgeComment> comments(IssueRef issue);

    void createComment(IssueRef issue, String body);

    IssueState issue(IssueRef issue);

    void setOpen(IssueRef issue, boolean open);

    void addLabel(IssueRef issue, String label);

    /** The number of an open issue in {@code owner/repo} whose body contains {@code text}, across all pages. */
    Optional<Long> findOpenIssue(String owner, String repo, String text);

    /** Opens an issue and returns its number. */
    long createIssue(String owner, String repo, String title, String body, List<String> labels);
}
