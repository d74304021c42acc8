package dev.hadirector.examples;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.hadirector.Director;
import dev.hadirector.DirectorListener;
import dev.hadirector.RealServerStatus;
import dev.hadirector.VirtualServerStatus;
import dev.hadirector.api.Forwarding;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.Scheduler;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpTransition;

/**
 * One of the demo's two directors: a {@link Director} in its own namespace with the tutorial's keepalived.conf
 * written in the fluent API (VRRP VI_1, VRID 51, advert every second; virtual server VIP:80, rr, DR, both real servers
 * with an HTTP check every second). Its listener puts VRRP transitions and real-server health changes on the timeline.
 */
final class SeedDirector implements AutoCloseable {

    static final int MASTER_PRIORITY = 150;
    static final int BACKUP_PRIORITY = 100;
    static final String INSTANCE = "VI_1";
    static final int VRID = 51;
    static final Duration ADVERT_INTERVAL = Duration.ofSeconds(1);
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    /** How often the real servers' health is read from the live status. */
    static final long HEALTH_POLL_MILLIS = 100;

    private final String name;
    private final Director director;
    private final DemoEvents events;
    private final Thread healthWatch;
    /** Set when the Director runs no checks itself; null otherwise. */
    private final DemoHealthWiring ownChecks;
    private volatile boolean closed;

    private SeedDirector(String name, Director director, DemoEvents events, DemoHealthWiring ownChecks) {
        this.name = name;
        this.director = director;
        this.events = events;
        this.ownChecks = ownChecks;
        this.healthWatch = new Thread(this::watchHealth, name + "-health-watch");
        this.healthWatch.setDaemon(true);
    }

    /** The tutorial's virtual server: VIP:80, round-robin, direct routing, both real servers checked over HTTP. */
    static VirtualServer webService() {
        VirtualServer.Builder web = VirtualServer.tcp(SeedLab.VIP, SeedLab.HTTP_PORT)
                .scheduler(Scheduler.RR)
                .forwarding(Forwarding.DIRECT_ROUTE);
        for (String rs : new String[] {SeedLab.RS1, SeedLab.RS2}) {
            web.realServer(RealServer.of(SeedLab.ADDRESSES.get(rs), SeedLab.HTTP_PORT).weight(1)
                    .check(HealthCheck.http("/").every(CHECK_INTERVAL).connectTimeout(Duration.ofSeconds(1))
                            .retry(0).build()));
        }
        return web.build();
    }

    /** The tutorial's configuration for one director, as fluent-API specs. */
    static Director.Builder configuration(String namespace, int priority) {
        return Director.builder()
                .namespace(namespace)
                .vrrp(VrrpInstance.builder(INSTANCE)
                        .iface(SeedLab.IFACE)
                        .virtualRouterId(VRID)
                        .priority(priority)
                        .advertInterval(ADVERT_INTERVAL)
                        .virtualAddress(SeedLab.VIP + "/" + SeedLab.PREFIX))
                .virtualServer(webService());
    }

    static SeedDirector start(String name, String namespace, int priority, DemoEvents events) {
        SeedDirector[] self = new SeedDirector[1];
        Director director = configuration(namespace, priority)
                .listener(new DirectorListener() {
                    @Override
                    public void becameMaster(VrrpTransition t) {
                        events.report(name, DemoEvents.Kind.MASTER, t.instance(),
                                "MASTER of " + t.instance() + ": holds VIP " + SeedLab.VIP + " (" + t.cause() + ")");
                    }

                    @Override
                    public void becameBackup(VrrpTransition t) {
                        events.report(name, DemoEvents.Kind.BACKUP, t.instance(), "BACKUP of " + t.instance() + " (" + t.cause() + ")");
                    }

                    @Override
                    public void enteredFault(VrrpTransition t) {
                        events.report(name, DemoEvents.Kind.FAULT, t.instance(), "FAULT of " + t.instance() + " (" + t.cause() + ")");
                    }

                    @Override
                    public void stopped(VrrpTransition t) {
                        events.report(name, DemoEvents.Kind.STOPPED, t.instance(), t.instance() + " stopped (was " + t.from() + ")");
                    }
                })
                .start();
        events.report(name, DemoEvents.Kind.STARTED, INSTANCE, "director started in its namespace, priority " + priority);
        DemoHealthWiring wiring = null;
        if (!runsChecks(director)) {
            try {
                wiring = DemoHealthWiring.start(name, events, webService(), namespace);
            } catch (RuntimeException e) {
                director.close();
                throw e;
            }
            events.report(name, DemoEvents.Kind.STARTED, INSTANCE,
                    "this Director reports its real servers UNCHECKED: the demo runs their HTTP checks (ha-checks) and edits IPVS itself");
        }
        SeedDirector started = new SeedDirector(name, director, events, wiring);
        if (wiring == null) {
            started.healthWatch.start();
        }
        return started;
    }

    /** False when the Director leaves the health of real servers that have checks UNCHECKED, i.e. runs no checks. */
    private static boolean runsChecks(Director director) {
        return director.virtualServers().stream().flatMap(vs -> vs.realServers().stream())
                .filter(rs -> !rs.spec().checks().isEmpty())
                .anyMatch(rs -> rs.health() != RealServerStatus.Health.UNCHECKED);
    }

    Director director() {
        return director;
    }

    /** Turns each change of a real server's health in the live status into a timeline event. */
    private void watchHealth() {
        Map<String, RealServerStatus.Health> last = new HashMap<>();
        while (!closed) {
            try {
                for (VirtualServerStatus vs : director.virtualServers()) {
                    for (RealServerStatus rs : vs.realServers()) {
                        String server = serverName(rs);
                        RealServerStatus.Health before = last.put(server, rs.health());
                        if (ownChecks == null && before != null && before != rs.health()) {
                            boolean up = rs.health() == RealServerStatus.Health.UP;
                            events.report(name, up ? DemoEvents.Kind.REAL_SERVER_UP : DemoEvents.Kind.REAL_SERVER_DOWN,
                                    server, "real server " + server + " " + rs.health() + ": "
                                            + (rs.inTable() ? "in the IPVS table, weight " + rs.weight() : "out of the IPVS table"));
                        }
                    }
                }
                Thread.sleep(HEALTH_POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    events.report(name, DemoEvents.Kind.FAULT, "status", "cannot read the live status: " + e.getMessage());
                }
                return;
            }
        }
    }

    private static String serverName(RealServerStatus rs) {
        String address = rs.spec().address().getHostAddress();
        return SeedLab.ADDRESSES.entrySet().stream().filter(e -> e.getValue().equals(address))
                .map(Map.Entry::getKey).findFirst().orElse(address);
    }

    /** Graceful: priority-0 advert, VIP and this director's IPVS entries removed. Calling it again does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        healthWatch.interrupt();
        try {
            if (ownChecks != null) {
                ownChecks.close();
            }
        } finally {
            director.close();
        }
    }
}
