package io.medic.doctor.migration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Issue 17, item 7: names ending in {@code .py} that are not files. None may block the reader (a FIFO
 * blocks whoever opens it until someone writes), and each reason says plainly what the name is.
 */
class SpecialFilesTests {

    @TempDir
    Path dir;

    @Test
    void fifosSocketsDevicesAndBrokenLinksAreRefusedByNameWithoutBlocking() throws Exception {
        Files.writeString(dir.resolve("001_ok.py"), "revision = '001'\ndown_revision = None\n\ndef upgrade():\n    pass\n");
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("002_fifo.py").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(dir.resolve("003_socket.py")));
            Files.createSymbolicLink(dir.resolve("004_device.py"), Path.of("/dev/zero"));
            Files.createSymbolicLink(dir.resolve("005_loop.py"), Path.of("006_loop.py"));
            Files.createSymbolicLink(dir.resolve("006_loop.py"), Path.of("005_loop.py"));
            Files.createSymbolicLink(dir.resolve("007_dangling.py"), Path.of("../gone/007.py"));

            MigrationDirectory.Contents contents = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> MigrationDirectory.read(dir));

            assertThat(contents.files()).extracting(MigrationFile::revision).containsExactly("001");
            assertThat(contents.errors()).extracting(e -> e.file().getFileName() + ": " + e.reason()).containsExactly(
                    "002_fifo.py: a named pipe (FIFO), not a regular file: Alembic would block or fail reading it",
                    "003_socket.py: a socket, not a regular file: Alembic would block or fail reading it",
                    "004_device.py: a character device, not a regular file: Alembic would block or fail reading it",
                    "005_loop.py: a symbolic link that never reaches a file (a loop of links, via 006_loop.py)",
                    "006_loop.py: a symbolic link that never reaches a file (a loop of links, via 005_loop.py)",
                    "007_dangling.py: a symbolic link to ../gone/007.py, which does not exist");
        }
    }
}
