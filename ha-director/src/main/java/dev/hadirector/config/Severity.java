package dev.hadirector.config;

/** How much a finding matters. */
public enum Severity {
    /** The configuration cannot be run as written. */
    ERROR,
    /** Probably a mistake, but the configuration can still be used. */
    WARNING
}
