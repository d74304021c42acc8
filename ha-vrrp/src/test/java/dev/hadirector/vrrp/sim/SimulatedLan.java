package dev.hadirector.vrrp.sim;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpTransitionCause;
import dev.hadirector.vrrp.VipManager;
import dev.hadirector.vrrp.VrrpRouter;
import dev.hadirector.vrrp.time.VirtualEventLoop;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A LAN in virtual time: nodes with one {@link VrrpRouter} per VRID exchange real encoded adverts through the
 * full receive path (validator included), with random loss and delay, partitions, crashes and restarts.
 */
final class SimulatedLan {
    record Transition(long at, int node, int vrid, VrrpState from, VrrpState to, VrrpTransitionCause cause) {
        @Override
        public String toString() {
            return String.format("t=%.3fms node%d vrid%d %s->%s %s", at / 1e6, node, vrid, from, to, cause);
        }
    }

    final VirtualEventLoop loop = new VirtualEventLoop();
    final Random random;
    final List<Node> nodes = new ArrayList<>();
    final List<Transition> transitions = new ArrayList<>();
    /** Which nodes have each VRID's addresses installed. */
    final Map<Integer, Set<Integer>> vipHolders = new HashMap<>();
    double loss;
    long minDelayNanos;
    long maxDelayNanos;
    long delivered;

    SimulatedLan(Random random) {
        this.random = random;
    }

    final class Node {
        final int id;
        final InetAddress address;
        /** The link-local address IPv6 instances advertise from. */
        final InetAddress address6;
        final Map<Integer, VrrpInstance> specs = new LinkedHashMap<>();
        final Map<Integer, VrrpRouter> routers = new LinkedHashMap<>();
        boolean alive;
        int side;
        int incarnation;

        Node(int id) {
            this.id = id;
            this.address = Vip.parseAddress("10.0.0." + (id + 1));
            this.address6 = Vip.parseAddress("fe80::" + Integer.toHexString(id + 1));
        }

        void boot() {
            alive = true;
            incarnation++;
            for (var e : specs.entrySet()) {
                int vrid = e.getKey();
                VrrpInstance spec = e.getValue().toBuilder()
                        .onTransition(t -> transitions.add(new Transition(t.monotonicNanos(), id, vrid, t.from(),
                                t.to(), t.cause())))
                        .build();
                VrrpRouter r = new VrrpRouter(spec, spec.ipv6() ? address6 : address, loop,
                        (dst, buf, off, len) -> transmit(this, vrid, dst, buf, off, len), vipManager(vrid),
                        vips -> { });
                routers.put(vrid, r);
                r.start();
            }
        }

        /** Power loss: nothing more leaves the node, in particular no priority-0 advert. */
        void crash() {
            alive = false;
            for (VrrpRouter r : routers.values()) {
                r.stop();
            }
            routers.clear();
        }

        private VipManager vipManager(int vrid) {
            return new VipManager() {
                @Override
                public void add(List<Vip> vips) {
                    vipHolders.computeIfAbsent(vrid, k -> new HashSet<>()).add(id);
                }

                @Override
                public void remove(List<Vip> vips) {
                    vipHolders.computeIfAbsent(vrid, k -> new HashSet<>()).remove(id);
                }
            };
        }

        @Override
        public String toString() {
            return "node" + id;
        }
    }

    Node addNode() {
        Node n = new Node(nodes.size());
        nodes.add(n);
        return n;
    }

    private void transmit(Node from, int vrid, InetAddress dst, ByteBuffer buf, int off, int len) {
        if (!from.alive) {
            return;
        }
        byte[] copy = new byte[len];
        buf.get(off, copy);
        boolean ipv6 = dst.getAddress().length == 16;
        byte[] src = (ipv6 ? from.address6 : from.address).getAddress();
        byte[] dstBytes = dst.getAddress();
        boolean multicast = dst.isMulticastAddress();
        for (Node to : nodes) {
            if (to == from || !to.alive || to.side != from.side) {
                continue;
            }
            if (!multicast && !(ipv6 ? to.address6 : to.address).equals(dst)) {
                continue;
            }
            if (random.nextDouble() < loss) {
                continue;
            }
            long delay = minDelayNanos + (maxDelayNanos > minDelayNanos
                    ? (long) (random.nextDouble() * (maxDelayNanos - minDelayNanos)) : 0);
            int incarnation = to.incarnation;
            loop.schedule(delay, () -> {
                VrrpRouter r = to.routers.get(vrid);
                if (to.alive && to.incarnation == incarnation && r != null) {
                    delivered++;
                    r.receive(ByteBuffer.wrap(copy), 0, copy.length, 255, src, dstBytes);
                }
            });
        }
    }
}
