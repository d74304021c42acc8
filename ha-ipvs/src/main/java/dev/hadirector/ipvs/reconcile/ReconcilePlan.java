package dev.hadirector.ipvs.reconcile;

import dev.hadirector.ipvs.IpvsOperation;
import java.util.List;

/** The minimal operations that turn the kernel's table into the desired one, and the differences they fix. */
public record ReconcilePlan(List<IpvsOperation> operations, List<Difference> differences) {
    public ReconcilePlan {
        operations = List.copyOf(operations);
        differences = List.copyOf(differences);
    }

    public boolean empty() {
        return operations.isEmpty();
    }
}
