package io.medic.doctor.migration;

/**
 * String building without {@code +}: javac compiles {@code +} to an invokedynamic call whose first use
 * costs 20+ ms in a fresh JVM, and the CLI runs the reader in a fresh JVM every time.
 */
final class Concat {

    private Concat() {
    }

    static String of(Object... parts) {
        StringBuilder out = new StringBuilder(64);
        for (Object part : parts) {
            out.append(part);
        }
        return out.toString();
    }
}
