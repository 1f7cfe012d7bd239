package io.medic.testsupport.broker;

import org.apache.kafka.common.utils.Exit;

/**
 * Main class of the child JVM that runs a real single-node KRaft broker for tests.
 * <p>
 * Arguments: {@code <parent pid> <cluster id> <server.properties>}. The storage directory is formatted
 * first (in this same JVM, with Kafka's exit procedure intercepted), then the broker runs until the
 * parent JVM exits, however it exits: a killed test JVM never leaves a broker behind.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: KafkaBrokerMain <parent pid> <cluster id> <server.properties>");
            Runtime.getRuntime().halt(2);
        }
        long parentPid = Long.parseLong(args[0]);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
                () -> Runtime.getRuntime().halt(0));

        format(args[1], args[2]);
        kafka.Kafka.main(new String[]{args[2]});
    }

    /** kafka-storage format; StorageTool ends by calling Exit, which here returns instead of exiting. */
    private static void format(String clusterId, String properties) {
        Exit.setExitProcedure((code, message) -> {
            throw new FormatDone(code, message);
        });
        try {
            kafka.tools.StorageTool.main(new String[]{"format", "-t", clusterId, "-c", properties, "--ignore-formatted"});
        } catch (FormatDone done) {
            if (done.code != 0) {
                System.err.println("kafka-storage format failed (" + done.code + "): " + done.getMessage());
                Runtime.getRuntime().halt(done.code);
            }
        } finally {
            Exit.resetExitProcedure();
        }
    }

    private static final class FormatDone extends RuntimeException {
        private final int code;

        FormatDone(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
