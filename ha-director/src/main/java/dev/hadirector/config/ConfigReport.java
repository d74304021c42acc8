package dev.hadirector.config;

import java.util.List;

/** Everything the reader and the validator found in one configuration, in file order. */
public record ConfigReport(List<Finding> findings) {
    public ConfigReport {
        findings = List.copyOf(findings);
    }

    /** No errors: keepalived would accept this configuration (warnings and unsupported keywords aside). */
    public boolean isValid() {
        return findings.stream().noneMatch(f -> f.severity() == Severity.ERROR);
    }

    /** Every keyword used is one the director runs. */
    public boolean isFullySupported() {
        return findings.stream().noneMatch(f -> f.kind() == FindingKind.NOT_YET_SUPPORTED);
    }

    public List<Finding> findings(FindingKind kind) {
        return findings.stream().filter(f -> f.kind() == kind).toList();
    }
}
