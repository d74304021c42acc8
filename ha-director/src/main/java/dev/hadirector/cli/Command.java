package dev.hadirector.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One sub-command of {@code ha-director} ({@code run}, later {@code ipvs}, {@code genhash}). Returns the
 * process exit code; reports problems on {@code err} and never throws at the user.
 */
public interface Command {
    /** The word that selects this command on the command line. */
    String name();

    /** One line for {@code --help}. */
    String summary();

    /** Runs with the arguments after the command's name. */
    int run(List<String> args, PrintStream out, PrintStream err);
}
