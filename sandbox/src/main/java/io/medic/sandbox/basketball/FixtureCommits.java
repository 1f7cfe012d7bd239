package io.medic.sandbox.basketball;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code examples/basketball-api/fixture-commits.properties}: for each commit that must have the incident's
 * prefix, the nonce that gives it that prefix and the commit id it then has. Written by {@link FixtureNonces};
 * checked every time the sandbox builds the repository.
 */
record FixtureCommits(Map<String, Long> nonces, Map<String, String> commits) {

    static final String FILE = "fixture-commits.properties";
    static final String REGENERATE = "sandbox/fixture-nonces.sh";

    static FixtureCommits from(FixtureSources sources) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(sources.file(FILE), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Long> nonces = new TreeMap<>();
        Map<String, String> commits = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.endsWith(".nonce")) {
                nonces.put(key.substring(0, key.length() - ".nonce".length()), Long.parseLong(p.getProperty(key).strip()));
            } else if (key.endsWith(".commit")) {
                commits.put(key.substring(0, key.length() - ".commit".length()), p.getProperty(key).strip());
            }
        }
        return new FixtureCommits(nonces, commits);
    }

    void write(Path file) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("# The basketball-api fixture's git history (io.medic.sandbox.basketball.FixtureHistory): the nonce that gives\n");
        s.append("# each of these commits its 7-character prefix from incident #183, and the commit id it then has.\n");
        s.append("# Written by ").append(REGENERATE).append(" (run it again after changing anything in app/, linear/, branched/\n");
        s.append("# or FixtureHistory); the sandbox checks them every time it builds the repository.\n");
        for (String key : nonces.keySet()) {
            s.append(key).append(".nonce=").append(nonces.get(key)).append('\n');
            s.append(key).append(".commit=").append(commits.get(key)).append('\n');
        }
        Files.writeString(file, s.toString());
    }
}
