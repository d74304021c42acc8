package dev.hadirector.cli;

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
 * The keepalived-compatible command: run the director from a keepalived.conf, or with {@code -t} only check
 * it. Today nothing can run yet, so running reads, validates and says which keywords stand in the way.
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

        ConfigTree tree;
        try {
            tree = builder.build().read(file);
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
                    + (check ? "" : "; nothing can run yet, so nothing was started"));
            return ExitCode.CONFIG_PROBLEM;
        }
        if (check) {
            out.println("ha-director: " + file + ": configuration is valid and fully supported");
            return ExitCode.OK;
        }
        err.println("ha-director: " + file + ": configuration is valid, but the director runtime is not"
                + " implemented yet; nothing was started");
        return ExitCode.CONFIG_PROBLEM;
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
