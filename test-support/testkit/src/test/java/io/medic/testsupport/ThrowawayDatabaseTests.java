package io.medic.testsupport;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ThrowawayDatabaseTests {

    /** Run in a child JVM whose PGPORT points nowhere. */
    public static void main(String[] args) {
        try (ThrowawayDatabase db = new ThrowawayDatabase("unreachable").open()) {
            System.out.println("opened " + db.name());
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
        }
    }

    @Test
    void aDatabaseIsCreatedForTheTestAndDroppedAfterwards() {
        String name;
        try (ThrowawayDatabase db = new ThrowawayDatabase("lifecycle").open()) {
            name = db.name();
            db.execute("CREATE TABLE t (id int)", "INSERT INTO t VALUES (1)");
            assertThat(db.column("SELECT id FROM t")).containsExactly("1");
        }
        try (ThrowawayDatabase other = new ThrowawayDatabase("observer").open()) {
            assertThat(other.column("SELECT datname FROM pg_database WHERE datname = '" + name + "'")).isEmpty();
        }
    }

    @Test
    void withoutAServerItSaysHowToStartOne() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ThrowawayDatabaseTests.class.getName()).redirectErrorStream(true);
        builder.environment().put("PGHOST", "127.0.0.1");
        builder.environment().put("PGPORT", Integer.toString(closed));
        Process child = builder.start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).contains("PostgreSQL is not reachable at 127.0.0.1:" + closed,
                "pg_ctlcluster --skip-systemctl-redirect");
    }
}
