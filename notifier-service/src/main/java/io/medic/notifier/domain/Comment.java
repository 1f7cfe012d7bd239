package io.medic.notifier.domain;

import java.time.Instant;

/**
 * One comment of an incident's story, ready to post: where, its marker, what it tells, the Markdown (marker
 * included, last line), when the event it tells of happened, and what to do to the issue before and after.
 */
public record Comment(IssueTarget target, Marker marker, CommentKind kind, String body, Instant eventTime,
                      IssueAction before, IssueAction after) {
}
