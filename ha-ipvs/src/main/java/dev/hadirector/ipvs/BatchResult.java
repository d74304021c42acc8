package dev.hadirector.ipvs;

import java.util.List;

/**
 * The outcome of a batch: which operations the kernel applied and which it refused (each with its
 * exception). The kernel runs every message of a batch, so a refusal does not stop the ones after it.
 */
public record BatchResult(List<IpvsOperation> applied, List<IpvsException> failures) {
    public BatchResult {
        applied = List.copyOf(applied);
        failures = List.copyOf(failures);
    }

    public boolean ok() {
        return failures.isEmpty();
    }

    /** Throws the first failure, with the others suppressed, when any operation failed. */
    public BatchResult throwIfFailed() {
        if (!failures.isEmpty()) {
            IpvsException first = failures.get(0);
            for (int i = 1; i < failures.size(); i++) {
                first.addSuppressed(failures.get(i));
            }
            throw first;
        }
        return this;
    }
}
