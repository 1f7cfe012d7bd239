package io.medic.doctor.migration.python;

import io.medic.doctor.migration.python.Token.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenizerTests {

    private static List<String> kinds(String source) {
        return Tokenizer.tokenize(source).stream()
                .map(t -> t.kind() == Kind.NAME || t.kind() == Kind.OP ? t.text()
                        : t.kind() == Kind.STRING || t.kind() == Kind.NUMBER
                        ? t.kind() + ":" + source.substring(t.start(), t.end()) : t.kind().toString())
                .toList();
    }

    private static void refuses(String source, int line, String message) {
        assertThatThrownBy(() -> Tokenizer.tokenize(source))
                .as(source)
                .isInstanceOf(PythonSyntaxError.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((PythonSyntaxError) e).line()).isEqualTo(line));
    }

    @Test
    void everyStringFormIsOneToken() {
        String source = "x = r'\\'' b\"\\\"\" rb'a' BR\"b\" Rb'c' u'd' f'{a[\"k\"]!r:>{w}}' fr\"{x}\\d\" '''a\n'b'\n''' \"\"\"\"\"\"";
        assertThat(kinds(source)).containsExactly("x", "=",
                "STRING:r'\\''", "STRING:b\"\\\"\"", "STRING:rb'a'", "STRING:BR\"b\"", "STRING:Rb'c'", "STRING:u'd'",
                "STRING:f'{a[\"k\"]!r:>{w}}'", "STRING:fr\"{x}\\d\"", "STRING:'''a\n'b'\n'''", "STRING:\"\"\"\"\"\"",
                "NEWLINE", "END");
    }

    @Test
    void fStringsMayNestTheSameQuotesAsPython312Allows() {
        String source = "f\"{x[\"a\"] + f'{y[\"b\"]}'}{{literal}}{'}'}\" + f'''{\n  z  # not a comment in 3.12? fine\n}'''\n";
        List<Token> tokens = Tokenizer.tokenize(source);
        assertThat(tokens.get(0).kind()).isEqualTo(Kind.STRING);
        assertThat(source.substring(tokens.get(0).start(), tokens.get(0).end()))
                .isEqualTo("f\"{x[\"a\"] + f'{y[\"b\"]}'}{{literal}}{'}'}\"");
        assertThat(tokens.get(1).text()).isEqualTo("+");
        assertThat(tokens.get(2).kind()).isEqualTo(Kind.STRING);
        assertThat(tokens.get(3).kind()).isEqualTo(Kind.NEWLINE);
    }

    @Test
    void commentsContinuationsAndBracketsJoinLines() {
        String source = "a = (1,  # one\n     2)\nb = 3 + \\\n    4\n# only a comment\n\n   \nc = [\n]\n";
        assertThat(kinds(source)).containsExactly("a", "=", "(", "NUMBER:1", ",", "NUMBER:2", ")", "NEWLINE",
                "b", "=", "NUMBER:3", "+", "NUMBER:4", "NEWLINE", "c", "=", "[", "]", "NEWLINE", "END");
        assertThat(Tokenizer.tokenize(source).get(8).line()).isEqualTo(3);
        assertThat(Tokenizer.tokenize(source).get(14).line()).isEqualTo(8);
    }

    @Test
    void indentationWithTabsAndSpacesGivesIndentAndDedent() {
        String source = "if a:\n\tif b:\n\t    c\n\td\ne\n";
        assertThat(kinds(source)).containsExactly("if", "a", ":", "NEWLINE", "INDENT", "if", "b", ":", "NEWLINE",
                "INDENT", "c", "NEWLINE", "DEDENT", "d", "NEWLINE", "DEDENT", "e", "NEWLINE", "END");
        assertThat(kinds("if a:\r\n  b\r\n")).containsExactly("if", "a", ":", "NEWLINE", "INDENT", "b", "NEWLINE",
                "DEDENT", "END");
    }

    @Test
    void numbersAndOperators() {
        assertThat(kinds("x = 0x_ff + 1_000.5e-3j ** .5 // 7 @ y -> z := 1 ... != <<= >>="))
                .containsExactly("x", "=", "NUMBER:0x_ff", "+", "NUMBER:1_000.5e-3j", "**", "NUMBER:.5", "//",
                        "NUMBER:7", "@", "y", "->", "z", ":=", "NUMBER:1", "...", "!=", "<<=", ">>=", "NEWLINE", "END");
    }

    @Test
    void unicodeIdentifiersAndABomAreFine() {
        assertThat(kinds("\uFEFFnäme = 'ü'")).containsExactly("näme", "=", "STRING:'ü'", "NEWLINE", "END");
    }

    @Test
    void syntaxErrorsCarryTheLineCPythonReports() {
        refuses("x = 1\ny = 'abc\nz = 2\n", 2, "unterminated string literal (detected at line 2)");
        refuses("x = 1\ny = '''abc\nz = 2\n", 2, "unterminated triple-quoted string literal (detected at line 4)");
        refuses("x = 1\ny = f'{a'\n", 2, "unterminated");
        refuses("x = (1,\n     2\ny = 3\n", 1, "'(' was never closed");
        refuses("x = [1, 2)\n", 1, "closing parenthesis ')' does not match opening parenthesis '['");
        refuses("x = 1\n)\n", 2, "unmatched ')'");
        refuses("if a:\n        b\n    c\n", 3, "unindent does not match any outer indentation level");
        refuses("if a:\n\tb\n        c\n", 3, "inconsistent use of tabs and spaces");
        refuses("x = 1\ny = 2 $ 3\n", 2, "invalid character '$' (U+0024)");
        refuses("x = 1\ny = a ? b : c\n", 2, "invalid character '?'");
        refuses("x = 1 \\ y\n", 1, "unexpected character after line continuation character");
        refuses("x = 1\ny = '\0'\n", 2, "null bytes");
        refuses("x = " + "(".repeat(201) + ")".repeat(201), 1, "too many nested parentheses");
    }
}
