package dev.hadirector.ipvs;

import dev.hadirector.api.Forwarding;
import dev.hadirector.api.Protocol;
import dev.hadirector.api.Scheduler;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.kernel.netlink.AttributeReader;
import dev.hadirector.kernel.netlink.NetlinkFormatException;
import dev.hadirector.kernel.netlink.NetlinkWriter;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes and reads the IPVS attribute sets (service, destination, daemon, stats). Writing appends to the
 * message a {@link NetlinkWriter} has open; reading walks an {@link AttributeReader} over a nest.
 */
public final class IpvsCodec {
    private IpvsCodec() {
    }

    // ---- writing ----

    /** The nested IPVS_CMD_ATTR_SERVICE with only the identifying attributes. */
    public static void writeServiceKey(NetlinkWriter w, ServiceKey key) {
        int nest = w.beginNested(Ipvs.CMD_ATTR_SERVICE);
        writeKeyAttributes(w, key);
        w.endNested(nest);
    }

    /** The nested IPVS_CMD_ATTR_SERVICE with every attribute NEW_SERVICE / SET_SERVICE require. */
    public static void writeService(NetlinkWriter w, IpvsService service) {
        int nest = w.beginNested(Ipvs.CMD_ATTR_SERVICE);
        writeKeyAttributes(w, service.key());
        w.putString(Ipvs.SVC_ATTR_SCHED_NAME, service.scheduler().name());
        if (service.persistenceEngine() != null) {
            w.putString(Ipvs.SVC_ATTR_PE_NAME, service.persistenceEngine());
        }
        // struct ip_vs_flags { flags; mask; }: the mask says which bits this request sets (all of them).
        w.putBytes(Ipvs.SVC_ATTR_FLAGS, flagsStruct(service.flags(), 0xffffffff));
        w.putU32(Ipvs.SVC_ATTR_TIMEOUT, service.timeout());
        writeNetmask(w, service.key().ipv6(), service.netmask());
        w.endNested(nest);
    }

    private static void writeKeyAttributes(NetlinkWriter w, ServiceKey key) {
        w.putU16(Ipvs.SVC_ATTR_AF, key.family());
        if (key.isFirewallMark()) {
            w.putU32(Ipvs.SVC_ATTR_FWMARK, key.firewallMark());
        } else {
            w.putU16(Ipvs.SVC_ATTR_PROTOCOL, key.protocol().number());
            w.putBytes(Ipvs.SVC_ATTR_ADDR, Addresses.toInetAddrUnion(key.address()));
            w.putBe16(Ipvs.SVC_ATTR_PORT, key.port());
        }
    }

    // The kernel reads the netmask as raw 32 bits: an IPv4 mask in network order, an IPv6 prefix as a plain u32.
    private static void writeNetmask(NetlinkWriter w, boolean ipv6, int netmask) {
        if (ipv6) {
            w.putU32(Ipvs.SVC_ATTR_NETMASK, netmask);
        } else {
            w.putBe32(Ipvs.SVC_ATTR_NETMASK, netmask);
        }
    }

    private static byte[] flagsStruct(int flags, int mask) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        b.putInt(flags).putInt(mask);
        return b.array();
    }

    /** The nested IPVS_CMD_ATTR_DEST with every attribute NEW_DEST / SET_DEST require. */
    public static void writeDestination(NetlinkWriter w, IpvsDestination d) {
        int nest = w.beginNested(Ipvs.CMD_ATTR_DEST);
        writeDestinationKeyAttributes(w, d);
        w.putU32(Ipvs.DEST_ATTR_FWD_METHOD, forwardingMethod(d.forwarding()));
        w.putU32(Ipvs.DEST_ATTR_WEIGHT, d.weight());
        if (d.forwarding().method() == Forwarding.Method.TUNNEL) {
            w.putU8(Ipvs.DEST_ATTR_TUN_TYPE, tunnelType(d.forwarding()));
            w.putBe16(Ipvs.DEST_ATTR_TUN_PORT, d.forwarding().tunnelPort());
            w.putU16(Ipvs.DEST_ATTR_TUN_FLAGS, tunnelFlags(d.forwarding()));
        }
        w.putU32(Ipvs.DEST_ATTR_U_THRESH, d.upperThreshold());
        w.putU32(Ipvs.DEST_ATTR_L_THRESH, d.lowerThreshold());
        w.endNested(nest);
    }

    /** The nested IPVS_CMD_ATTR_DEST with the attributes DEL_DEST needs (address, port, family). */
    public static void writeDestinationKey(NetlinkWriter w, IpvsDestination d) {
        int nest = w.beginNested(Ipvs.CMD_ATTR_DEST);
        writeDestinationKeyAttributes(w, d);
        w.endNested(nest);
    }

    private static void writeDestinationKeyAttributes(NetlinkWriter w, IpvsDestination d) {
        w.putU16(Ipvs.DEST_ATTR_ADDR_FAMILY, d.family());
        w.putBytes(Ipvs.DEST_ATTR_ADDR, Addresses.toInetAddrUnion(d.address()));
        w.putBe16(Ipvs.DEST_ATTR_PORT, d.port());
    }

    public static void writeDaemon(NetlinkWriter w, SyncDaemon daemon) {
        int nest = w.beginNested(Ipvs.CMD_ATTR_DAEMON);
        w.putU32(Ipvs.DAEMON_ATTR_STATE, daemon.role().state());
        w.putString(Ipvs.DAEMON_ATTR_MCAST_IFN, daemon.interfaceName());
        w.putU32(Ipvs.DAEMON_ATTR_SYNC_ID, daemon.syncId());
        if (daemon.syncMaxLength() != 0) {
            w.putU16(Ipvs.DAEMON_ATTR_SYNC_MAXLEN, daemon.syncMaxLength());
        }
        if (daemon.group() != null) {
            if (daemon.ipv6Group()) {
                w.putBytes(Ipvs.DAEMON_ATTR_MCAST_GROUP6, daemon.group().getAddress());
            } else {
                w.putBytes(Ipvs.DAEMON_ATTR_MCAST_GROUP, daemon.group().getAddress());
            }
        }
        if (daemon.port() != 0) {
            w.putU16(Ipvs.DAEMON_ATTR_MCAST_PORT, daemon.port());
        }
        if (daemon.ttl() != 0) {
            w.putU8(Ipvs.DAEMON_ATTR_MCAST_TTL, daemon.ttl());
        }
        w.endNested(nest);
    }

    public static int forwardingMethod(Forwarding f) {
        return switch (f.method()) {
            case MASQUERADE -> Ipvs.CONN_F_MASQ;
            case LOCAL -> Ipvs.CONN_F_LOCALNODE;
            case TUNNEL -> Ipvs.CONN_F_TUNNEL;
            case DIRECT_ROUTE -> Ipvs.CONN_F_DROUTE;
        };
    }

    static int tunnelType(Forwarding f) {
        return switch (f.tunnelType()) {
            case IPIP -> Ipvs.TUNNEL_TYPE_IPIP;
            case GUE -> Ipvs.TUNNEL_TYPE_GUE;
            case GRE -> Ipvs.TUNNEL_TYPE_GRE;
        };
    }

    static int tunnelFlags(Forwarding f) {
        return switch (f.tunnelChecksum()) {
            case NONE -> 0;
            case CHECKSUM -> Ipvs.TUNNEL_FLAG_CSUM;
            case REMOTE_CHECKSUM -> Ipvs.TUNNEL_FLAG_REMCSUM;
        };
    }

    // ---- reading ----

    /** Reads the attributes inside an IPVS_CMD_ATTR_SERVICE nest. */
    public static IpvsServiceEntry readService(AttributeReader a) {
        int family = -1;
        int protocol = -1;
        byte[] addr = null;
        int port = 0;
        int fwmark = 0;
        String sched = null;
        String pe = null;
        int flags = 0;
        int timeout = 0;
        byte[] netmask = null;
        IpvsStats stats32 = null;
        IpvsStats stats64 = null;
        while (a.next()) {
            switch (a.type()) {
                case Ipvs.SVC_ATTR_AF -> family = a.u16();
                case Ipvs.SVC_ATTR_PROTOCOL -> protocol = a.u16();
                case Ipvs.SVC_ATTR_ADDR -> addr = a.bytes();
                case Ipvs.SVC_ATTR_PORT -> port = a.be16();
                case Ipvs.SVC_ATTR_FWMARK -> fwmark = a.u32();
                case Ipvs.SVC_ATTR_SCHED_NAME -> sched = a.string();
                case Ipvs.SVC_ATTR_PE_NAME -> pe = a.string();
                case Ipvs.SVC_ATTR_FLAGS -> flags = a.u32(); // first member of struct ip_vs_flags
                case Ipvs.SVC_ATTR_TIMEOUT -> timeout = a.u32();
                case Ipvs.SVC_ATTR_NETMASK -> {
                    netmask = new byte[4];
                    a.bytes(netmask, 4);
                }
                case Ipvs.SVC_ATTR_STATS -> stats32 = readStats(a.nested(), false);
                case Ipvs.SVC_ATTR_STATS64 -> stats64 = readStats(a.nested(), true);
                default -> { } // attributes of newer kernels
            }
        }
        if (family != Ipvs.AF_INET && family != Ipvs.AF_INET6) {
            throw new NetlinkFormatException("service without a known address family (got " + family + ")");
        }
        boolean ipv6 = family == Ipvs.AF_INET6;
        ServiceKey key;
        if (fwmark != 0) {
            key = ServiceKey.firewallMark(fwmark, ipv6);
        } else {
            if (addr == null || protocol < 0) {
                throw new NetlinkFormatException("service without firewall mark lacks protocol or address");
            }
            InetAddress address = Addresses.fromBytes(family, addr, "service address");
            key = ServiceKey.of(Protocol.ofNumber(protocol), address, port);
        }
        if (sched == null) {
            throw new NetlinkFormatException(key + ": kernel answer lacks the scheduler name");
        }
        // Raw 32 bits: an IPv6 prefix in host order, an IPv4 mask in network order.
        int mask = netmask == null ? IpvsService.fullNetmask(ipv6)
                : ByteBuffer.wrap(netmask).order(ipv6 ? ByteOrder.nativeOrder() : ByteOrder.BIG_ENDIAN).getInt();
        IpvsService service = new IpvsService(key, Scheduler.of(sched), flags, timeout, mask, pe);
        return new IpvsServiceEntry(service, stats64 != null ? stats64 : stats32 != null ? stats32 : IpvsStats.ZERO);
    }

    /** Reads the attributes inside an IPVS_CMD_ATTR_DEST nest; {@code serviceFamily} when it lacks its own. */
    public static IpvsDestinationEntry readDestination(AttributeReader a, int serviceFamily) {
        byte[] addr = null;
        int port = 0;
        int fwd = 0;
        int weight = 0;
        int upper = 0;
        int lower = 0;
        int active = 0;
        int inactive = 0;
        int persistent = 0;
        int family = serviceFamily;
        int tunType = 0;
        int tunPort = 0;
        int tunFlags = 0;
        IpvsStats stats32 = null;
        IpvsStats stats64 = null;
        while (a.next()) {
            switch (a.type()) {
                case Ipvs.DEST_ATTR_ADDR -> addr = a.bytes();
                case Ipvs.DEST_ATTR_PORT -> port = a.be16();
                case Ipvs.DEST_ATTR_FWD_METHOD -> fwd = a.u32();
                case Ipvs.DEST_ATTR_WEIGHT -> weight = a.u32();
                case Ipvs.DEST_ATTR_U_THRESH -> upper = a.u32();
                case Ipvs.DEST_ATTR_L_THRESH -> lower = a.u32();
                case Ipvs.DEST_ATTR_ACTIVE_CONNS -> active = a.u32();
                case Ipvs.DEST_ATTR_INACT_CONNS -> inactive = a.u32();
                case Ipvs.DEST_ATTR_PERSIST_CONNS -> persistent = a.u32();
                case Ipvs.DEST_ATTR_ADDR_FAMILY -> family = a.u16();
                case Ipvs.DEST_ATTR_TUN_TYPE -> tunType = a.u8();
                case Ipvs.DEST_ATTR_TUN_PORT -> tunPort = a.be16();
                case Ipvs.DEST_ATTR_TUN_FLAGS -> tunFlags = a.u16();
                case Ipvs.DEST_ATTR_STATS -> stats32 = readStats(a.nested(), false);
                case Ipvs.DEST_ATTR_STATS64 -> stats64 = readStats(a.nested(), true);
                default -> { }
            }
        }
        if (addr == null) {
            throw new NetlinkFormatException("destination without an address");
        }
        InetAddress address = Addresses.fromBytes(family, addr, "destination address");
        Forwarding forwarding = decodeForwarding(fwd, tunType, tunPort, tunFlags);
        IpvsDestination d = new IpvsDestination(address, port, forwarding, weight, upper, lower);
        return new IpvsDestinationEntry(d, active, inactive, persistent,
                stats64 != null ? stats64 : stats32 != null ? stats32 : IpvsStats.ZERO);
    }

    static Forwarding decodeForwarding(int fwd, int tunType, int tunPort, int tunFlags) {
        return switch (fwd & Ipvs.CONN_F_FWD_MASK) {
            case Ipvs.CONN_F_MASQ -> Forwarding.MASQUERADE;
            case Ipvs.CONN_F_LOCALNODE -> Forwarding.LOCAL;
            case Ipvs.CONN_F_DROUTE -> Forwarding.DIRECT_ROUTE;
            case Ipvs.CONN_F_TUNNEL -> {
                Forwarding.TunnelChecksum checksum = (tunFlags & Ipvs.TUNNEL_FLAG_REMCSUM) != 0
                        ? Forwarding.TunnelChecksum.REMOTE_CHECKSUM
                        : (tunFlags & Ipvs.TUNNEL_FLAG_CSUM) != 0 ? Forwarding.TunnelChecksum.CHECKSUM
                        : Forwarding.TunnelChecksum.NONE;
                yield switch (tunType) {
                    case Ipvs.TUNNEL_TYPE_GUE -> Forwarding.tunnel(Forwarding.TunnelType.GUE, tunPort, checksum);
                    case Ipvs.TUNNEL_TYPE_GRE -> Forwarding.tunnel(Forwarding.TunnelType.GRE, 0, checksum);
                    default -> Forwarding.TUNNEL;
                };
            }
            default -> throw new NetlinkFormatException("destination forwarding method " + (fwd & 7)
                    + " is unknown: expected 0 (masq), 1 (local), 2 (tunnel) or 3 (route)");
        };
    }

    /** STATS carries 32-bit counters for conns/packets and 64-bit for bytes; STATS64 is 64-bit throughout. */
    static IpvsStats readStats(AttributeReader s, boolean wide) {
        long[] v = new long[11];
        while (s.next()) {
            int t = s.type();
            if (t < 1 || t > 10) {
                continue;
            }
            boolean u64 = wide || t == Ipvs.STATS_ATTR_INBYTES || t == Ipvs.STATS_ATTR_OUTBYTES;
            v[t] = u64 ? s.u64() : s.u32AsLong();
        }
        return new IpvsStats(v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
    }

    public static SyncDaemon readDaemon(AttributeReader a) {
        int state = 0;
        String ifname = null;
        int syncId = 0;
        int maxlen = 0;
        InetAddress group = null;
        int port = 0;
        int ttl = 0;
        while (a.next()) {
            switch (a.type()) {
                case Ipvs.DAEMON_ATTR_STATE -> state = a.u32();
                case Ipvs.DAEMON_ATTR_MCAST_IFN -> ifname = a.string();
                case Ipvs.DAEMON_ATTR_SYNC_ID -> syncId = a.u32();
                case Ipvs.DAEMON_ATTR_SYNC_MAXLEN -> maxlen = a.u16();
                case Ipvs.DAEMON_ATTR_MCAST_GROUP -> group = Addresses.fromBytes(Ipvs.AF_INET, a.bytes(), "daemon group");
                case Ipvs.DAEMON_ATTR_MCAST_GROUP6 -> group = Addresses.fromBytes(Ipvs.AF_INET6, a.bytes(), "daemon group");
                case Ipvs.DAEMON_ATTR_MCAST_PORT -> port = a.u16();
                case Ipvs.DAEMON_ATTR_MCAST_TTL -> ttl = a.u8();
                default -> { }
            }
        }
        SyncDaemon.Role role = switch (state) {
            case Ipvs.STATE_MASTER -> SyncDaemon.Role.MASTER;
            case Ipvs.STATE_BACKUP -> SyncDaemon.Role.BACKUP;
            default -> throw new NetlinkFormatException("sync daemon state " + state + " is unknown: expected 1 or 2");
        };
        return new SyncDaemon(role, ifname == null ? "?" : ifname, syncId, maxlen, group, port, ttl);
    }
}
