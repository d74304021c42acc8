package dev.hadirector.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A virtual server: the service clients reach (protocol, address and port, or a firewall mark), how IPVS
 * picks a real server (scheduler, its flags, persistence) and the real servers behind it.
 *
 * <p>Persistence: {@code persistenceTimeout} seconds (0: not persistent) and the client granularity
 * {@code persistencePrefix} (bits of the client address that must match: 0..32 for IPv4, 1..128 for IPv6).
 */
public record VirtualServer(Protocol protocol, InetAddress address, int port, int firewallMark, boolean ipv6,
                            Scheduler scheduler, Set<Scheduler.Flag> schedulerFlags, boolean onePacket,
                            int persistenceTimeout, int persistencePrefix, String persistenceEngine,
                            Forwarding forwarding, List<RealServer> realServers, PoolPolicy policy) {

    /** A virtual server with keepalived's default pool policy (the original shape of the spec). */
    public VirtualServer(Protocol protocol, InetAddress address, int port, int firewallMark, boolean ipv6,
                         Scheduler scheduler, Set<Scheduler.Flag> schedulerFlags, boolean onePacket,
                         int persistenceTimeout, int persistencePrefix, String persistenceEngine,
                         Forwarding forwarding, List<RealServer> realServers) {
        this(protocol, address, port, firewallMark, ipv6, scheduler, schedulerFlags, onePacket, persistenceTimeout,
                persistencePrefix, persistenceEngine, forwarding, realServers, PoolPolicy.DEFAULT);
    }

    public VirtualServer {
        String where = describe(protocol, address, port, firewallMark, ipv6);
        if (firewallMark == 0) {
            if (protocol == null || address == null) {
                throw new IllegalArgumentException(where + ": needs a protocol and an address, or a firewall mark");
            }
            if (ipv6 != (address instanceof Inet6Address)) {
                throw new IllegalArgumentException(where + ": ipv6 flag " + ipv6 + " contradicts address "
                        + address.getHostAddress());
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(where + ": port " + port + " out of range: must be 0..65535");
            }
        } else {
            if (protocol != null || address != null || port != 0) {
                throw new IllegalArgumentException(where + ": a firewall-mark service has no protocol, "
                        + "address or port");
            }
        }
        if (scheduler == null) {
            throw new IllegalArgumentException(where + ": scheduler is null");
        }
        schedulerFlags = schedulerFlags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(schedulerFlags));
        if (onePacket && protocol != Protocol.UDP) {
            throw new IllegalArgumentException(where + ": onePacket is only for UDP virtual services");
        }
        if (persistenceTimeout < 0) {
            throw new IllegalArgumentException(where + ": persistenceTimeout " + persistenceTimeout
                    + " out of range: must be >= 0 seconds (0: not persistent)");
        }
        int maxPrefix = ipv6 ? 128 : 32;
        int minPrefix = ipv6 ? 1 : 0;
        if (persistencePrefix < minPrefix || persistencePrefix > maxPrefix) {
            throw new IllegalArgumentException(where + ": persistencePrefix " + persistencePrefix
                    + " out of range: must be " + minPrefix + ".." + maxPrefix);
        }
        if (persistenceEngine != null) {
            if (persistenceEngine.isEmpty() || persistenceEngine.length() > 15) {
                throw new IllegalArgumentException(where + ": persistenceEngine \"" + persistenceEngine
                        + "\" must be 1..15 characters");
            }
        }
        if (forwarding == null) {
            throw new IllegalArgumentException(where + ": forwarding is null");
        }
        if (realServers == null) {
            throw new IllegalArgumentException(where + ": realServers is null");
        }
        Set<String> seen = new HashSet<>();
        for (RealServer rs : realServers) {
            if (rs == null) {
                throw new IllegalArgumentException(where + ": a real server is null");
            }
            String key = rs.toString();
            if (!seen.add(key)) {
                throw new IllegalArgumentException(where + ": real server " + key + " is listed twice");
            }
            Forwarding effective = rs.forwarding() != null ? rs.forwarding() : forwarding;
            if (rs.ipv6() != ipv6 && effective.method() != Forwarding.Method.TUNNEL) {
                throw new IllegalArgumentException(where + ": real server " + key + " is "
                        + (rs.ipv6() ? "IPv6" : "IPv4") + " behind an " + (ipv6 ? "IPv6" : "IPv4")
                        + " service: mixed families need TUNNEL forwarding, not " + effective.method());
            }
        }
        realServers = List.copyOf(realServers);
        if (policy == null) {
            throw new IllegalArgumentException(where + ": policy is null");
        }
        RealServer sorry = policy.sorryServer();
        if (sorry != null) {
            if (seen.contains(sorry.toString())) {
                throw new IllegalArgumentException(where + ": sorryServer " + sorry
                        + " is also a real server: must differ from every real server");
            }
            Forwarding effective = sorry.forwarding() != null ? sorry.forwarding() : forwarding;
            if (sorry.ipv6() != ipv6 && effective.method() != Forwarding.Method.TUNNEL) {
                throw new IllegalArgumentException(where + ": sorryServer " + sorry + " is "
                        + (sorry.ipv6() ? "IPv6" : "IPv4") + " behind an " + (ipv6 ? "IPv6" : "IPv4")
                        + " service: mixed families need TUNNEL forwarding, not " + effective.method());
            }
        }
    }

    public static Builder tcp(String address, int port) {
        return new Builder(Protocol.TCP, parseAddress("virtual server address", address), port);
    }

    public static Builder udp(String address, int port) {
        return new Builder(Protocol.UDP, parseAddress("virtual server address", address), port);
    }

    public static Builder sctp(String address, int port) {
        return new Builder(Protocol.SCTP, parseAddress("virtual server address", address), port);
    }

    public static Builder of(Protocol protocol, InetAddress address, int port) {
        if (protocol == null) {
            throw new IllegalArgumentException("virtual server protocol is null: must be TCP, UDP or SCTP");
        }
        if (address == null) {
            throw new IllegalArgumentException("virtual server address is null");
        }
        return new Builder(protocol, address, port);
    }

    /** A service matching packets marked {@code mark} by the firewall (IPv4 unless {@link Builder#ipv6()}). */
    public static Builder firewallMark(int mark) {
        if (mark == 0) {
            throw new IllegalArgumentException("firewallMark 0 out of range: must be 1..4294967295");
        }
        return new Builder(mark);
    }

    public boolean persistent() {
        return persistenceTimeout > 0;
    }

    /** The service's identity, e.g. {@code TCP 10.0.0.1:80} or {@code FWM 7} ({@code FWM 7 IPv6}). */
    @Override
    public String toString() {
        return describe(protocol, address, port, firewallMark, ipv6);
    }

    public Builder toBuilder() {
        Builder b = firewallMark != 0 ? new Builder(firewallMark) : new Builder(protocol, address, port);
        b.ipv6 = ipv6;
        b.scheduler = scheduler;
        b.schedulerFlags.addAll(schedulerFlags);
        b.onePacket = onePacket;
        b.persistenceTimeout = persistenceTimeout;
        b.persistencePrefix = persistencePrefix;
        b.persistenceEngine = persistenceEngine;
        b.forwarding = forwarding;
        b.realServers.addAll(realServers);
        b.policy = policy;
        return b;
    }

    static String describe(Protocol protocol, InetAddress address, int port, int firewallMark, boolean ipv6) {
        if (firewallMark != 0) {
            return "FWM " + Integer.toUnsignedString(firewallMark) + (ipv6 ? " IPv6" : "");
        }
        return (protocol == null ? "?" : protocol.name()) + " " + (address == null ? "?" : formatEndpoint(address, port));
    }

    static String formatEndpoint(InetAddress address, int port) {
        return AddressText.endpoint(address, port);
    }

    /** Parses a literal IPv4 or IPv6 address; never consults DNS. Errors name {@code field}. */
    static InetAddress parseAddress(String field, String text) {
        return AddressText.parse(field, text);
    }

    public static final class Builder {
        private final Protocol protocol;
        private final InetAddress address;
        private final int port;
        private final int firewallMark;
        private boolean ipv6;
        private Scheduler scheduler = Scheduler.WLC;
        private final Set<Scheduler.Flag> schedulerFlags = EnumSet.noneOf(Scheduler.Flag.class);
        private boolean onePacket;
        private int persistenceTimeout;
        private Integer persistencePrefix;
        private String persistenceEngine;
        private Forwarding forwarding = Forwarding.MASQUERADE;
        private final List<RealServer> realServers = new ArrayList<>();
        private PoolPolicy policy = PoolPolicy.DEFAULT;

        private Builder(Protocol protocol, InetAddress address, int port) {
            this.protocol = protocol;
            this.address = address;
            this.port = port;
            this.firewallMark = 0;
            this.ipv6 = address instanceof Inet6Address;
        }

        private Builder(int firewallMark) {
            this.protocol = null;
            this.address = null;
            this.port = 0;
            this.firewallMark = firewallMark;
        }

        /** Firewall-mark services only: match IPv6 packets. */
        public Builder ipv6() {
            if (firewallMark == 0) {
                throw new IllegalArgumentException("ipv6(): only for firewall-mark services; the family of "
                        + protocol + " " + address.getHostAddress() + " comes from its address");
            }
            this.ipv6 = true;
            return this;
        }

        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        public Builder schedulerFlags(Scheduler.Flag... flags) {
            schedulerFlags.addAll(java.util.Arrays.asList(flags));
            return this;
        }

        /** UDP only: schedule every datagram independently. */
        public Builder onePacket(boolean onePacket) {
            this.onePacket = onePacket;
            return this;
        }

        /** Sends a client back to the same real server for {@code seconds} after its last connection. */
        public Builder persistent(int seconds) {
            this.persistenceTimeout = seconds;
            return this;
        }

        /** Clients sharing this many leading address bits count as one for persistence. */
        public Builder persistencePrefix(int bits) {
            this.persistencePrefix = bits;
            return this;
        }

        /** Persistence engine (e.g. "sip" to persist by SIP Call-ID). */
        public Builder persistenceEngine(String name) {
            this.persistenceEngine = name;
            return this;
        }

        /** Default forwarding method of the real servers. */
        public Builder forwarding(Forwarding forwarding) {
            this.forwarding = forwarding;
            return this;
        }

        public Builder realServer(RealServer realServer) {
            realServers.add(realServer);
            return this;
        }

        public Builder realServer(RealServer.Builder realServer) {
            realServers.add(realServer.build());
            return this;
        }

        /** Removes every real server added so far. */
        public Builder clearRealServers() {
            realServers.clear();
            return this;
        }

        /** The whole pool policy at once (quorum, sorry server, notifiers...). */
        public Builder policy(PoolPolicy policy) {
            this.policy = policy;
            return this;
        }

        /** Minimum live weight for the pool to serve (default 1). */
        public Builder quorum(int quorum) {
            policy = new PoolPolicy(quorum, policy.hysteresis(), policy.quorumUp(), policy.quorumDown(),
                    policy.sorryServer(), policy.sorryServerInhibit(), policy.omega(), policy.haSuspend(),
                    policy.virtualHost());
            return this;
        }

        /** Flap dampener around the quorum, in weight units (default 0). */
        public Builder hysteresis(int hysteresis) {
            policy = new PoolPolicy(policy.quorum(), hysteresis, policy.quorumUp(), policy.quorumDown(),
                    policy.sorryServer(), policy.sorryServerInhibit(), policy.omega(), policy.haSuspend(),
                    policy.virtualHost());
            return this;
        }

        /** Program and arguments run (without a shell) when quorum is regained. */
        public Builder quorumUp(String... command) {
            policy = new PoolPolicy(policy.quorum(), policy.hysteresis(), java.util.Arrays.asList(command),
                    policy.quorumDown(), policy.sorryServer(), policy.sorryServerInhibit(), policy.omega(),
                    policy.haSuspend(), policy.virtualHost());
            return this;
        }

        /** Program and arguments run (without a shell) when quorum is lost. */
        public Builder quorumDown(String... command) {
            policy = new PoolPolicy(policy.quorum(), policy.hysteresis(), policy.quorumUp(),
                    java.util.Arrays.asList(command), policy.sorryServer(), policy.sorryServerInhibit(),
                    policy.omega(), policy.haSuspend(), policy.virtualHost());
            return this;
        }

        /** Replaces the pool while quorum is lost; {@code inhibit}: keep it at weight 0 while unused. */
        public Builder sorryServer(RealServer sorryServer, boolean inhibit) {
            policy = new PoolPolicy(policy.quorum(), policy.hysteresis(), policy.quorumUp(), policy.quorumDown(),
                    sorryServer, inhibit, policy.omega(), policy.haSuspend(), policy.virtualHost());
            return this;
        }

        /** On shutdown, run quorum_down and the down notifiers of live real servers. */
        public Builder omega(boolean omega) {
            policy = new PoolPolicy(policy.quorum(), policy.hysteresis(), policy.quorumUp(), policy.quorumDown(),
                    policy.sorryServer(), policy.sorryServerInhibit(), omega, policy.haSuspend(),
                    policy.virtualHost());
            return this;
        }

        /** Pause the checks while the director is not VRRP master. */
        public Builder haSuspend(boolean haSuspend) {
            policy = new PoolPolicy(policy.quorum(), policy.hysteresis(), policy.quorumUp(), policy.quorumDown(),
                    policy.sorryServer(), policy.sorryServerInhibit(), policy.omega(), haSuspend,
                    policy.virtualHost());
            return this;
        }

        /** Default HTTP Host of the pool's HTTP/SSL checks. */
        public Builder virtualHost(String host) {
            policy = new PoolPolicy(policy.quorum(), policy.hysteresis(), policy.quorumUp(), policy.quorumDown(),
                    policy.sorryServer(), policy.sorryServerInhibit(), policy.omega(), policy.haSuspend(), host);
            return this;
        }

        public VirtualServer build() {
            int prefix = persistencePrefix != null ? persistencePrefix : (ipv6 ? 128 : 32);
            return new VirtualServer(protocol, address, port, firewallMark, ipv6, scheduler, schedulerFlags,
                    onePacket, persistenceTimeout, prefix, persistenceEngine, forwarding, realServers, policy);
        }
    }
}
