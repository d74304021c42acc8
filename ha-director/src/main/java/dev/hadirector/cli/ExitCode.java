package dev.hadirector.cli;

/** The exit codes of {@code ha-director}. */
public final class ExitCode {
    /** Done; for a check: the configuration is valid and fully supported. */
    public static final int OK = 0;
    /** The configuration is invalid, or uses keywords the director cannot run yet. */
    public static final int CONFIG_PROBLEM = 1;
    /** Bad arguments, or the configuration file cannot be read. */
    public static final int USAGE = 2;
    /** A bug: an unexpected exception (EX_SOFTWARE of sysexits.h). */
    public static final int INTERNAL_ERROR = 70;

    private ExitCode() {
    }
}
