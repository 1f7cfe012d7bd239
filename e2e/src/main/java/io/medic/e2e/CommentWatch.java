package io.medic.e2e;

import io.medic.testsupport.forge.ForgejoStandIn;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Narrates each comment the notifier posts on the incident's issue (the stand-in is polled, as a person's browser would). */
final class CommentWatch implements AutoCloseable {

    static final Pattern MARKER = Pattern.compile("<!-- medic:incident=([^;]*);plan=([^;]*);state=([^ ]*) -->");

    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "comment-watch");
        t.setDaemon(true);
        return t;
    });
    private int seen;

    CommentWatch(ForgejoStandIn forge, String issue, Narrator narrator) {
        poller.scheduleWithFixedDelay(() -> {
            var comments = forge.comments(issue);
            for (; seen < comments.size(); seen++) {
                var c = comments.get(seen);
                Matcher m = MARKER.matcher(c.body());
                String state = m.find() ? m.group(3) : "(no marker)";
                String title = c.body().lines().filter(l -> l.startsWith("#")).findFirst().orElse("").replaceAll("^#+\\s*", "");
                narrator.event(c.createdAt(), "commented", issue + " [" + state + "] " + title);
            }
        }, 0, Duration.ofMillis(250).toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
