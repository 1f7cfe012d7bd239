package io.medic.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/medic demo}'s front door through the real launcher: its usage, and an option it does not know refused at
 * once (exit 2) before anything is installed, built or started. The demo itself runs in the e2e module's tests.
 */
class DemoCommandIT {

    private static final String USAGE = "usage: bin/medic demo [--approve] [--branched] [--old-image] [--init-container | --hook-job]";

    @Test
    void helpPrintsTheUsageAndExitsZero() {
        MedicProcess run = MedicProcess.run("demo", "--help");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout().strip()).isEqualTo(USAGE);
    }

    @Test
    void anUnknownOptionIsRefusedAtOnceWithTheUsage() {
        MedicProcess run = MedicProcess.run("demo", "--approve", "--aprove");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.stderr()).contains("unknown option --aprove", USAGE);
        assertThat(run.stdout()).as("nothing installed, built or started").isEmpty();
    }
}
