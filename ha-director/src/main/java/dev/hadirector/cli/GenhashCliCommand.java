package dev.hadirector.cli;

import dev.hadirector.checks.genhash.GenhashCommand;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ha-director genhash -s HOST -p PORT -u PATH [--ssl] [-v]}: prints what keepalived's genhash prints
 * for the same page (the MD5 digest of its body), handled by {@link GenhashCommand} of ha-checks.
 */
public final class GenhashCliCommand implements Command {
    static final String NAME = "genhash";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "print the MD5 digest of a page as keepalived's genhash does (genhash --help)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        return GenhashCommand.run(args, out, err);
    }
}
