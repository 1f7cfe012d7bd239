package io.medic.detector;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.medic.events.Signal;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.medic.detector.TestCluster.IMAGE;
import static io.medic.detector.TestCluster.LINKS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** What a signal carries from the log: redacted, capped, and always a signature. */
@QuarkusTest
class EvidenceTests extends ClusterScenario {

    @Test
    void secretsInTheLogNeverLeaveTheDetector() {
        String log = "INFO  [alembic.runtime.migration] Running upgrade 018 -> 020, add custom notes\n"
                + "{\"level\":\"error\",\"event\":\"migration failed\",\"db_password\":\"hunter2\",\"exception\":"
                + "\"sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at \\\"db\\\" (10.0.0.5), "
                + "port 5432 failed: FATAL:  password authentication failed for user \\\"basketball\\\"\"}\n"
                + "retrying with postgresql://basketball:hunter2@db:5432/basketball password=hunter2 PGPASSWORD=hunter2\n"
                + "GET https://forge.local/api/v1/repos?token=tok_9f8e7d Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln\n";
        Pod pod = crashing("secrets", log);

        ConsumerRecord<String, byte[]> record = signals.awaitRecord(pod.getMetadata().getNamespace() + "/basketball-api", s -> true);

        Signal signal = SignalsOnKafka.decode(record);
        assertThat(signal.signature().id()).isEqualTo("db.authentication-failed");
        assertThat(signal.signature().fields()).isEqualTo(Map.of("user", "basketball"));
        assertThat(signal.logExcerpt()).contains("postgresql://basketball:***@db:5432/basketball password=*** PGPASSWORD=***")
                .contains("token=***").contains("Bearer ***");
        assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .doesNotContain("hunter2").doesNotContain("tok_9f8e7d").doesNotContain("eyJzdWIiOiIxIn0");
    }

    @Test
    void aFiftyMegabyteLogIsCapped() {
        StringBuilder log = new StringBuilder(52 * 1024 * 1024);
        String line = "DEBUG sqlalchemy.engine " + "x".repeat(1000) + "\n";
        while (log.length() < 50 * 1024 * 1024) {
            log.append(line);
        }
        log.append("sqlalchemy.exc.ProgrammingError: (psycopg2.errors.DuplicateTable) relation \"oauth_tokens\" already exists\n");
        Pod pod = crashing("huge-log", log.toString());

        ConsumerRecord<String, byte[]> record = signals.awaitRecord(pod.getMetadata().getNamespace() + "/basketball-api", s -> true);

        Signal signal = SignalsOnKafka.decode(record);
        assertThat(signal.signature().id()).isEqualTo("db.duplicate-table");
        assertThat(signal.signature().fields()).isEqualTo(Map.of("table", "oauth_tokens"));
        assertThat(signal.logExcerpt().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(8192);
        assertThat(signal.logExcerpt()).endsWith("relation \"oauth_tokens\" already exists");
        assertThat(record.value().length).isLessThan(16 * 1024);
    }

    @Test
    void anUnknownLogGivesTheGenericSignatureWithTheLastExceptionLine() {
        String log = "Traceback (most recent call last):\n  File \"/app/settings.py\", line 18, in <module>\n"
                + "    PORT = int(os.environ[\"PORT\"])\nValueError: invalid literal for int() with base 10: 'eighty'\n";
        Pod pod = crashing("unknown-log", log);

        Signal signal = signals.awaitOne(pod.getMetadata().getNamespace() + "/basketball-api", s -> true);

        assertThat(signal.signature().id()).isEqualTo("generic.exception");
        assertThat(signal.signature().fields()).isEqualTo(Map.of("exception", "ValueError",
                "line", "ValueError: invalid literal for int() with base 10: 'eighty'"));
    }

    @Test
    void anOomKilledContainerWhoseLogIsGoneIsStillReportedAndTheFailureCounted() {
        String ns = TestCluster.namespace("oom");
        Deployment d = cluster.deployment(ns, "basketball-api", LINKS, IMAGE, 1);
        Pod pod = cluster.pod(cluster.replicaSet(d, "7d9f8c6b5", 1, IMAGE), "x2x9q", IMAGE);
        server.expect().get().withPath("/api/v1/namespaces/" + ns + "/pods/" + pod.getMetadata().getName()
                        + "/log?pretty=false&container=api&previous=true&tailLines=200")
                .andReturn(404, "{\"kind\":\"Status\",\"code\":404,\"message\":\"previous terminated container not found\"}").always();
        double failuresBefore = logFetchFailures();

        cluster.crashLoop(pod, 2, "OOMKilled", 137, Instant.now().minusSeconds(9).truncatedTo(ChronoUnit.SECONDS), 8);

        Signal signal = signals.awaitOne(ns + "/basketball-api", s -> true);
        assertThat(signal.signature().id()).isEqualTo("container.oom-killed");
        assertThat(signal.lastTermination().exitCode()).isEqualTo(137);
        assertThat(signal.logExcerpt()).isEmpty();
        assertThat(logFetchFailures()).isGreaterThan(failuresBefore);
    }

    private Pod crashing(String purpose, String log) {
        String ns = TestCluster.namespace(purpose);
        Deployment d = cluster.deployment(ns, "basketball-api", LINKS, IMAGE, 1);
        Pod pod = cluster.pod(cluster.replicaSet(d, "7d9f8c6b5", 1, IMAGE), "x2x9q", IMAGE);
        cluster.previousLog(ns, pod.getMetadata().getName(), "api", log);
        return cluster.crashLoop(pod, 2);
    }

    static double logFetchFailures() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("medic_log_fetch_failures_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
