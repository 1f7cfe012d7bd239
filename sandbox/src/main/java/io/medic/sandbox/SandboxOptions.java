package io.medic.sandbox;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to start a {@link Sandbox}.
 *
 * @param workDir        where the kubeconfig, pod logs, images and git repositories go; null: a new temporary
 *                       directory, deleted on close unless {@code keepWorkDir} (and, when its JVM was killed, by
 *                       the next sandbox that starts)
 * @param apiPort        the API server's port on 127.0.0.1; 0: a free one
 * @param backOffFactor  multiplies the kubelet's restart and image-pull back-offs (10 s doubling to 5 min) and the
 *                       Job controller's pod back-off; 1.0 is Kubernetes' timing, tests use ~0.05
 * @param nodeName       the one node's name
 * @param shutdownGrace  how long close() lets containers stop after SIGTERM before killing them
 * @param keepWorkDir    leave the work directory (logs included) behind on close
 */
public record SandboxOptions(Path workDir, int apiPort, double backOffFactor, String nodeName, Duration shutdownGrace,
                             boolean keepWorkDir) {

    public SandboxOptions {
        if (backOffFactor <= 0) {
            throw new IllegalArgumentException("backOffFactor must be positive: " + backOffFactor);
        }
        if (apiPort < 0 || apiPort > 65535) {
            throw new IllegalArgumentException("apiPort out of range: " + apiPort);
        }
    }

    public static SandboxOptions defaults() {
        return new SandboxOptions(null, 0, 1.0, "sandbox", Duration.ofSeconds(5), false);
    }

    public SandboxOptions withWorkDir(Path dir) {
        return new SandboxOptions(dir, apiPort, backOffFactor, nodeName, shutdownGrace, keepWorkDir);
    }

    public SandboxOptions withApiPort(int port) {
        return new SandboxOptions(workDir, port, backOffFactor, nodeName, shutdownGrace, keepWorkDir);
    }

    public SandboxOptions withBackOffFactor(double factor) {
        return new SandboxOptions(workDir, apiPort, factor, nodeName, shutdownGrace, keepWorkDir);
    }

    public SandboxOptions withNodeName(String name) {
        return new SandboxOptions(workDir, apiPort, backOffFactor, name, shutdownGrace, keepWorkDir);
    }

    public SandboxOptions withShutdownGrace(Duration grace) {
        return new SandboxOptions(workDir, apiPort, backOffFactor, nodeName, grace, keepWorkDir);
    }

    public SandboxOptions keepingWorkDir(boolean keep) {
        return new SandboxOptions(workDir, apiPort, backOffFactor, nodeName, shutdownGrace, keep);
    }
}
