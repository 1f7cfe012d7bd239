package io.medic.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code bin/medic signatures}: runs the detector's signature catalog over a log file. */
final class SignaturesCommand implements Command {

    @Override
    public String name() {
        return "signatures";
    }

    @Override
    public String usage() {
        return "signatures --log FILE [--signatures FILE] [--format text|json]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("medic signatures: the catalog is being written");
        return BAD_INPUT;
    }
}
