package dev.hadirector.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code ha-director.jar}: handles the global options ({@code --help}, {@code --version},
 * {@code --debug}) and hands everything else to a sub-command. Arguments that do not start with a command
 * name go to {@code run}, so {@code ha-director -f keepalived.conf -t} works as with keepalived.
 */
public final class Main {
    private final Map<String, Command> commands = new LinkedHashMap<>();

    /** A dispatcher over these commands; the first one is the default. */
    public Main(List<Command> commands) {
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("commands invalid: need at least the default command");
        }
        for (Command command : commands) {
            if (this.commands.put(command.name(), command) != null) {
                throw new IllegalArgumentException("command '" + command.name() + "' registered twice");
            }
        }
    }

    /** The commands of this build. New sub-commands are added here. */
    public static Main standard() {
        return new Main(List.of(new RunCommand(), new IpvsCliCommand(), new GenhashCliCommand()));
    }

    /**
     * The dispatcher one command line needs: for {@code ipvs ...} one that knows only that command, so loading
     * a table does not first load the classes of {@code run} (its options, the configuration reader). A cold
     * JVM is most of what an {@code ipvs} command costs.
     */
    static Main forArguments(String[] args) {
        if (args != null && args.length > 0 && IpvsCliCommand.NAME.equals(args[0])) {
            return new Main(List.of(new IpvsCliCommand()));
        }
        return standard();
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = forArguments(args).run(args, System.out, System.err);
        } catch (RuntimeException | Error e) {
            // only reachable if building the commands themselves fails; run() catches everything else
            exit = internalError(System.err, e, args != null && Arrays.asList(args).contains("--debug"));
        }
        System.exit(exit);
    }

    /** Runs one command line; returns the exit code. Never throws. */
    public int run(String[] argv, PrintStream out, PrintStream err) {
        List<String> args = new ArrayList<>(Arrays.asList(argv == null ? new String[0] : argv));
        boolean debug = args.remove("--debug");
        try {
            if (args.isEmpty() || args.get(0).startsWith("-")) {
                if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
                    out.print(help());
                    return ExitCode.OK;
                }
                if (!args.isEmpty() && (args.get(0).equals("--version") || args.get(0).equals("-v"))) {
                    out.println("ha-director " + Version.current());
                    return ExitCode.OK;
                }
                return defaultCommand().run(List.copyOf(args), out, err);
            }
            Command command = commands.get(args.get(0));
            if (command == null) {
                return usageError(err, "unknown command '" + args.get(0) + "' (commands: "
                        + String.join(", ", commands.keySet()) + ")");
            }
            return command.run(List.copyOf(args.subList(1, args.size())), out, err);
        } catch (RuntimeException | Error e) {
            return internalError(err, e, debug);
        }
    }

    private static int internalError(PrintStream err, Throwable e, boolean debug) {
        err.println("ha-director: internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"));
        if (debug) {
            e.printStackTrace(err);
        }
        return ExitCode.INTERNAL_ERROR;
    }

    private Command defaultCommand() {
        return commands.values().iterator().next();
    }

    static int usageError(PrintStream err, String reason) {
        err.println("ha-director: " + reason + " (see ha-director --help)");
        return ExitCode.USAGE;
    }

    private String help() {
        StringBuilder text = new StringBuilder();
        text.append("Usage: ha-director [COMMAND] [OPTIONS]\n")
                .append("       ha-director -f /etc/keepalived/keepalived.conf [-t]\n\n")
                .append("High-availability director for Java: VRRP, IPVS and health checks, configured like"
                        + " keepalived.\n\nCommands:\n");
        int width = commands.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Command command : commands.values()) {
            text.append("  ").append(command.name()).append(" ".repeat(width - command.name().length() + 2))
                    .append(command.summary()).append('\n');
        }
        text.append("\nOptions of run:\n").append(RunCommand.optionsHelp())
                .append("\nGlobal options:\n")
                .append("  -h, --help     show this help\n")
                .append("  -v, --version  show the version\n")
                .append("  --debug        print the stack trace of an internal error\n")
                .append("\nExit codes: 0 ok; 1 invalid configuration or keywords not yet supported;"
                        + " 2 bad arguments or unreadable file; 70 internal error.\n");
        return text.toString();
    }
}
