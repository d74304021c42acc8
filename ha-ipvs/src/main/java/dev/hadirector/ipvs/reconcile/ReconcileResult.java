package dev.hadirector.ipvs.reconcile;

import dev.hadirector.ipvs.IpvsException;
import dev.hadirector.ipvs.IpvsOperation;
import java.util.List;

/**
 * What one reconciliation did: the differences it found, the operations the kernel applied and those it
 * refused (each with the kernel's reason). A refusal leaves the rest applied; the reconciler remembers
 * exactly which, so the next reconciliation sends what is still missing and converges.
 */
public record ReconcileResult(List<Difference> differences, List<IpvsOperation> applied, List<IpvsException> failed) {
    public ReconcileResult {
        differences = List.copyOf(differences);
        applied = List.copyOf(applied);
        failed = List.copyOf(failed);
    }

    public boolean ok() {
        return failed.isEmpty();
    }

    public boolean changedNothing() {
        return applied.isEmpty() && failed.isEmpty();
    }

    /** A one-paragraph account: what was applied, what was refused and why. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(applied.size()).append(" applied, ").append(failed.size()).append(" failed");
        for (IpvsException e : failed) {
            b.append("\n  not applied: ").append(e.getMessage());
        }
        return b.toString();
    }
}
