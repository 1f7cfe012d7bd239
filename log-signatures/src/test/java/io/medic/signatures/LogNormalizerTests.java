package io.medic.signatures;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogNormalizerTests {

    @Test
    void stripsKubectlTimestampsAndPrefixes() {
        String raw = "[pod/api-7d9f8c6b5-x2x9q/api] 2026-03-27T05:41:07.123456789Z INFO starting\n"
                + "2026-03-27T05:41:08+02:00 KeyError: '019'\n";

        assertThat(LogNormalizer.lines(raw)).containsExactly("INFO starting", "KeyError: '019'");
    }

    @Test
    void stripsTheRuntimesAndTheProgramsTimestampsButKeepsIndentation() {
        String raw = "2026-03-27T05:41:07.1Z 2026-03-27 05:41:05,112 INFO app: loading\n"
                + "2026-03-27T05:41:07.2Z   File \"/app/settings.py\", line 18\n"
                + "2026-03-27T05:41:07.3Z ValueError: bad\n";

        assertThat(LogNormalizer.lines(raw)).containsExactly("INFO app: loading", "  File \"/app/settings.py\", line 18",
                "ValueError: bad");
    }

    @Test
    void joinsCriPartialLinesAndDropsTheStreamTag() {
        String raw = "2026-03-27T05:41:07.1Z stderr P psycopg2.errors.Duplicate\n"
                + "2026-03-27T05:41:07.1Z stderr P Column: column \"custom_notes\" of relation\n"
                + "2026-03-27T05:41:07.1Z stderr F  \"players\" already exists\n"
                + "2026-03-27T05:41:07.2Z stdout F next\n";

        assertThat(LogNormalizer.lines(raw)).containsExactly(
                "psycopg2.errors.DuplicateColumn: column \"custom_notes\" of relation \"players\" already exists", "next");
    }

    @Test
    void removesTerminalEscapesAndControlCharacters() {
        String raw = "\u001B]0;title\u0007\u001B[1;31mERROR\u001B[0m: boom\u0000\u0008 \u001B]8;;https://x\u0007link\u001B]8;;\u0007\u202E\r\n";

        assertThat(LogNormalizer.lines(raw)).containsExactly("ERROR: boom link");
    }

    @Test
    void replacesJsonLogLinesByTheirMessageAndException() {
        String raw = "{\"log\":\"plain text\\n\",\"stream\":\"stderr\",\"time\":\"2026-03-27T05:41:07Z\"}\n"
                + "{\"timestamp\":\"2026-03-27T05:41:07Z\",\"level\":\"error\",\"event\":\"migration failed\","
                + "\"exception\":\"Traceback (most recent call last):\\n  File \\\"x.py\\\"\\nKeyError: '019'\"}\n"
                + "{\"message\":\"startup failed\",\"error\":{\"type\":\"ValueError\",\"stack_trace\":\"ValueError: bad\"}}\n"
                + "{\"not\":\"a log field\"}\n";

        assertThat(LogNormalizer.lines(raw)).containsExactly("plain text", "migration failed",
                "Traceback (most recent call last):", "  File \"x.py\"", "KeyError: '019'", "startup failed",
                "ValueError", "ValueError: bad", "{\"not\":\"a log field\"}");
    }

    @Test
    void unwrapsAnAppsJsonLineInsideDockersJsonFile() {
        String inner = "{\\\"level\\\":\\\"error\\\",\\\"msg\\\":\\\"relation \\\\\\\"players\\\\\\\" already exists\\\"}";
        String raw = "{\"log\":\"" + inner + "\\n\",\"stream\":\"stderr\"}\n";

        assertThat(LogNormalizer.lines(raw)).containsExactly("relation \"players\" already exists");
    }

    @Test
    void keepsBrokenJsonAndPythonLoggingLinesAsTheyAre() {
        String raw = "{\"unterminated\": \"x\n2026-03-27 05:41:07,123 ERROR app: failed\n";

        assertThat(LogNormalizer.lines(raw)).containsExactly("{\"unterminated\": \"x", "ERROR app: failed");
    }

    @Test
    void theLoopThatFindsEscapesStopsAtEveryCharacterTheEscapePatternStripsAndNoOther() {
        // stripEscapes only hands the engine the positions isControl picks: the two must agree on every character
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String one = String.valueOf(c);
            assertThat(LogNormalizer.stripEscapes(one).isEmpty()).as("U+%04X", (int) c).isEqualTo(LogNormalizer.isControl(c));
        }
    }

    @Test
    void stripsEscapeSequencesWherever() {
        String raw = "\u001B[1;31mERROR\u001B[0m \u001B]8;;https://x\u0007link\u001B]8;;\u0007 done\u009B2K\u202Eevil\u0000";

        assertThat(LogNormalizer.stripEscapes(raw)).isEqualTo("ERROR link doneevil");
    }
}
