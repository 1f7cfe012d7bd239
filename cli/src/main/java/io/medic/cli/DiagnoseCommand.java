package io.medic.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code bin/medic diagnose}: which revisions are really applied, and a plan that is correct. */
final class DiagnoseCommand implements Command {

    @Override
    public String name() {
        return "diagnose";
    }

    @Override
    public String usage() {
        return "diagnose --migrations <versions dir> --database postgresql://USER:PASS@HOST:PORT/DB [--schema public] [--format text|json|alembic]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("medic diagnose: the engine is being written");
        return BAD_INPUT;
    }
}
