package dev.hadirector.vrrp.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.vrrp.VrrpRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Randomised simulation of VRRP routers on a LAN in virtual time. Each seed builds a topology (2..5 nodes,
 * 1..3 VRIDs, v2 or v3 over IPv4 or IPv6, multicast or unicast, random priorities, intervals and preempt
 * modes), runs a chaos phase
 * (crashes, restarts, partitions, loss, delay, priority changes, faults, graceful stops), heals the network
 * and checks:
 * <ol>
 *   <li>after settling, exactly one master per VRID among the routers able to serve, no preempting router
 *       with a higher priority left as backup, no router left master over an address owner, and the
 *       virtual addresses installed on the master only;</li>
 *   <li>on a stable lossless network nothing transitions (no flapping, no transition without a cause);</li>
 *   <li>when the master then crashes, a backup takes over within Master_Down_Interval plus the maximum
 *       delay, and the invariants hold again after settling.</li>
 * </ol>
 * {@code -Dvrrp.sim.seeds=N} sets the number of seeds (default 3000); {@code -Dvrrp.sim.seed=S} replays one.
 */
class VrrpSimulationTest {
    private static final int DEFAULT_SEEDS = 3000;
    /** How many seeds reached the takeover check: proof that it is not vacuous. */
    private static final AtomicInteger TAKEOVERS_CHECKED = new AtomicInteger();

    @Test
    void invariantsHoldForManySeeds() {
        String replay = System.getProperty("vrrp.sim.seed");
        if (replay != null && !replay.isBlank()) {
            long seed = Long.parseLong(replay.trim());
            String failure = runSeed(seed, true);
            if (failure != null) {
                fail("seed " + seed + ": " + failure);
            }
            return;
        }
        int seeds = Integer.getInteger("vrrp.sim.seeds", DEFAULT_SEEDS);
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            String failure = runSeed(seed, false);
            if (failure != null) {
                failures.add("seed " + seed + ": " + failure);
                if (failures.size() >= 5) {
                    break;
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " failing seed(s); replay one with -Dvrrp.sim.seed=N:\n"
                    + String.join("\n", failures));
        }
        assertTrue(TAKEOVERS_CHECKED.get() > seeds / 2, "takeover checked in only " + TAKEOVERS_CHECKED.get()
                + " of " + seeds + " seeds");
    }

    @Test
    void theCheckerReportsTwoMastersOnAPartitionedLan() {
        // The invariant check must be able to fail: with the LAN cut in two for good, both sides elect a master.
        SimulatedLan lan = new SimulatedLan(new Random(7));
        for (int i = 0; i < 2; i++) {
            SimulatedLan.Node n = lan.addNode();
            n.specs.put(1, VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(1).priority(100 + i)
                    .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100)).virtualAddress("192.0.2.1")
                    .build());
        }
        lan.nodes.get(1).side = 1;
        lan.nodes.forEach(SimulatedLan.Node::boot);
        lan.loop.runFor(Duration.ofSeconds(2).toNanos());
        String problem = checkInvariants(lan);
        assertTrue(problem != null && problem.contains("2 masters"), "checker said: " + problem);
        // Healing the partition resolves it within one advert interval plus delay.
        lan.nodes.get(1).side = 0;
        lan.loop.runFor(Duration.ofMillis(250).toNanos());
        assertTrue(checkInvariants(lan) == null, checkInvariants(lan));
        assertTrue(lan.nodes.get(1).routers.get(1).state() == VrrpState.MASTER, "priority 101 wins");
    }

    /** Runs one seed; returns a description of the first violated invariant, or null. */
    static String runSeed(long seed, boolean verbose) {
        Random random = new Random(seed);
        SimulatedLan lan = new SimulatedLan(random);
        int nodeCount = 2 + random.nextInt(4);
        int vridCount = 1 + random.nextInt(3);
        long[] scales = {10, 50, 100, 1000};
        long baseMillis = scales[random.nextInt(scales.length)];
        long maxInterval = 0;
        for (int i = 0; i < nodeCount; i++) {
            lan.addNode();
        }
        for (int v = 1; v <= vridCount; v++) {
            boolean v2 = baseMillis == 1000 && random.nextBoolean();
            maxInterval = Math.max(maxInterval, v2 ? 1000 : 3 * baseMillis);
            boolean unicast = random.nextInt(4) == 0;
            boolean owner = random.nextInt(8) == 0;
            boolean auth = v2 && random.nextBoolean();
            boolean ipv6 = !v2 && random.nextInt(3) == 0;
            for (SimulatedLan.Node n : lan.nodes) {
                if (random.nextInt(6) == 0 && n.id > 0) {
                    continue; // not every node serves every VRID
                }
                int priority = owner && n.id == 0 ? 255 : 1 + random.nextInt(254);
                // v3 routers of one VRID may differ in interval: backups learn the master's.
                long intervalMillis = v2 ? 1000 : baseMillis * (1 + random.nextInt(3));
                VrrpInstance.Builder b = VrrpInstance.builder("VI_" + v).iface("eth0").virtualRouterId(v)
                        .priority(priority).preempt(random.nextInt(5) != 0)
                        .version(v2 ? VrrpVersion.V2 : VrrpVersion.V3)
                        .advertInterval(Duration.ofMillis(intervalMillis))
                        .virtualAddress(ipv6 ? "2001:db8::" + v + "/64" : "192.0.2." + v + "/24");
                if (auth) {
                    b.authPass("pw" + v);
                }
                if (unicast) {
                    b.unicastSrcIp(ipv6 ? n.address6 : n.address);
                    for (SimulatedLan.Node peer : lan.nodes) {
                        if (peer != n) {
                            b.unicastPeer(ipv6 ? peer.address6 : peer.address);
                        }
                    }
                }
                n.specs.put(v, b.build());
            }
        }
        long interval = maxInterval * 1_000_000L;
        lan.maxDelayNanos = interval / 4 + 1;
        lan.minDelayNanos = random.nextInt(2) == 0 ? 0 : lan.maxDelayNanos / 4;
        lan.nodes.forEach(SimulatedLan.Node::boot);

        // Chaos.
        int events = 5 + random.nextInt(15);
        List<VrrpRouter> stopped = new ArrayList<>();
        for (int e = 0; e < events; e++) {
            lan.loop.runFor((long) (random.nextDouble() * 6 * interval));
            chaos(lan, random, stopped);
        }
        // Heal: one side, no loss, no faults, stopped routers started again; crashed nodes may stay down.
        lan.nodes.forEach(n -> n.side = 0);
        lan.loss = 0;
        for (SimulatedLan.Node n : lan.nodes) {
            n.routers.values().forEach(r -> r.fault("sim", false));
        }
        stopped.forEach(VrrpRouter::start);
        if (lan.nodes.stream().noneMatch(n -> n.alive)) {
            lan.nodes.get(0).boot();
        }
        long settle = 12 * interval + 2 * lan.maxDelayNanos;
        lan.loop.runFor(settle);
        String problem = checkInvariants(lan);
        if (problem != null) {
            return "after heal: " + problem + describe(lan, verbose);
        }
        problem = checkCauses(lan);
        if (problem != null) {
            return problem + describe(lan, verbose);
        }
        // Stable and lossless: nothing may happen.
        int before = lan.transitions.size();
        lan.loop.runFor(20 * interval);
        if (lan.transitions.size() != before) {
            return "transition on a stable network: " + lan.transitions.subList(before, lan.transitions.size())
                    + describe(lan, verbose);
        }
        // Crash the master of the first VRID that has one: a backup must take over in time.
        for (int vrid = 1; vrid <= vridCount; vrid++) {
            SimulatedLan.Node master = masterOf(lan, vrid);
            if (master == null) {
                continue;
            }
            Map<Integer, VrrpRouter> served = Map.copyOf(master.routers);
            // The bound uses the backups' Master_Down_Interval as it stood when the master died.
            Map<Integer, Long> bounds = new java.util.HashMap<>();
            for (int v : served.keySet()) {
                for (SimulatedLan.Node n : lan.nodes) {
                    VrrpRouter r = n.routers.get(v);
                    if (n != master && n.alive && r != null && r.state() == VrrpState.BACKUP) {
                        bounds.merge(v, r.masterDownIntervalNanos(), Math::max);
                    }
                }
            }
            long crashAt = lan.loop.nanoTime();
            int mark = lan.transitions.size();
            master.crash();
            lan.loop.runFor(settle);
            for (var e : served.entrySet()) {
                if (e.getValue().state() != VrrpState.INITIALIZE) {
                    return "crashed router still running" + describe(lan, verbose);
                }
                int v = e.getKey();
                if (!bounds.containsKey(v) || !wasMaster(lan, mark, master.id, v)) {
                    continue;
                }
                TAKEOVERS_CHECKED.incrementAndGet();
                long deadline = crashAt + bounds.get(v) + lan.maxDelayNanos;
                long takeover = lan.transitions.subList(mark, lan.transitions.size()).stream()
                        .filter(t -> t.vrid() == v && t.to() == VrrpState.MASTER && t.node() != master.id)
                        .mapToLong(SimulatedLan.Transition::at).min().orElse(Long.MAX_VALUE);
                if (takeover > deadline) {
                    return "vrid " + v + ": no takeover by " + deadline + " after crash of " + master + " at "
                            + crashAt + " (took over at " + takeover + ")" + describe(lan, verbose);
                }
            }
            problem = checkInvariants(lan);
            if (problem != null) {
                return "after master crash: " + problem + describe(lan, verbose);
            }
            break;
        }
        return null;
    }

    private static boolean wasMaster(SimulatedLan lan, int mark, int node, int vrid) {
        return lan.transitions.subList(mark, lan.transitions.size()).stream()
                .anyMatch(t -> t.node() == node && t.vrid() == vrid && t.from() == VrrpState.MASTER);
    }

    private static SimulatedLan.Node masterOf(SimulatedLan lan, int vrid) {
        for (SimulatedLan.Node n : lan.nodes) {
            VrrpRouter r = n.routers.get(vrid);
            if (n.alive && r != null && r.state() == VrrpState.MASTER) {
                return n;
            }
        }
        return null;
    }

    private static void chaos(SimulatedLan lan, Random random, List<VrrpRouter> stopped) {
        SimulatedLan.Node n = lan.nodes.get(random.nextInt(lan.nodes.size()));
        List<VrrpRouter> routers = new ArrayList<>(n.routers.values());
        VrrpRouter r = routers.isEmpty() ? null : routers.get(random.nextInt(routers.size()));
        switch (random.nextInt(9)) {
            case 0 -> {
                if (n.alive) {
                    stopped.removeAll(n.routers.values());
                    n.crash();
                }
            }
            case 1 -> {
                if (!n.alive) {
                    n.boot();
                }
            }
            case 2 -> lan.nodes.forEach(x -> x.side = random.nextInt(2));
            case 3 -> lan.nodes.forEach(x -> x.side = 0);
            case 4 -> lan.loss = random.nextDouble() * 0.3;
            case 5 -> {
                if (r != null) {
                    r.priorityDelta("sim", random.nextInt(101) - 50);
                }
            }
            case 6 -> {
                if (r != null) {
                    r.fault("sim", random.nextBoolean());
                }
            }
            case 7 -> {
                if (r != null && r.state() != VrrpState.INITIALIZE) {
                    r.stop();
                    stopped.add(r);
                }
            }
            default -> lan.maxDelayNanos = lan.minDelayNanos + (long) (random.nextDouble() * lan.maxDelayNanos) + 1;
        }
    }

    /** Every transition must be one the RFC (or keepalived's FAULT) allows for its cause. */
    static String checkCauses(SimulatedLan lan) {
        for (SimulatedLan.Transition t : lan.transitions) {
            boolean ok = switch (t.cause()) {
                case STARTUP -> t.from() == VrrpState.INITIALIZE && t.to() == VrrpState.BACKUP;
                case STARTUP_AS_MASTER -> t.from() == VrrpState.INITIALIZE && t.to() == VrrpState.MASTER;
                case MASTER_DOWN_TIMER -> t.from() == VrrpState.BACKUP && t.to() == VrrpState.MASTER;
                case HIGHER_PRIORITY_ADVERT -> t.from() == VrrpState.MASTER && t.to() == VrrpState.BACKUP;
                case FAULT -> t.to() == VrrpState.FAULT;
                case FAULT_CLEARED -> t.from() == VrrpState.FAULT
                        && (t.to() == VrrpState.BACKUP || t.to() == VrrpState.MASTER);
                case SHUTDOWN -> t.to() == VrrpState.INITIALIZE;
                case SYNC_GROUP -> false; // the simulation has no sync groups
            };
            if (!ok) {
                return "transition " + t + " not allowed for its cause";
            }
        }
        return null;
    }

    /** The invariants of a healed, settled LAN; returns the first violation or null. */
    static String checkInvariants(SimulatedLan lan) {
        Set<Integer> vrids = new java.util.TreeSet<>();
        lan.nodes.forEach(n -> vrids.addAll(n.specs.keySet()));
        for (int vrid : vrids) {
            List<VrrpRouter> able = new ArrayList<>();
            List<SimulatedLan.Node> masters = new ArrayList<>();
            VrrpRouter master = null;
            for (SimulatedLan.Node n : lan.nodes) {
                VrrpRouter r = n.routers.get(vrid);
                if (!n.alive || r == null || r.state() == VrrpState.INITIALIZE || r.state() == VrrpState.FAULT) {
                    continue;
                }
                able.add(r);
                if (r.state() == VrrpState.MASTER) {
                    masters.add(n);
                    master = r;
                }
            }
            if (able.isEmpty()) {
                continue;
            }
            if (masters.size() != 1) {
                return "vrid " + vrid + ": " + masters.size() + " masters " + masters;
            }
            for (VrrpRouter b : able) {
                if (b == master) {
                    continue;
                }
                if (b.effectivePriority() == VrrpInstance.OWNER_PRIORITY) {
                    return "vrid " + vrid + ": address owner " + masters.get(0) + " is not master";
                }
                if (b.spec().preempt() && b.effectivePriority() > master.effectivePriority()) {
                    return "vrid " + vrid + ": preempting backup with priority " + b.effectivePriority()
                            + " behind master " + masters.get(0) + " with " + master.effectivePriority();
                }
            }
            Set<Integer> holders = lan.vipHolders.getOrDefault(vrid, Set.of());
            if (!holders.equals(Set.of(masters.get(0).id))) {
                return "vrid " + vrid + ": addresses installed on " + holders + " but master is " + masters.get(0);
            }
        }
        return null;
    }

    private static String describe(SimulatedLan lan, boolean verbose) {
        StringBuilder sb = new StringBuilder();
        for (SimulatedLan.Node n : lan.nodes) {
            sb.append("\n  ").append(n).append(n.alive ? "" : " (down)");
            n.routers.forEach((v, r) -> sb.append(" vrid").append(v).append('=').append(r.state()).append('/')
                    .append(r.effectivePriority()).append(r.spec().preempt() ? "" : " nopreempt")
                    .append(r.spec().unicast() ? " unicast" : "").append(r.spec().version())
                    .append(r.discards().total() == 0 ? "" : " discards " + r.discards()));
        }
        if (verbose) {
            lan.transitions.forEach(t -> sb.append("\n    ").append(t));
        }
        return sb.toString();
    }
}
