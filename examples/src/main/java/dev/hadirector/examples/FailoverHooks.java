package dev.hadirector.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.hadirector.Director;
import dev.hadirector.DirectorListener;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.api.VrrpTrack;
import dev.hadirector.api.VrrpTransition;

/**
 * Shows the failover hooks and a custom tracker. The listener hears each kind of transition separately (master,
 * backup, fault, stopped). The tracker is plain Java: while the file {@code /tmp/maintenance} exists, this node's
 * priority drops by 60, so a peer at priority 100 takes the VIP over; delete the file and this node preempts again.
 * A second tracker turns a health signal of the application into a priority bonus.
 *
 * <p>Run as root: {@code FailoverHooks --iface eth0 --vip 192.168.1.200/24}, then {@code touch /tmp/maintenance}.
 */
public final class FailoverHooks {

    static final Path MAINTENANCE_FLAG = Path.of("/tmp/maintenance");

    private FailoverHooks() {
    }

    public static void main(String[] args) throws Exception {
        Examples.requireRootOrExit("FailoverHooks");
        ExampleArgs options = Examples.parseOrExit("FailoverHooks", args);
        try (Director director = start(options, MAINTENANCE_FLAG)) {
            Examples.closeOnExit(director);
            options.awaitEnd();
        }
    }

    static Director start(ExampleArgs options, Path maintenanceFlag) {
        Director.Builder builder = Director.builder()
                .vrrp(VrrpInstance.builder("VI_HOOKS")
                        .iface(options.iface())
                        .virtualRouterId(53)
                        .priority(120)
                        // Below one second needs VRRP v3 (centisecond intervals); v2, keepalived's default, counts whole seconds.
                        .version(VrrpVersion.V3)
                        .advertInterval(Duration.ofMillis(500))
                        .virtualAddress(options.vip())
                        // Custom tracker: healthy while no maintenance flag exists; failing costs 60 priority points.
                        .track(new VrrpTrack.Condition("no-maintenance-flag", () -> !Files.exists(maintenanceFlag),
                                Duration.ofSeconds(1), -60))
                        // Custom tracker: a priority bonus computed by the application (here: spare heap, 0..10).
                        .track(new VrrpTrack.PriorityDelta("spare-heap", FailoverHooks::spareHeapBonus,
                                Duration.ofSeconds(5))))
                .listener(new DirectorListener() {
                    @Override
                    public void becameMaster(VrrpTransition t) {
                        System.out.println("hook: MASTER of " + t.instance() + " at priority " + t.priority()
                                + " - start the active role (open the listener, take the lock ...)");
                    }

                    @Override
                    public void becameBackup(VrrpTransition t) {
                        System.out.println("hook: BACKUP of " + t.instance() + " (" + t.cause() + ") - go passive");
                    }

                    @Override
                    public void enteredFault(VrrpTransition t) {
                        System.out.println("hook: FAULT of " + t.instance() + " (" + t.cause() + ") - alert someone");
                    }

                    @Override
                    public void stopped(VrrpTransition t) {
                        System.out.println("hook: " + t.instance() + " stopped");
                    }
                });
        options.namespace().ifPresent(builder::namespace);
        return builder.start();
    }

    /** 0 to 10: a tenth of the free share of the maximum heap, in percent. */
    static int spareHeapBonus() {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        return (int) Math.max(0, Math.min(10, (rt.maxMemory() - used) * 10 / rt.maxMemory()));
    }
}
