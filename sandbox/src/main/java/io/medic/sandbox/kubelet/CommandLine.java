package io.medic.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A container's argv as Kubernetes builds it from the image and the container, and its executable found. */
final class CommandLine {

    /** Why a container could not be started ({@code StartError}, exit code 128, as containerd reports it). */
    static final class StartError extends Exception {
        StartError(String message) {
            super(message);
        }
    }

    private CommandLine() {
    }

    /**
     * {@code command} replaces the image's ENTRYPOINT and {@code args} its CMD (a {@code command} alone drops
     * the CMD); {@code $(VAR)} in the container's own command and args expands from its environment. The
     * executable is looked up on the container's PATH, or taken relative to the working directory.
     */
    static List<String> argv(Image image, Container container, Map<String, String> env, Path workingDir) throws StartError {
        List<String> command = container.getCommand() == null ? List.of() : container.getCommand();
        List<String> args = container.getArgs() == null ? List.of() : container.getArgs();
        List<String> argv = new ArrayList<>();
        if (!command.isEmpty()) {
            command.forEach(c -> argv.add(expand(c, env)));
            args.forEach(a -> argv.add(expand(a, env)));
        } else {
            argv.addAll(image.entrypoint());
            if (!args.isEmpty()) {
                args.forEach(a -> argv.add(expand(a, env)));
            } else {
                argv.addAll(image.cmd());
            }
        }
        if (argv.isEmpty()) {
            throw new StartError("failed to create containerd task: no command specified");
        }
        argv.set(0, executable(argv.get(0), env.getOrDefault("PATH", Image.DEFAULT_PATH), workingDir).toString());
        return argv;
    }

    static Path executable(String name, String path, Path workingDir) throws StartError {
        if (name.contains("/")) {
            Path p = workingDir.resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toAbsolutePath();
            }
            throw new StartError("failed to create containerd task: exec: \"" + name + "\": stat " + name + ": no such file or directory");
        }
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = workingDir.resolve(dir).resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toAbsolutePath();
            }
        }
        throw new StartError("failed to create containerd task: exec: \"" + name + "\": executable file not found in $PATH");
    }

    /**
     * Kubernetes' variable expansion: {@code $(NAME)} becomes NAME's value when NAME is defined (and stays as
     * written otherwise), {@code $$} becomes {@code $}.
     */
    static String expand(String input, Map<String, String> env) {
        StringBuilder out = new StringBuilder(input.length());
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c != '$' || i + 1 >= input.length()) {
                out.append(c);
                continue;
            }
            char next = input.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i++;
            } else if (next == '(') {
                int close = input.indexOf(')', i + 2);
                if (close < 0) {
                    out.append(input, i, input.length());
                    break;
                }
                String name = input.substring(i + 2, close);
                String value = env.get(name);
                out.append(value != null ? value : input.substring(i, close + 1));
                i = close;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
