package io.medic.sandbox.basketball;

import org.eclipse.jgit.lib.ObjectId;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Finds the nonces that give the fixture's three named commits their prefixes ({@code 737093f},
 * {@code 15f3047} and the branched tip's), by brute force over the SHA-1 of each commit object (2^28 tries
 * expected per commit: a minute or two on two cores), and writes {@code fixture-commits.properties}.
 * Deterministic: it finds the smallest such nonce, so a rerun on the same inputs writes the same file.
 *
 * <pre>sandbox/fixture-nonces.sh            (= java ... FixtureNonces examples/basketball-api)</pre>
 */
public final class FixtureNonces {

    private static final long BLOCK = 1L << 22;

    private FixtureNonces() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: FixtureNonces <examples/basketball-api directory>");
            System.exit(2);
        }
        Path examples = Path.of(args[0]);
        FixtureHistory history = new FixtureHistory(FixtureSources.fromDirectory(examples));
        Map<String, Long> nonces = new TreeMap<>();
        Map<String, String> commits = new TreeMap<>();
        Path scratch = Files.createTempDirectory("fixture-nonces-");
        try {
            FixtureRepository.Commits built = FixtureRepository.write(scratch.resolve("repo.git"), history, (target, before, rawLength) -> {
                Instant t0 = Instant.now();
                long nonce = search(before, rawLength, target.prefix());
                System.out.printf("%-8s %s: nonce %d (%.1f s)%n", target.key(), target.prefix(), nonce,
                        Duration.between(t0, Instant.now()).toMillis() / 1000.0);
                nonces.put(target.key(), nonce);
                return nonce;
            });
            commits.put(FixtureHistory.OLD.key(), built.old().name());
            commits.put(FixtureHistory.LINEAR_TIP.key(), built.linearTip().name());
            commits.put(FixtureHistory.BRANCHED_TIP.key(), built.branchedTip().name());
            check(built.old(), FixtureHistory.OLD);
            check(built.linearTip(), FixtureHistory.LINEAR_TIP);
            check(built.branchedTip(), FixtureHistory.BRANCHED_TIP);
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Path file = examples.resolve(FixtureCommits.FILE);
        new FixtureCommits(nonces, commits).write(file);
        System.out.println("wrote " + file);
    }

    private static void check(ObjectId id, FixtureHistory.Target target) {
        if (!id.name().startsWith(target.prefix())) {
            throw new IllegalStateException(target.key() + ": " + id.name() + " does not start with " + target.prefix());
        }
    }

    /** The smallest nonce whose commit object's SHA-1 starts with {@code prefix} (7 hex digits). */
    static long search(byte[] before, int rawLength, String prefix) {
        int want = Integer.parseUnsignedInt(prefix, 16);
        MessageDigest base = sha1();
        base.update(("commit " + rawLength + "\0").getBytes(StandardCharsets.US_ASCII));
        base.update(before);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (long start = 0; ; start += BLOCK) {
                long per = BLOCK / threads;
                java.util.List<Future<Long>> parts = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    long from = start + t * per;
                    long to = t == threads - 1 ? start + BLOCK : from + per;
                    parts.add(pool.submit(() -> scan(base, from, to, want)));
                }
                long best = -1;
                for (Future<Long> part : parts) {
                    long found = part.get();
                    if (found >= 0 && (best < 0 || found < best)) {
                        best = found;
                    }
                }
                if (best >= 0) {
                    return best;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("nonce search failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long scan(MessageDigest base, long from, long to, int want) throws CloneNotSupportedException {
        byte[] digits = String.format("%0" + FixtureHistory.NONCE_DIGITS + "d\n", from).getBytes(StandardCharsets.US_ASCII);
        for (long n = from; n < to; n++) {
            MessageDigest md = (MessageDigest) base.clone();
            md.update(digits);
            byte[] d = md.digest();
            int top = (d[0] & 0xff) << 24 | (d[1] & 0xff) << 16 | (d[2] & 0xff) << 8 | (d[3] & 0xff);
            if (top >>> 4 == want) {
                return n;
            }
            increment(digits);
        }
        return -1;
    }

    private static void increment(byte[] digits) {
        for (int i = FixtureHistory.NONCE_DIGITS - 1; i >= 0; i--) {
            if (digits[i] == '9') {
                digits[i] = '0';
            } else {
                digits[i]++;
                return;
            }
        }
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
