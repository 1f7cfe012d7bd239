package io.medic.sandbox;

import io.medic.sandbox.basketball.BasketballApi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a sandbox until SIGTERM or Ctrl-C (which stop every pod's processes), with the basketball-api fixture
 * installed. When it is ready it prints, one per line, {@code master-url <url>}, {@code kubeconfig <path>},
 * {@code basketball-api-repository <url>} and finally {@code ready}, so that a parent process can read them.
 *
 * <pre>
 * java -cp ... io.medic.sandbox.SandboxMain [--port N] [--work-dir DIR] [--back-off-factor F] [--no-fixture]
 * </pre>
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        long t0 = System.nanoTime();
        SandboxOptions options = SandboxOptions.defaults();
        boolean fixture = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> options = options.withApiPort(Integer.parseInt(value(args, ++i)));
                case "--work-dir" -> options = options.withWorkDir(Path.of(value(args, ++i))).keepingWorkDir(true);
                case "--back-off-factor" -> options = options.withBackOffFactor(Double.parseDouble(value(args, ++i)));
                case "--shutdown-grace" -> options = options.withShutdownGrace(Duration.ofSeconds(Long.parseLong(value(args, ++i))));
                case "--no-fixture" -> fixture = false;
                default -> {
                    System.err.println("usage: SandboxMain [--port N] [--work-dir DIR] [--back-off-factor F] [--shutdown-grace SECONDS] [--no-fixture]");
                    System.exit(2);
                }
            }
        }
        Sandbox sandbox = Sandbox.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-main-stop"));
        System.out.println("master-url " + sandbox.masterUrl());
        System.out.println("kubeconfig " + sandbox.kubeconfig());
        if (fixture) {
            BasketballApi api = BasketballApi.install(sandbox);
            System.out.println("basketball-api-repository " + api.repositoryUrl());
            System.out.println("images " + String.join(" ", sandbox.images().references()));
        }
        System.out.printf("ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        System.out.flush();
        stopped.await();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
