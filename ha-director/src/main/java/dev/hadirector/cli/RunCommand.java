package dev.hadirector.cli;

import dev.hadirector.Director;
import dev.hadirector.ReloadSummary;
import dev.hadirector.config.ConfigException;
import dev.hadirector.config.ConfigReader;
import dev.hadirector.config.ConfigReport;
import dev.hadirector.config.ConfigTree;
import dev.hadirector.config.ConfigValidator;
import dev.hadirector.config.Finding;
import dev.hadirector.config.FindingKind;
import dev.hadirector.config.Severity;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The keepalived-compatible command: run the director from a keepalived.conf until SIGTERM/SIGINT, or with
 * {@code -t} only check it (read, validate, refuse keywords the director does not run, and map it, so a
 * value the director would refuse fails the check with its file:line).
 */
public final class RunCommand implements Command {
    static final String NAME = "run";

    private static final ArgumentParser PARSER = new ArgumentParser(List.of(
            ArgumentParser.Option.value("file", "FILE",
                    "keepalived configuration to use (default " + ConfigReader.DEFAULT_CONFIG + ")",
                    "-f", "--use-file"),
            ArgumentParser.Option.flag("check",
                    "only check the configuration: exit 0 when valid and fully supported, 1 otherwise",
                    "-t", "--config-test", "--check"),
            ArgumentParser.Option.value("config-id", "ID",
                    "id that @ID conditional lines are matched against (default: host name up to its first dot)",
                    "-i", "--config-id"),
            ArgumentParser.Option.flag("help", "show this help", "-h", "--help")));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "run the director from a keepalived configuration (the default command)";
    }

    static String optionsHelp() {
        return PARSER.help();
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        ArgumentParser.Parsed parsed;
        try {
            parsed = PARSER.parse(args);
            if (!parsed.positionals().isEmpty()) {
                throw new UsageException("unexpected argument '" + parsed.positionals().get(0) + "'");
            }
        } catch (UsageException e) {
            return Main.usageError(err, e.getMessage());
        }
        if (parsed.has("help")) {
            out.print("Usage: ha-director [run] [-f FILE] [-t] [-i ID]\n\n" + PARSER.help());
            return ExitCode.OK;
        }
        ConfigReader.Builder builder = ConfigReader.builder();
        if (parsed.has("config-id")) {
            try {
                builder.configId(parsed.value("config-id").orElseThrow());
            } catch (IllegalArgumentException e) {
                return Main.usageError(err, e.getMessage());
            }
        }
        Path file;
        try {
            file = Path.of(parsed.value("file").orElse(ConfigReader.DEFAULT_CONFIG.toString()));
        } catch (InvalidPathException e) {
            return Main.usageError(err, "configuration file name '" + parsed.value("file").orElse("")
                    + "' invalid: " + e.getReason());
        }
        String unreadable = unreadableReason(file);
        if (unreadable != null) {
            err.println("ha-director: cannot read configuration " + file + " (" + unreadable + ")");
            return ExitCode.USAGE;
        }

        ConfigReader reader = builder.build();
        ConfigTree tree;
        try {
            tree = reader.read(file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return ExitCode.CONFIG_PROBLEM;
        }
        ConfigReport report = ConfigValidator.keepalived().validate(tree);
        for (Finding finding : report.findings()) {
            out.println(finding);
        }
        long errors = report.findings().stream().filter(f -> f.severity() == Severity.ERROR).count();
        long unsupported = report.findings(FindingKind.NOT_YET_SUPPORTED).size();
        boolean check = parsed.has("check");
        if (!report.isValid()) {
            err.println("ha-director: " + file + ": " + plural(errors, "error") + " in the configuration"
                    + (check ? "" : "; not started"));
            return ExitCode.CONFIG_PROBLEM;
        }
        if (!report.isFullySupported()) {
            err.println("ha-director: " + file + ": " + plural(unsupported, "keyword")
                    + " not yet supported by this version of ha-director"
                    + (check ? "" : "; not started"));
            return ExitCode.CONFIG_PROBLEM;
        }
        Director.Builder director = Director.builder();
        try {
            director.config(tree);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.println("ha-director: " + file + ": the configuration cannot be mapped" + (check ? "" : "; not started"));
            return ExitCode.CONFIG_PROBLEM;
        }
        List<String> problems = director.problems();
        boolean empty = director.vrrpInstances().isEmpty() && director.virtualServers().isEmpty();
        if (check && empty) {
            problems = List.of(); // keepalived accepts a configuration that runs nothing; only running it is refused
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("ha-director: " + file + ": " + p));
            err.println("ha-director: " + file + ": " + plural(problems.size(), "problem")
                    + (check ? "" : "; nothing was started"));
            return ExitCode.CONFIG_PROBLEM;
        }
        if (check) {
            out.println("ha-director: " + file + ": configuration is valid and fully supported");
            return ExitCode.OK;
        }
        return runUntilStopped(director, reader, file, out, err);
    }

    /**
     * Starts the director and keeps it running until SIGTERM or SIGINT, then stops it gracefully (priority-0
     * adverts, virtual addresses and IPVS services removed) and returns 0, as keepalived does. SIGHUP
     * re-reads the file (with the same options) and applies the differences ({@link Director#reload}).
     */
    private int runUntilStopped(Director.Builder builder, ConfigReader reader, Path file, PrintStream out,
                                PrintStream err) {
        Director director;
        try {
            director = builder.start();
        } catch (RuntimeException e) {
            err.println("ha-director: " + file + ": could not start: " + e.getMessage());
            return ExitCode.CONFIG_PROBLEM;
        }
        out.println("ha-director: running " + director.vrrpInstances() + " (pid " + ProcessHandle.current().pid()
                + "); SIGHUP reloads " + file + ", SIGTERM or SIGINT stops it");
        out.flush();
        StopSignal stop = StopSignal.install();
        ReloadSignal reload = ReloadSignal.install(() -> reload(director, reader, file, out, err));
        try {
            stop.await();
        } finally {
            reload.release();
            director.close();
            stop.release();
        }
        out.println("ha-director: stopped");
        out.flush();
        return ExitCode.OK;
    }

    /**
     * One reload: the file is read, validated and mapped as at startup; any problem refuses the reload as a
     * whole (each problem with its file:line) and the director goes on with what it runs.
     */
    static void reload(Director director, ConfigReader reader, Path file, PrintStream out, PrintStream err) {
        try {
            Director.Builder next = Director.builder();
            next.config(reader.read(file));
            ReloadSummary summary = director.reload(next);
            out.println("ha-director: " + file + ": " + summary);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.println("ha-director: " + file + ": reload refused; still running the previous configuration");
        } catch (RuntimeException e) {
            err.println("ha-director: " + file + ": " + e.getMessage());
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Why the main configuration file cannot be read, or null when it can. */
    private static String unreadableReason(Path file) {
        if (!Files.exists(file)) {
            return "No such file";
        }
        if (Files.isDirectory(file)) {
            return "Is a directory";
        }
        if (!Files.isReadable(file)) {
            return "Permission denied";
        }
        return null;
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
