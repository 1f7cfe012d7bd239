package io.medic.doctor.testing;

import java.util.List;

/** What one run of real Alembic did: the arguments after the options, exit code, stdout and stderr. */
public record AlembicResult(List<String> arguments, int exitCode, String stdout, String stderr) {

    public AlembicResult {
        arguments = List.copyOf(arguments);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The command as a person would type it, without the -c and -x options. */
    public String command() {
        return "alembic " + String.join(" ", arguments);
    }
}
