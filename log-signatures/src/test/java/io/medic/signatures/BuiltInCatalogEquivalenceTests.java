package io.medic.signatures;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving the catalog to RE2/J must not change what it finds: every built-in signature, run by RE2/J, matches
 * where java.util.regex matched it before, with the same fields, on every fixture log and on thousands of
 * variations of the fixtures' lines (tokens replaced, dropped, repeated or inserted; fixed seed). The three
 * signatures RE2/J needed spelt otherwise ("relation" not after "of"/"for" is now {@code not-after} instead of
 * a lookbehind; a choice of words is one regex per word) are compared with their original Java regexes.
 */
class BuiltInCatalogEquivalenceTests {

    /** The built-in patterns as they were, for java.util.regex, where RE2/J needed another spelling. */
    private static final Map<String, List<String>> JAVA_ORIGINALS = Map.of(
            "db.duplicate-table", List.of(
                    "(?<!\\bof\\s)(?<!\\bfor\\s)\\brelation\\s+\"(?<table>[^\"]+)\"\\s+already\\s+exists",
                    "\\bDuplicateTable(?:Error)?\\b"),
            "db.duplicate-object", List.of(
                    "\\b(?<objectType>constraint|type|schema|extension|function|trigger|role|sequence|index)\\s+\"(?<object>[^\"]+)\""
                            + "(?:\\s+for\\s+relation\\s+\"(?<table>[^\"]+)\")?\\s+already\\s+exists",
                    "\\bDuplicateObject(?:Error)?\\b"),
            "db.undefined-table", List.of(
                    "(?<!\\bof\\s)(?<!\\bfor\\s)\\b(?:relation|table)\\s+\"(?<table>[^\"]+)\"\\s+does\\s+not\\s+exist",
                    "\\bUndefinedTable(?:Error)?\\b"));
    /** Words the rewritten patterns turn on, mixed into the fixtures' words more often than chance would. */
    private static final List<String> PIVOTS = List.of("of", "for", "Of", "fo", "o", "f", "offer", "xof", "form", "relation",
            "table", "\"players\"", "already", "exists", "does", "not", "exist", " ", " ", "  ", "\n", "\t", "\"", "(", ".");
    private static final int TEXTS = 4000;

    @Test
    void everyBuiltInPatternFindsWhatItFoundBeforeOnEveryFixtureAndOnTextsMadeOfTheirWords() throws Exception {
        List<String> texts = fixtureTexts();
        List<String> words = words(texts);
        List<String> lines = texts.stream().flatMap(t -> pairsOfLines(t).stream()).filter(l -> l.length() <= 400).distinct().toList();
        Random random = new Random(17);
        for (int i = 0; i < TEXTS; i++) {
            texts.add(mutated(lines.get(random.nextInt(lines.size())), words, random));
        }
        int compared = 0;
        int matched = 0;
        for (Signature signature : SignatureCatalog.builtIn().signatures()) {
            List<String> originals = JAVA_ORIGINALS.getOrDefault(signature.id(),
                    signature.patterns().stream().map(LinearRegex::pattern).toList());
            List<java.util.regex.Pattern> backtracking = originals.stream().map(java.util.regex.Pattern::compile).toList();
            List<String> groups = List.copyOf(signature.fields());
            for (String text : texts) {
                List<String> expected = new ArrayList<>();
                backtracking.forEach(p -> expected.addAll(javaMatches(p, groups, text)));
                List<String> actual = new ArrayList<>();
                signature.patterns().forEach(p -> actual.addAll(linearMatches(p, groups, text)));
                expected.sort(null);
                actual.sort(null);
                if (!actual.equals(expected)) {
                    assertThat(actual).as(signature.id() + " on " + text).isEqualTo(expected);
                }
                compared++;
                matched += expected.isEmpty() ? 0 : 1;
            }
        }
        assertThat(matched).as("signature runs that matched, out of " + compared).isGreaterThan(500);
    }

    @Test
    void aLeadingWordBoundaryAndNotAfterMeanWhatTheyMeantToJavaEvenWhenMatchesAreRefusedOverAndOver() {
        // refused matches overlap the next candidate here: the engine must retry one character on, exactly
        List<String> texts = List.of("x foo x foo x foo bar", "xfoo foo", "of foo", "of  foo", "Of foo", "xof foo", "for\tfoo",
                "of\nfoo", "foo", "(of foo)", "a.foo", "_foo foo_foo", "of foo of foo foo", "x foo ".repeat(200));
        Map<LinearRegex, String> equivalents = Map.of(
                LinearRegex.builtIn("\\bfoo.*"), "\\bfoo.*",
                LinearRegex.builtIn("\\b(?<w>foo)\\b"), "\\b(?<w>foo)\\b",
                notAfter("\\bfoo[^\\n]*", "x", "of"), "(?<!\\bx\\s)(?<!\\bof\\s)\\bfoo[^\\n]*",
                notAfter("foo", "of", "for"), "(?<!\\bof\\s)(?<!\\bfor\\s)foo");
        equivalents.forEach((linear, original) -> {
            for (String text : texts) {
                assertThat(linearMatches(linear, List.of(), text)).as(linear + " on " + text)
                        .isEqualTo(javaMatches(java.util.regex.Pattern.compile(original), List.of(), text));
            }
        });
    }

    private static LinearRegex notAfter(String regex, String... words) {
        try {
            return LinearRegex.compile(regex, List.of(words));
        } catch (LinearRegex.Refused e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> javaMatches(java.util.regex.Pattern pattern, List<String> groups, String text) {
        List<String> found = new ArrayList<>();
        java.util.regex.Matcher m = pattern.matcher(text);
        while (m.find()) {
            Map<String, String> values = new LinkedHashMap<>();
            groups.forEach(g -> values.put(g, groupOrNull(m, g)));
            found.add(m.start() + "-" + m.end() + " " + values);
        }
        return found;
    }

    private static String groupOrNull(java.util.regex.Matcher m, String group) {
        try {
            return m.group(group);
        } catch (IllegalArgumentException notInThisPattern) {
            return null;
        }
    }

    private static List<String> linearMatches(LinearRegex pattern, List<String> groups, String text) {
        List<String> found = new ArrayList<>();
        Set<String> names = Set.copyOf(pattern.groupNames());
        pattern.forEachMatch(text, m -> {
            Map<String, String> values = new LinkedHashMap<>();
            groups.forEach(g -> values.put(g, names.contains(g) ? m.group(g) : null));
            found.add(m.start() + "-" + m.end() + " " + values);
        });
        return found;
    }

    /** {@code line} with one to four of its tokens replaced, removed, repeated, or preceded by another. */
    private static String mutated(String line, List<String> words, Random random) {
        List<String> tokens = new ArrayList<>(List.of(line.split("(?<=\\W)|(?=\\W)")));
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && !tokens.isEmpty(); e++) {
            int at = random.nextInt(tokens.size());
            String other = random.nextBoolean() ? PIVOTS.get(random.nextInt(PIVOTS.size())) : words.get(random.nextInt(words.size()));
            switch (random.nextInt(4)) {
                case 0 -> tokens.set(at, other);
                case 1 -> tokens.remove(at);
                case 2 -> tokens.add(at, tokens.get(at));
                default -> tokens.add(at, other);
            }
        }
        return String.join("", tokens);
    }

    /** Every line of {@code text}, and every two consecutive lines (messages wrap). */
    private static List<String> pairsOfLines(String text) {
        String[] lines = text.split("\n", -1);
        List<String> out = new ArrayList<>(List.of(lines));
        for (int i = 0; i + 1 < lines.length; i++) {
            out.add(lines[i] + "\n" + lines[i + 1]);
        }
        return out;
    }

    /** Each fixture log as the signatures see it: normalised, lines joined. */
    private static List<String> fixtureTexts() throws IOException, URISyntaxException {
        List<String> texts = new ArrayList<>();
        for (Path log : CatalogFixturesTests.LogFixtures.all().toList()) {
            texts.add(String.join("\n", LogNormalizer.lines(Files.readString(log))));
        }
        return texts;
    }

    /** The fixtures' words and the single characters between them. */
    private static List<String> words(List<String> texts) {
        Set<String> words = new TreeSet<>();
        for (String text : texts) {
            for (String token : text.split("(?<=\\W)|(?=\\W)")) {
                words.add(token);
            }
        }
        return new ArrayList<>(words);
    }
}
