package io.medic.cli;

import java.io.PrintStream;
import java.util.List;

/** One {@code bin/medic} subcommand. Returns the process exit code. */
interface Command {

    /** Exit code for bad input: unreadable files, invalid options, no database. */
    int BAD_INPUT = 2;

    String name();

    String usage();

    int run(List<String> args, PrintStream out, PrintStream err);
}
