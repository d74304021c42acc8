package dev.hadirector.examples;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.HealthChecks;
import dev.hadirector.checks.HealthEvent;
import dev.hadirector.checks.HealthState;
import dev.hadirector.ipvs.IpvsClient;
import dev.hadirector.ipvs.IpvsDestination;
import dev.hadirector.ipvs.reconcile.DesiredService;
import dev.hadirector.ipvs.reconcile.VirtualServerMapping;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.netns.NetNamespace;

/**
 * Health checks wired to the IPVS table from the lower-level pieces (ha-checks' {@link HealthChecks}, ha-ipvs'
 * {@link IpvsClient}), for a {@code Director} that does not run its real servers' checks itself: a real server whose
 * check fails is deleted from the table, and added back when it passes again. Its sockets live in the director's
 * namespace: the check threads and the netlink socket are created on a thread inside it.
 */
final class DemoHealthWiring implements AutoCloseable {

    private final String director;
    private final DemoEvents events;
    private final DesiredService desired;
    private final IpvsClient ipvs;
    private final HealthChecks checks;
    /** This wiring's own handle on the namespace: the namespace's thread lives while some holder keeps one. */
    private final NetNamespace namespace;

    private DemoHealthWiring(String director, DemoEvents events, VirtualServer virtualServer, NetNamespace namespace) {
        this.director = director;
        this.events = events;
        this.desired = VirtualServerMapping.toDesired(virtualServer);
        this.namespace = namespace;
        try {
            this.ipvs = namespace.call(IpvsClient::open);
        } catch (RuntimeException e) {
            namespace.close();
            throw e;
        }
        try {
            this.checks = namespace.call(() -> HealthChecks.builder(this::onHealthEvent).threadName(director + "-checks").start());
        } catch (RuntimeException e) {
            ipvs.close();
            namespace.close();
            throw e;
        }
    }

    /** Starts every check of every real server of {@code virtualServer}, in {@code namespaceName}. */
    static DemoHealthWiring start(String director, DemoEvents events, VirtualServer virtualServer, String namespaceName) {
        DemoHealthWiring wiring = new DemoHealthWiring(director, events, virtualServer, NetNamespace.named(namespaceName));
        try {
            for (RealServer rs : virtualServer.realServers()) {
                int n = 0;
                for (HealthCheck check : rs.checks()) {
                    wiring.checks.add(director + " " + virtualServer + " / " + rs.address().getHostAddress() + ":" + rs.port()
                            + " #" + (++n), new CheckTarget(rs.address(), rs.port()), check);
                }
            }
            return wiring;
        } catch (RuntimeException e) {
            wiring.close();
            throw e;
        }
    }

    /** Called on the checks' scheduler thread; the table change happens there too, so changes never interleave. */
    private void onHealthEvent(HealthEvent event) {
        if (!event.isTransition()) {
            return;
        }
        IpvsDestination destination = destinationOf(event.target().address(), event.target().port());
        if (destination == null) {
            return;
        }
        String server = SeedLab.ADDRESSES.entrySet().stream()
                .filter(e -> e.getValue().equals(event.target().address().getHostAddress()))
                .map(Map.Entry::getKey).findFirst().orElse(destination.endpoint());
        String change;
        try {
            if (event.to() == HealthState.DOWN) {
                ipvs.deleteDestination(desired.service().key(), destination);
                change = "out of the IPVS table";
            } else {
                ipvs.addDestination(desired.service().key(), destination);
                change = "back in the IPVS table, weight " + destination.weight();
            }
        } catch (KernelException e) {
            change = "IPVS change failed: " + e.getMessage();
        }
        events.report(director, event.to() == HealthState.DOWN ? DemoEvents.Kind.REAL_SERVER_DOWN : DemoEvents.Kind.REAL_SERVER_UP,
                server, "real server " + server + " " + event.to() + " (" + event.reason() + "): " + change);
    }

    private IpvsDestination destinationOf(InetAddress address, int port) {
        for (IpvsDestination d : desired.destinations()) {
            if (d.address().equals(address) && d.port() == port) {
                return d;
            }
        }
        return null;
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        try {
            checks.close();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        try {
            ipvs.close();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        namespace.close();
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
