package dev.hadirector.ipvs.text;

import dev.hadirector.api.Forwarding;
import dev.hadirector.ipvs.Addresses;
import dev.hadirector.ipvs.Ipvs;
import dev.hadirector.ipvs.IpvsDestination;
import dev.hadirector.ipvs.IpvsDestinationEntry;
import dev.hadirector.ipvs.IpvsInfo;
import dev.hadirector.ipvs.IpvsService;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.ipvs.IpvsStats;
import dev.hadirector.ipvs.IpvsTable;
import dev.hadirector.ipvs.SyncDaemon;
import java.util.ArrayList;
import java.util.List;

/**
 * The table as ipvsadm 1.31 prints it with numeric addresses: {@code -Sn} (save) and {@code -Ln} with its
 * column variants. Line for line and space for space, so either tool's output can be compared with the other.
 */
public final class IpvsadmFormat {

    /** The column sets of {@code ipvsadm -Ln}. */
    public enum ListView { CONNECTIONS, STATS, RATE, THRESHOLDS, PERSISTENT_CONNECTIONS, TUNNEL_INFO }

    private IpvsadmFormat() {
    }

    // ---- save ----

    /** {@code ipvsadm -Sn}: one -A line per service followed by its -a lines. */
    public static String save(IpvsTable table) {
        StringBuilder out = new StringBuilder();
        for (IpvsTable.Service s : IpvsadmOrder.sorted(table).services()) {
            out.append(saveService(s.service())).append('\n');
            for (IpvsDestinationEntry d : s.destinations()) {
                out.append(saveDestination(s.service().key(), d.destination())).append('\n');
            }
        }
        return out.toString();
    }

    /** The command-line form of a service's identity: {@code -t 10.0.0.1:80}, {@code -f 7 -6}. */
    public static String serviceArguments(ServiceKey key) {
        if (key.isFirewallMark()) {
            return "-f " + Integer.toUnsignedString(key.firewallMark()) + (key.ipv6() ? " -6" : "");
        }
        String option = switch (key.protocol()) {
            case TCP -> "-t";
            case UDP -> "-u";
            case SCTP -> "--sctp-service";
        };
        return option + " " + Addresses.endpoint(key.address(), key.port());
    }

    public static String saveService(IpvsService s) {
        StringBuilder b = new StringBuilder("-A ").append(serviceArguments(s.key()));
        b.append(" -s ").append(s.scheduler().name());
        if (s.persistent()) {
            b.append(" -p ").append(Integer.toUnsignedString(s.timeout()));
            if (s.netmask() != IpvsService.fullNetmask(s.key().ipv6())) {
                b.append(" -M ").append(netmaskText(s));
            }
        }
        if (s.persistenceEngine() != null) {
            b.append(" --pe ").append(s.persistenceEngine());
        }
        if (s.onePacket()) {
            b.append(" -o");
        }
        String flags = schedulerFlagNames(s);
        if (!flags.isEmpty()) {
            b.append(" -b ").append(flags);
        }
        return b.toString();
    }

    public static String saveDestination(ServiceKey service, IpvsDestination d) {
        StringBuilder b = new StringBuilder("-a ").append(serviceArguments(service));
        b.append(" -r ").append(d.endpoint()).append(' ').append(forwardingOption(d.forwarding()));
        b.append(" -w ").append(d.weight());
        Forwarding f = d.forwarding();
        if (f.method() == Forwarding.Method.TUNNEL) {
            b.append(" --tun-type ").append(f.tunnelType().name().toLowerCase());
            if (f.tunnelType() == Forwarding.TunnelType.GUE) {
                b.append(" --tun-port ").append(f.tunnelPort());
            }
            if (f.tunnelType() != Forwarding.TunnelType.IPIP) {
                b.append(switch (f.tunnelChecksum()) {
                    case NONE -> " --tun-nocsum";
                    case CHECKSUM -> " --tun-csum";
                    case REMOTE_CHECKSUM -> " --tun-remcsum";
                });
            }
        }
        return b.toString();
    }

    static String forwardingOption(Forwarding f) {
        return switch (f.method()) {
            case MASQUERADE -> "-m";
            // ipvsadm has no option for the local node and saves it as -g, as the kernel's routed default.
            case DIRECT_ROUTE, LOCAL -> "-g";
            case TUNNEL -> "-i";
        };
    }

    static String netmaskText(IpvsService s) {
        return s.key().ipv6() ? Integer.toString(s.netmask()) : Addresses.ipv4Mask(s.netmask());
    }

    /** The -b names: sh and mh name their two flags, other schedulers use flag-1..3. */
    static String schedulerFlagNames(IpvsService s) {
        String sched = s.scheduler().name();
        List<String> names = new ArrayList<>();
        int f = s.flags();
        if (sched.equals("sh") || sched.equals("mh")) {
            if ((f & Ipvs.SVC_F_SCHED1) != 0) {
                names.add(sched + "-fallback");
            }
            if ((f & Ipvs.SVC_F_SCHED2) != 0) {
                names.add(sched + "-port");
            }
        } else {
            if ((f & Ipvs.SVC_F_SCHED1) != 0) {
                names.add("flag-1");
            }
            if ((f & Ipvs.SVC_F_SCHED2) != 0) {
                names.add("flag-2");
            }
            if ((f & Ipvs.SVC_F_SCHED3) != 0) {
                names.add("flag-3");
            }
        }
        return String.join(",", names);
    }

    // ---- list ----

    /** {@code ipvsadm -Ln} with the columns of {@code view}; {@code exact} is {@code --exact}. */
    public static String list(IpvsTable table, IpvsInfo info, ListView view, boolean exact) {
        StringBuilder out = new StringBuilder();
        out.append("IP Virtual Server version ").append(info.versionString()).append(" (size=")
                .append(info.connectionTableSize()).append(")\n");
        out.append(listHeader(view));
        for (IpvsTable.Service s : IpvsadmOrder.sorted(table).services()) {
            appendService(out, s, view, exact);
        }
        return out.toString();
    }

    static String listHeader(ListView view) {
        return switch (view) {
            case CONNECTIONS -> "Prot LocalAddress:Port Scheduler Flags\n"
                    + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";
            case TUNNEL_INFO -> "Prot LocalAddress:Port Scheduler Flags\n"
                    + "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n";
            case STATS -> String.format("%-33s %8s %8s %8s %8s %8s%n  -> RemoteAddress:Port%n",
                    "Prot LocalAddress:Port", "Conns", "InPkts", "OutPkts", "InBytes", "OutBytes");
            case RATE -> String.format("%-33s %8s %8s %8s %8s %8s%n  -> RemoteAddress:Port%n",
                    "Prot LocalAddress:Port", "CPS", "InPPS", "OutPPS", "InBPS", "OutBPS");
            case THRESHOLDS -> String.format("%-33s %-10s %-10s %-10s %-10s%n  -> RemoteAddress:Port%n",
                    "Prot LocalAddress:Port", "Uthreshold", "Lthreshold", "ActiveConn", "InActConn");
            case PERSISTENT_CONNECTIONS -> String.format("%-33s %-9s %-11s %-10s %-10s%n  -> RemoteAddress:Port%n",
                    "Prot LocalAddress:Port", "Weight", "PersistConn", "ActiveConn", "InActConn");
        };
    }

    private static void appendService(StringBuilder out, IpvsTable.Service s, ListView view, boolean exact) {
        IpvsService svc = s.service();
        String name = serviceName(svc.key());
        if (view == ListView.STATS || view == ListView.RATE) {
            out.append(String.format("%-33s", name));
            appendNumbers(out, s.entry().stats(), view, exact);
            out.append('\n');
            for (IpvsDestinationEntry d : s.destinations()) {
                out.append(String.format("  -> %-28s", d.destination().endpoint()));
                appendNumbers(out, d.stats(), view, exact);
                out.append('\n');
            }
            return;
        }
        out.append(name).append(' ').append(svc.scheduler().name());
        String flags = schedulerFlagNames(svc);
        if (!flags.isEmpty()) {
            out.append(" (").append(flags).append(')');
        }
        if (svc.persistent()) {
            out.append(" persistent ").append(Integer.toUnsignedString(svc.timeout()));
            if (svc.netmask() != IpvsService.fullNetmask(svc.key().ipv6())) {
                out.append(" mask ").append(netmaskText(svc));
            }
            // ipvsadm -L names the persistence engine only of persistent services (-S always does).
            if (svc.persistenceEngine() != null) {
                out.append(" pe ").append(svc.persistenceEngine());
            }
        }
        if (svc.onePacket()) {
            out.append(" ops");
        }
        out.append('\n');
        for (IpvsDestinationEntry e : s.destinations()) {
            IpvsDestination d = e.destination();
            String line = switch (view) {
                case CONNECTIONS -> String.format("  -> %-28s %-7s %-6d %-10d %-10d", d.endpoint(),
                        forwardingName(d.forwarding()), d.weight(), e.activeConnections(), e.inactiveConnections());
                case TUNNEL_INFO -> String.format("  -> %-28s %-7s %-13s %-6d %-10d %-10d", d.endpoint(),
                        forwardingName(d.forwarding()), tunnelInfo(d.forwarding()), d.weight(),
                        e.activeConnections(), e.inactiveConnections());
                case THRESHOLDS -> String.format("  -> %-28s %-10s %-10s %-10d %-10d", d.endpoint(),
                        Integer.toUnsignedString(d.upperThreshold()), Integer.toUnsignedString(d.lowerThreshold()),
                        e.activeConnections(), e.inactiveConnections());
                case PERSISTENT_CONNECTIONS -> String.format("  -> %-28s %-9d %-11d %-10d %-10d", d.endpoint(),
                        d.weight(), e.persistentConnections(), e.activeConnections(), e.inactiveConnections());
                default -> throw new IllegalStateException("view " + view);
            };
            out.append(line).append('\n');
        }
    }

    /** {@code TCP  10.0.0.1:80}, {@code SCTP 10.0.0.1:5000}, {@code FWM  7 IPv6}. */
    static String serviceName(ServiceKey key) {
        if (key.isFirewallMark()) {
            return "FWM  " + Integer.toUnsignedString(key.firewallMark()) + (key.ipv6() ? " IPv6" : "");
        }
        return String.format("%-4s %s", key.protocol().name(), Addresses.endpoint(key.address(), key.port()));
    }

    static String forwardingName(Forwarding f) {
        return switch (f.method()) {
            case MASQUERADE -> "Masq";
            case LOCAL -> "Local";
            case TUNNEL -> "Tunnel";
            case DIRECT_ROUTE -> "Route";
        };
    }

    /** {@code ipip}, {@code gue:6080:+c}, {@code gre:-c}, {@code gue:5:r+c}, or {@code n/a}. */
    static String tunnelInfo(Forwarding f) {
        if (f.method() != Forwarding.Method.TUNNEL) {
            return "n/a";
        }
        String checksum = switch (f.tunnelChecksum()) {
            case NONE -> "-c";
            case CHECKSUM -> "+c";
            case REMOTE_CHECKSUM -> "r+c";
        };
        return switch (f.tunnelType()) {
            case IPIP -> "ipip";
            case GUE -> "gue:" + f.tunnelPort() + ":" + checksum;
            case GRE -> "gre:" + checksum;
        };
    }

    private static void appendNumbers(StringBuilder out, IpvsStats st, ListView view, boolean exact) {
        long[] values = view == ListView.STATS
                ? new long[] {st.connections(), st.inPackets(), st.outPackets(), st.inBytes(), st.outBytes()}
                : new long[] {st.connectionsPerSecond(), st.inPacketsPerSecond(), st.outPacketsPerSecond(),
                        st.inBytesPerSecond(), st.outBytesPerSecond()};
        for (long v : values) {
            out.append(largeNumber(v, exact));
        }
    }

    /**
     * A counter in a 9-character column: exact when asked (widening for long values), otherwise scaled
     * to K, M, G or T once it no longer fits 8 digits.
     */
    static String largeNumber(long value, boolean exact) {
        String digits = Long.toUnsignedString(value);
        if (exact) {
            int width = digits.length() <= 8 ? 9 : digits.length() + 1;
            return " ".repeat(width - digits.length()) + digits;
        }
        if (Long.compareUnsigned(value, 100_000_000L) < 0) {
            return String.format("%9s", digits);
        }
        if (Long.compareUnsigned(value, 1_000_000_000L) < 0) {
            return String.format("%8sK", Long.toUnsignedString(Long.divideUnsigned(value, 1_000L)));
        }
        if (Long.compareUnsigned(value, 100_000_000_000L) < 0) {
            return String.format("%8sM", Long.toUnsignedString(Long.divideUnsigned(value, 1_000_000L)));
        }
        if (Long.compareUnsigned(value, 100_000_000_000_000L) < 0) {
            return String.format("%8sG", Long.toUnsignedString(Long.divideUnsigned(value, 1_000_000_000L)));
        }
        return String.format("%8sT", Long.toUnsignedString(Long.divideUnsigned(value, 1_000_000_000_000L)));
    }

    /** {@code ipvsadm -L --daemon}. */
    public static String daemons(List<SyncDaemon> daemons) {
        StringBuilder out = new StringBuilder();
        for (SyncDaemon d : daemons) {
            out.append(d.role() == SyncDaemon.Role.MASTER ? "master" : "backup").append(" sync daemon (mcast=")
                    .append(d.interfaceName()).append(", syncid=").append(d.syncId()).append(", maxlen=")
                    .append(d.syncMaxLength()).append(", group=")
                    .append(d.group() == null ? "" : Addresses.text(d.group())).append(", port=").append(d.port())
                    .append(", ttl=").append(d.ttl()).append(")\n");
        }
        return out.toString();
    }
}
