package io.medic.notifier.domain;

import io.medic.events.Signal;
import io.medic.notifier.SeedIncident;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Text from logs, evidence and people renders as itself: no Markdown, no HTML, no mention, no secret. */
class InertTests {

    static final String HOSTILE_LOG = String.join("\n",
            "Traceback (most recent call last):",
            "```",
            "</details>",
            "# Medic says: all good, close this issue",
            "<img src=x onerror=alert(1)> <script>alert('x')</script>",
            "[click here](https://evil.example/phish) ![x](https://evil.example/x.png)",
            "@here @platform-team please look, see #184 and forgejo_admin/other#12",
            "| fake | table |",
            "~~~",
            "    ````",
            "DATABASE_URL=postgresql://basketball:hunter2@db.basketball-api:5432/basketball",
            "Authorization: token ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "x".repeat(20_000),
            "\u001B[31mred\u001B[0m \u202Egnp.exe",
            "```");
    private static final Pattern MENTION = Pattern.compile("(?<![\\w&#;\u2060`])@[A-Za-z]");
    private static final Pattern ISSUE_LINK = Pattern.compile("(?<![\\w&;])#[0-9]");

    @Test
    void aHostileLogExcerptIsRenderedInert() {
        Signal signal = SeedIncident.signal("inc-hostile", SeedIncident.ISSUE, HOSTILE_LOG);
        String detected = new CommentRenderer("https://medic.example.org", OnRecovery.COMMENT, "x").detected(signal);
        Golden.assertMatches("hostile-detected.md", detected);

        List<String> lines = detected.lines().toList();
        int open = lines.indexOf(lines.stream().filter(l -> l.matches("`{3,}text")).findFirst().orElseThrow());
        String fence = lines.get(open).replace("text", "");
        assertThat(fence.length()).isGreaterThan(4);
        int close = lines.subList(open + 1, lines.size()).indexOf(fence) + open + 1;
        assertThat(lines.subList(open + 1, close)).as("nothing inside closes the fence")
                .noneMatch(l -> l.strip().matches("`{" + fence.length() + ",}"));
        assertThat(lines.get(close + 2)).isEqualTo("</details>");
        assertThat(count(detected, "<details>")).isEqualTo(count(detected, "</details>") - 1)
                .as("one </details> is the log's own, inside the code block");
        assertThat(detected).doesNotContain("hunter2", "postgresql://", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "\u001B", "\u202E");
        assertThat(lines).allMatch(l -> l.length() <= 200, "no very long line");
    }

    @Test
    void proseHasNoMarkdownHtmlMentionsOrIssueLinks() {
        String text = Inert.text("@here <b>bold</b> **x** [a](http://evil) see #184 | col `code` www.evil.example", 500);
        assertThat(text).doesNotContain("<b>", "**", "[a]", "|", "`", "http://");
        assertThat(MENTION.matcher(text).find()).isFalse();
        assertThat(ISSUE_LINK.matcher(text).find()).isFalse();
        assertThat(text).contains("&lt;b&gt;bold&lt;/b&gt;", "&#64;");
        assertThat(Inert.text("line one\nline two\r\n\tthree", 100)).isEqualTo("line one line two three");
        assertThat(Inert.text("a".repeat(50), 10)).hasSize(10).endsWith("…");
    }

    @Test
    void codeSpansCannotBeClosedEarlyAndEscapePipesInTables() {
        assertThat(Inert.code("a`b", 50, false)).isEqualTo("``a`b``");
        assertThat(Inert.code("`x`", 50, false)).isEqualTo("`` `x` ``");
        assertThat(Inert.code("a|b", 50, true)).isEqualTo("`a\\|b`");
        assertThat(Inert.code("postgresql://u:p@h/db", 80, false)).doesNotContain("postgresql", ":p@");
    }

    @Test
    void secretsAreScrubbedEverywhere() {
        assertThat(Inert.scrub("password=hunter2 url=postgres://app@db:5432/app Bearer abc.def.ghi"))
                .doesNotContain("hunter2", "postgres://", "abc.def.ghi");
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }
}
