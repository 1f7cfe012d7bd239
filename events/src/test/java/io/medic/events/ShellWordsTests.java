package io.medic.events;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The quoted words go through a real POSIX shell and come back unchanged, as one argument each. */
class ShellWordsTests {

    private static final List<String> HOSTILE = List.of("019", "ae1027a6acf", "x;touch pwned", "$(touch pwned)",
            "`touch pwned`", "it's", "'", "a b", "*", "~root", "a|b", "a&&b", "#c", "\\", "\"q\"", "!x", "ü-ß", "",
            "--purge", "a=b", "{a,b}", "[ab]", "x>y");

    @Test
    void aShellReadsEveryQuotedWordBackAsExactlyThatWord() throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("sh", "-c", "printf '%s\\n' " + ShellWords.join(HOSTILE)));
        Process sh = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).isZero();
        assertThat(out.split("\n", -1)).containsExactlyElementsOf(concat(HOSTILE, ""));
    }

    @Test
    void plainIdsStayUnquotedAndTheCommandIsOneLine() {
        assertThat(new Step.AlembicStamp(List.of("020", "b$c"), true, List.of(), List.of()).alembicCommand())
                .isEqualTo("alembic stamp --purge 020 'b$c'");
        assertThat(new Step.AlembicUpgrade("x;y", List.of(), List.of(), List.of()).alembicCommand())
                .isEqualTo("alembic upgrade 'x;y'");
    }

    @Test
    void aControlCharacterCannotBeQuotedOntoOneLine() {
        assertThatThrownBy(() -> ShellWords.quote("a\nalembic downgrade base"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character")
                .hasMessageNotContaining("\n");
    }

    private static List<String> concat(List<String> a, String last) {
        List<String> out = new ArrayList<>(a);
        out.add(last);
        return out;
    }
}
