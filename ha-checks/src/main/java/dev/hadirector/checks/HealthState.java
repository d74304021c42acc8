package dev.hadirector.checks;

/** What the checks say about a real server. */
public enum HealthState {
    UP, DOWN
}
