package io.medic.planner.client;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Several incidents of one image diagnosed at once write the same revision files: each gets the one directory. */
class VersionsCacheTests {

    @TempDir
    Path root;

    @RepeatedTest(5)
    void concurrentWritersOfTheSameContentAllGetTheDirectory() throws Exception {
        VersionsCache cache = new VersionsCache(root);
        Map<String, byte[]> files = Map.of("001_create_teams.py", "revision = '001'\n".getBytes(StandardCharsets.UTF_8),
                "002_add_players.py", "revision = '002'\n".getBytes(StandardCharsets.UTF_8));
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.write("git:basketball-api@15f3047", files);
                }));
            }
            start.countDown();
            List<Path> dirs = new ArrayList<>();
            for (Future<Path> r : results) {
                dirs.add(r.get());
            }
            assertThat(dirs).allMatch(d -> d.equals(dirs.get(0)));
            try (var listing = Files.list(dirs.get(0))) {
                assertThat(listing.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("001_create_teams.py", "002_add_players.py");
            }
            try (var staging = Files.list(dirs.get(0).getParent())) {
                assertThat(staging.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".staging-"));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
