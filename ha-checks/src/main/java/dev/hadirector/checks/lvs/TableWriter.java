package dev.hadirector.checks.lvs;

import dev.hadirector.api.VirtualServer;
import dev.hadirector.ipvs.reconcile.ReconcileResult;
import java.util.List;

/**
 * Where the desired table goes: normally {@code IpvsReconciler::apply}, which diffs it against the kernel and
 * sends the minimal batch. Called on the load balancer's event loop only.
 */
@FunctionalInterface
public interface TableWriter {

    /** Makes the table hold exactly {@code virtualServers} (real servers with their effective weights). */
    ReconcileResult apply(List<VirtualServer> virtualServers);
}
