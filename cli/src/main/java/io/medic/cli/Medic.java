package io.medic.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code bin/medic}: Medic's engines from the command line, without Kafka or Kubernetes. */
public final class Medic {

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        register(new DiagnoseCommand());
        register(new SignaturesCommand());
    }

    private Medic() {
    }

    private static void register(Command command) {
        COMMANDS.put(command.name(), command);
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("help")) {
            usage(args.isEmpty() ? err : out);
            return args.isEmpty() ? Command.BAD_INPUT : 0;
        }
        Command command = COMMANDS.get(args.get(0));
        if (command == null) {
            err.println("medic: unknown command '" + args.get(0) + "'");
            usage(err);
            return Command.BAD_INPUT;
        }
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help")) {
            out.println("usage: " + command.usage());
            return 0;
        }
        return command.run(rest, out, err);
    }

    private static void usage(PrintStream stream) {
        stream.println("usage: bin/medic <command> [options]");
        COMMANDS.values().forEach(c -> stream.println("  " + c.usage()));
    }
}
