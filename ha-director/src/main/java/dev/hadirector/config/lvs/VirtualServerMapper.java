package dev.hadirector.config.lvs;

import static dev.hadirector.config.lvs.Values.address;
import static dev.hadirector.config.lvs.Values.arg;
import static dev.hadirector.config.lvs.Values.bool;
import static dev.hadirector.config.lvs.Values.command;
import static dev.hadirector.config.lvs.Values.integer;
import static dev.hadirector.config.lvs.Values.maxArgs;
import static dev.hadirector.config.lvs.Values.port;
import static dev.hadirector.config.lvs.Values.refuse;
import static dev.hadirector.config.lvs.Values.timer;

import dev.hadirector.api.BodyRegex;
import dev.hadirector.api.CheckBuilder;
import dev.hadirector.api.DnsCheck;
import dev.hadirector.api.FileCheck;
import dev.hadirector.api.Forwarding;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.HttpCheck;
import dev.hadirector.api.MiscCheck;
import dev.hadirector.api.Protocol;
import dev.hadirector.api.RegexOption;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.Scheduler;
import dev.hadirector.api.ScriptUser;
import dev.hadirector.api.SmtpCheck;
import dev.hadirector.api.TlsFiles;
import dev.hadirector.api.UdpCheck;
import dev.hadirector.api.UrlCheck;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.checks.http.PemTls;
import dev.hadirector.config.ConfigException;
import dev.hadirector.kernel.Interfaces;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.config.ConfigNode;
import dev.hadirector.config.ConfigTree;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Maps keepalived.conf's {@code virtual_server} blocks (address and port, {@code fwmark N}, {@code group NAME}
 * of a {@code virtual_server_group}) with their real servers and checkers onto {@link VirtualServer} specs.
 *
 * <p>Timing keywords are inherited as keepalived does: a checker's own value, else its real server's, else its
 * virtual server's, else the check kind's default. A virtual server that cannot be mapped is reported (file:line,
 * field, value, rule) and left out; the others still map. A group expands into one spec per member, each with
 * the group's real servers.
 */
public final class VirtualServerMapper {

    /** Keywords that change nothing the director runs (mail alerts, SNMP names, failure logging). */
    private static final Set<String> INFORMATIONAL = Set.of("smtp_alert", "snmp_name", "log_all_failures");
    /** The account keepalived runs scripts as, when it exists and no script_user is set. */
    private static final String DEFAULT_SCRIPT_USER = "keepalived_script";

    private final Map<String, ConfigNode> groups = new HashMap<>();
    private final Map<String, ConfigNode> trackFiles = new HashMap<>();
    /** global_defs script_user: the account of MISC_CHECK programs without their own user; the last one wins. */
    private ConfigNode scriptUser;
    /** The top-level SSL block: the PEM files of every SSL_GET; the last one wins. */
    private ConfigNode sslBlock;
    /** Its files, read and checked once, or the refusal every SSL_GET then gets. */
    private TlsFiles sslFiles;
    private Refusal sslProblem;

    private VirtualServerMapper(ConfigTree tree) {
        for (ConfigNode g : tree.nodes("global_defs")) {
            for (ConfigNode k : g.children("script_user")) {
                scriptUser = k;
            }
        }
        for (ConfigNode n : tree.nodes("SSL")) {
            sslBlock = n;
        }
        for (ConfigNode n : tree.nodes()) {
            if (n.keyword().equals("virtual_server_group") && n.firstArg().isPresent()) {
                groups.put(n.firstArg().get(), n);
            } else if ((n.keyword().equals("track_file") || n.keyword().equals("vrrp_track_file"))
                    && n.firstArg().isPresent()) {
                trackFiles.put(n.firstArg().get(), n);
            }
        }
    }

    /** Maps every virtual_server of {@code tree}; never throws for a bad one (see {@link LvsConfig#problems()}). */
    public static LvsConfig map(ConfigTree tree) {
        VirtualServerMapper mapper = new VirtualServerMapper(tree);
        List<VirtualServer> out = new ArrayList<>();
        List<ConfigException> problems = new ArrayList<>();
        Map<String, ConfigNode> seen = new LinkedHashMap<>();
        for (ConfigNode n : tree.nodes("virtual_server")) {
            try {
                List<VirtualServer> mapped = mapper.virtualServer(n);
                for (VirtualServer vs : mapped) {
                    ConfigNode first = seen.putIfAbsent(vs.toString(), n);
                    if (first != null) {
                        throw refuse(n, "virtual server " + vs + " is defined twice: first at " + first.location());
                    }
                }
                out.addAll(mapped);
            } catch (Refusal r) {
                problems.add(r.toConfigException());
            }
        }
        return new LvsConfig(out, problems);
    }

    /**
     * The specs one {@code virtual_server} block of {@code tree} maps to, in the order {@link #map} gives them (a
     * {@code group} gives one per member), for readers of the block's other keywords (the SMTP alert settings).
     */
    public static List<VirtualServer> specsOf(ConfigTree tree, ConfigNode virtualServer) throws ConfigException {
        try {
            return new VirtualServerMapper(tree).virtualServer(virtualServer);
        } catch (Refusal r) {
            throw r.toConfigException();
        }
    }

    /** Settings a real server and its checkers inherit. Null: not set at that level. */
    private record Inherited(Duration delayLoop, Duration connectTimeout, Integer retry, Duration delayBeforeRetry,
                             Duration warmup, Boolean alpha, Boolean inhibitOnFailure, String virtualHost) {
        static final Inherited NONE = new Inherited(null, null, null, null, null, null, null, null);

        /** {@code inner} where set, else this. */
        Inherited under(Inherited inner) {
            return new Inherited(or(inner.delayLoop, delayLoop), or(inner.connectTimeout, connectTimeout),
                    or(inner.retry, retry), or(inner.delayBeforeRetry, delayBeforeRetry), or(inner.warmup, warmup),
                    or(inner.alpha, alpha), or(inner.inhibitOnFailure, inhibitOnFailure),
                    or(inner.virtualHost, virtualHost));
        }

        private static <T> T or(T a, T b) {
            return a != null ? a : b;
        }
    }

    /** Reads an inheritable keyword into {@code acc}; false if {@code n} is not one. */
    private static boolean inheritable(ConfigNode n, Inherited[] acc) {
        Inherited i = acc[0];
        Inherited set = switch (n.keyword()) {
            case "delay_loop" -> new Inherited(timer(n, false), null, null, null, null, null, null, null);
            case "connect_timeout" -> new Inherited(null, timer(n, false), null, null, null, null, null, null);
            case "retry", "nb_get_retry" -> new Inherited(null, null, integer(n, 0, 1000), null, null, null, null,
                    null);
            case "delay_before_retry" -> new Inherited(null, null, null, timer(n, true), null, null, null, null);
            case "warmup" -> new Inherited(null, null, null, null, timer(n, true), null, null, null);
            case "alpha" -> new Inherited(null, null, null, null, null, bool(n), null, null);
            case "inhibit_on_failure" -> new Inherited(null, null, null, null, null, null, bool(n), null);
            case "virtualhost" -> {
                maxArgs(n, 1);
                yield new Inherited(null, null, null, null, null, null, null, arg(n, 0));
            }
            default -> null;
        };
        if (set == null) {
            return false;
        }
        acc[0] = i.under(set);
        return true;
    }

    private List<VirtualServer> virtualServer(ConfigNode n) {
        List<Supplier<VirtualServer.Builder>> keys = serviceKeys(n);
        // keepalived's default: IPVS takes protocol 0 as UDP, and keepalived sets UDP explicitly (with a warning)
        Protocol protocol = Protocol.UDP;
        Scheduler scheduler = Scheduler.WLC;
        Forwarding forwarding = Forwarding.MASQUERADE;
        List<Scheduler.Flag> flags = new ArrayList<>();
        boolean ops = false;
        Integer persistence = null;
        ConfigNode granularity = null;
        String engine = null;
        Inherited[] inherited = {Inherited.NONE};
        List<ConfigNode> reals = new ArrayList<>();
        ConfigNode sorryNode = null;
        boolean sorryInhibit = false;
        Forwarding sorryForwarding = null;
        List<java.util.function.UnaryOperator<VirtualServer.Builder>> policy = new ArrayList<>();
        Boolean ipv6Family = null;
        for (ConfigNode c : n.children()) {
            if (inheritable(c, inherited) || INFORMATIONAL.contains(c.keyword())) {
                continue;
            }
            switch (c.keyword()) {
                case "protocol" -> {
                    maxArgs(c, 1);
                    protocol = switch (arg(c, 0).toUpperCase(Locale.ROOT)) {
                        case "TCP" -> Protocol.TCP;
                        case "UDP" -> Protocol.UDP;
                        case "SCTP" -> Protocol.SCTP;
                        default -> throw refuse(c, "protocol \"" + arg(c, 0) + "\" invalid: must be TCP, UDP or SCTP");
                    };
                }
                case "lvs_sched", "lb_algo" -> {
                    maxArgs(c, 1);
                    scheduler = wrap(c, () -> Scheduler.of(arg(c, 0)));
                }
                case "lvs_method", "lb_kind" -> forwarding = forwarding(c);
                case "flag-1" -> flags.add(Scheduler.Flag.FLAG_1);
                case "flag-2" -> flags.add(Scheduler.Flag.FLAG_2);
                case "flag-3" -> flags.add(Scheduler.Flag.FLAG_3);
                case "sh-fallback" -> flags.add(Scheduler.Flag.SH_FALLBACK);
                case "sh-port" -> flags.add(Scheduler.Flag.SH_PORT);
                case "mh-fallback" -> flags.add(Scheduler.Flag.MH_FALLBACK);
                case "mh-port" -> flags.add(Scheduler.Flag.MH_PORT);
                case "ops" -> ops = bool(c);
                case "persistence_timeout" -> {
                    // keepalived: the keyword alone means 6 minutes
                    persistence = c.args().isEmpty() ? 360 : integer(c, 1, Integer.MAX_VALUE);
                }
                case "persistence_granularity" -> granularity = c;
                case "persistence_engine" -> {
                    maxArgs(c, 1);
                    engine = arg(c, 0);
                }
                case "ha_suspend" -> {
                    boolean v = bool(c);
                    policy.add(b -> b.haSuspend(v));
                }
                case "omega" -> {
                    boolean v = bool(c);
                    policy.add(b -> b.omega(v));
                }
                case "quorum" -> {
                    int v = integer(c, 0, Integer.MAX_VALUE);
                    policy.add(b -> b.quorum(v));
                }
                case "hysteresis" -> {
                    int v = integer(c, 0, Integer.MAX_VALUE);
                    policy.add(b -> b.hysteresis(v));
                }
                case "quorum_up" -> {
                    String[] v = command(c).toArray(String[]::new);
                    policy.add(b -> b.quorumUp(v));
                }
                case "quorum_down" -> {
                    String[] v = command(c).toArray(String[]::new);
                    policy.add(b -> b.quorumDown(v));
                }
                case "sorry_server" -> sorryNode = c;
                case "sorry_server_inhibit" -> sorryInhibit = bool(c);
                case "sorry_server_lvs_method" -> sorryForwarding = forwarding(c);
                case "ip_family" -> {
                    maxArgs(c, 1);
                    ipv6Family = switch (arg(c, 0)) {
                        case "inet" -> false;
                        case "inet6" -> true;
                        default -> throw refuse(c, "ip_family \"" + arg(c, 0) + "\" invalid: must be inet or inet6");
                    };
                }
                case "real_server" -> reals.add(c);
                default -> throw refuse(c, "'" + c.keyword() + "' in virtual_server not supported by the director");
            }
        }
        List<RealServer> realServers = new ArrayList<>();
        for (ConfigNode r : reals) {
            realServers.add(realServer(r, inherited[0]));
        }
        RealServer sorry = null;
        if (sorryNode != null) {
            ConfigNode s = sorryNode;
            maxArgs(s, 2);
            InetAddress ip = address(s, "sorry_server address", arg(s, 0));
            int port = s.args().size() > 1 ? port(s, "sorry_server port", arg(s, 1)) : 0;
            RealServer.Builder sb = RealServer.of(ip, port);
            if (sorryForwarding != null) {
                sb.forwarding(sorryForwarding);
            }
            sorry = wrap(s, sb::build);
        }
        List<VirtualServer> out = new ArrayList<>();
        for (Supplier<VirtualServer.Builder> key : keys) {
            VirtualServer.Builder b = wrap(n, key::get);
            final Protocol proto = protocol;
            VirtualServer probe = wrap(n, () -> key.get().build());
            boolean fwmark = probe.firewallMark() != 0;
            if (!fwmark && probe.protocol() != proto) {
                b = wrap(n, () -> VirtualServer.of(proto, probe.address(), probe.port()));
            }
            if (fwmark && Boolean.TRUE.equals(ipv6Family)) {
                b.ipv6();
            }
            b.scheduler(scheduler).forwarding(forwarding).schedulerFlags(flags.toArray(Scheduler.Flag[]::new));
            if (ops) {
                b.onePacket(true);
            }
            if (persistence != null) {
                b.persistent(persistence);
            }
            if (engine != null) {
                b.persistenceEngine(engine);
            }
            if (granularity != null) {
                b.persistencePrefix(prefix(granularity, fwmark ? Boolean.TRUE.equals(ipv6Family)
                        : probe.address() instanceof Inet6Address));
            }
            for (var p : policy) {
                final VirtualServer.Builder bb = b;
                wrap(n, () -> p.apply(bb));
            }
            if (inherited[0].virtualHost() != null) {
                final VirtualServer.Builder bb = b;
                wrap(n, () -> bb.virtualHost(inherited[0].virtualHost()));
            }
            if (sorry != null) {
                b.sorryServer(sorry, sorryInhibit);
            } else if (sorryInhibit) {
                throw refuse(n, "sorry_server_inhibit without a sorry_server: set sorry_server");
            }
            realServers.forEach(b::realServer);
            final VirtualServer.Builder bb = b;
            out.add(wrap(n, bb::build));
        }
        return out;
    }

    /** The services a virtual_server line names: one, or one per member of its group. */
    private List<Supplier<VirtualServer.Builder>> serviceKeys(ConfigNode n) {
        String first = arg(n, 0);
        if (first.equals("fwmark")) {
            maxArgs(n, 2);
            long mark = integer(n, 1, 1, 0xffffffffL);
            return List.of(() -> VirtualServer.firewallMark((int) mark));
        }
        if (first.equals("group")) {
            maxArgs(n, 2);
            String name = arg(n, 1);
            ConfigNode group = groups.get(name);
            if (group == null) {
                throw refuse(n, "virtual_server group \"" + name + "\" not defined: add a virtual_server_group "
                        + name + " block");
            }
            List<Supplier<VirtualServer.Builder>> keys = new ArrayList<>();
            for (ConfigNode m : group.children()) {
                keys.addAll(groupMember(m));
            }
            if (keys.isEmpty()) {
                throw refuse(group, "virtual_server_group " + name + " is empty: must list addresses or fwmarks");
            }
            return keys;
        }
        maxArgs(n, 2);
        InetAddress ip = address(n, "virtual_server address", first);
        int port = n.args().size() > 1 ? port(n, "virtual_server port", arg(n, 1)) : 0;
        return List.of(() -> VirtualServer.of(Protocol.TCP, ip, port));
    }

    /** A member line: "IP PORT", "IP-LAST PORT" (a range of the last IPv4 octet) or "fwmark N". */
    private List<Supplier<VirtualServer.Builder>> groupMember(ConfigNode m) {
        if (m.keyword().equals("fwmark")) {
            maxArgs(m, 1);
            long mark = integer(m, 0, 1, 0xffffffffL);
            return List.of(() -> VirtualServer.firewallMark((int) mark));
        }
        if (m.args().size() > 1) {
            throw refuse(m, "virtual_server_group member \"" + m.keyword() + " " + String.join(" ", m.args())
                    + "\" invalid: must be IP [PORT], IP-LAST [PORT] or fwmark N");
        }
        int port = m.args().isEmpty() ? 0 : port(m, "virtual_server_group port", m.args().get(0));
        String text = m.keyword();
        int dash = text.lastIndexOf('-');
        if (dash > 0 && text.indexOf(':') < 0) {
            InetAddress start = address(m, "virtual_server_group address", text.substring(0, dash));
            int last;
            try {
                last = Integer.parseInt(text.substring(dash + 1));
            } catch (NumberFormatException e) {
                throw refuse(m, "virtual_server_group range end \"" + text.substring(dash + 1)
                        + "\" invalid: must be the last octet 0..255");
            }
            byte[] a = start.getAddress();
            int from = a[3] & 0xff;
            if (!(start instanceof Inet4Address) || last < from || last > 255) {
                throw refuse(m, "virtual_server_group range \"" + text + "\" invalid: the end must be an octet "
                        + from + "..255 of an IPv4 start");
            }
            List<Supplier<VirtualServer.Builder>> out = new ArrayList<>();
            for (int i = from; i <= last; i++) {
                byte[] b = a.clone();
                b[3] = (byte) i;
                InetAddress ip = wrap(m, () -> InetAddress.getByAddress(b));
                out.add(() -> VirtualServer.of(Protocol.TCP, ip, port));
            }
            return out;
        }
        InetAddress ip = address(m, "virtual_server_group address", text);
        return List.of(() -> VirtualServer.of(Protocol.TCP, ip, port));
    }

    private static int prefix(ConfigNode g, boolean ipv6) {
        maxArgs(g, 1);
        String text = arg(g, 0);
        if (ipv6 || text.matches("[0-9]{1,3}")) {
            return (int) integer(g, 0, ipv6 ? 1 : 0, ipv6 ? 128 : 32);
        }
        InetAddress mask = address(g, "persistence_granularity", text);
        int bits = 0;
        boolean ended = false;
        for (byte b : mask.getAddress()) {
            for (int i = 7; i >= 0; i--) {
                boolean one = ((b >> i) & 1) == 1;
                if (one && ended) {
                    throw refuse(g, "persistence_granularity " + text + " invalid: must be a contiguous netmask");
                }
                if (one) {
                    bits++;
                } else {
                    ended = true;
                }
            }
        }
        return bits;
    }

    /** lvs_method NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum]. */
    private static Forwarding forwarding(ConfigNode c) {
        String method = arg(c, 0).toUpperCase(Locale.ROOT);
        switch (method) {
            case "NAT" -> {
                maxArgs(c, 1);
                return Forwarding.MASQUERADE;
            }
            case "DR" -> {
                maxArgs(c, 1);
                return Forwarding.DIRECT_ROUTE;
            }
            case "TUN" -> {
                Forwarding.TunnelType type = Forwarding.TunnelType.IPIP;
                int port = 0;
                Forwarding.TunnelChecksum sum = Forwarding.TunnelChecksum.NONE;
                List<String> a = c.args();
                for (int i = 1; i < a.size(); i++) {
                    switch (a.get(i)) {
                        case "type" -> {
                            String t = i + 1 < a.size() ? a.get(++i) : "";
                            type = switch (t) {
                                case "ipip" -> Forwarding.TunnelType.IPIP;
                                case "gue" -> Forwarding.TunnelType.GUE;
                                case "gre" -> Forwarding.TunnelType.GRE;
                                default -> throw refuse(c, "lvs_method TUN type \"" + t
                                        + "\" invalid: must be ipip, gue or gre");
                            };
                        }
                        case "port" -> port = port(c, "lvs_method TUN port", i + 1 < a.size() ? a.get(++i) : "");
                        case "nocsum" -> sum = Forwarding.TunnelChecksum.NONE;
                        case "csum" -> sum = Forwarding.TunnelChecksum.CHECKSUM;
                        case "remcsum" -> sum = Forwarding.TunnelChecksum.REMOTE_CHECKSUM;
                        default -> throw refuse(c, "lvs_method TUN option \"" + a.get(i)
                                + "\" invalid: must be type, port, nocsum, csum or remcsum");
                    }
                }
                Forwarding.TunnelType t = type;
                int p = port;
                Forwarding.TunnelChecksum s = sum;
                return wrap(c, () -> Forwarding.tunnel(t, p, s));
            }
            default -> throw refuse(c, c.keyword() + " \"" + arg(c, 0) + "\" invalid: must be NAT, DR or TUN");
        }
    }

    private RealServer realServer(ConfigNode r, Inherited fromVirtual) {
        maxArgs(r, 2);
        InetAddress ip = address(r, "real_server address", arg(r, 0));
        int port = r.args().size() > 1 ? port(r, "real_server port", arg(r, 1)) : 0;
        RealServer.Builder b = RealServer.of(ip, port);
        Inherited[] inherited = {Inherited.NONE};
        List<ConfigNode> checkers = new ArrayList<>();
        Integer upper = null;
        Integer lower = null;
        for (ConfigNode c : r.children()) {
            if (inheritable(c, inherited) || INFORMATIONAL.contains(c.keyword())) {
                continue;
            }
            switch (c.keyword()) {
                case "weight" -> b.weight(integer(c, 0, RealServer.MAX_WEIGHT));
                case "lvs_method" -> b.forwarding(forwarding(c));
                case "notify_up" -> b.notifyUp(command(c));
                case "notify_down" -> b.notifyDown(command(c));
                case "uthreshold" -> upper = integer(c, 0, Integer.MAX_VALUE);
                case "lthreshold" -> lower = integer(c, 0, Integer.MAX_VALUE);
                case "TCP_CHECK", "HTTP_GET", "SSL_GET", "SMTP_CHECK", "DNS_CHECK", "MISC_CHECK", "UDP_CHECK",
                     "PING_CHECK", "FILE_CHECK" -> checkers.add(c);
                default -> throw refuse(c, "'" + c.keyword() + "' in real_server not supported by the director");
            }
        }
        if (upper != null) {
            b.upperThreshold(upper);
        }
        if (lower != null) {
            b.lowerThreshold(lower);
        }
        Inherited all = fromVirtual.under(inherited[0]);
        if (inherited[0].inhibitOnFailure() != null || fromVirtual.inhibitOnFailure() != null) {
            b.inhibitOnFailure(Boolean.TRUE.equals(all.inhibitOnFailure()));
        }
        if (inherited[0].virtualHost() != null) {
            String vh = inherited[0].virtualHost();
            wrap(r, () -> b.virtualHost(vh));
        }
        for (ConfigNode c : checkers) {
            b.check(checker(c, all));
        }
        return wrap(r, b::build);
    }

    private HealthCheck checker(ConfigNode c, Inherited inherited) {
        return switch (c.keyword()) {
            case "TCP_CHECK" -> common(c, HealthCheck.tcp(), inherited, Set.of()).build();
            case "PING_CHECK" -> common(c, HealthCheck.ping(), inherited, Set.of()).build();
            case "HTTP_GET", "SSL_GET" -> http(c, inherited);
            case "SMTP_CHECK" -> smtp(c, inherited);
            case "DNS_CHECK" -> dns(c, inherited);
            case "UDP_CHECK" -> udp(c, inherited);
            case "MISC_CHECK" -> misc(c, inherited);
            case "FILE_CHECK" -> file(c, inherited);
            default -> throw refuse(c, "checker '" + c.keyword() + "' not supported");
        };
    }

    /** Applies the inherited and the checker's own common keywords; other keywords must be in {@code own}. */
    private static <B extends CheckBuilder<B, ?>> B common(ConfigNode c, B b, Inherited inherited, Set<String> own) {
        Inherited[] local = {Inherited.NONE};
        for (ConfigNode k : c.children()) {
            if (own.contains(k.keyword()) || INFORMATIONAL.contains(k.keyword())) {
                continue;
            }
            if (k.keyword().equals("inhibit_on_failure") || k.keyword().equals("virtualhost")
                    || !inheritable(k, local)) {
                switch (k.keyword()) {
                    case "connect_ip" -> {
                        maxArgs(k, 1);
                        String host = arg(k, 0);
                        address(k, "connect_ip", host);
                        wrap(k, () -> b.connectIp(host));
                    }
                    case "connect_port" -> {
                        maxArgs(k, 1);
                        int p = port(k, "connect_port", arg(k, 0));
                        wrap(k, () -> b.connectPort(p));
                    }
                    case "bindto" -> {
                        maxArgs(k, 1);
                        String host = arg(k, 0);
                        address(k, "bindto", host);
                        wrap(k, () -> b.bindTo(host));
                    }
                    case "bind_port" -> {
                        maxArgs(k, 1);
                        int p = port(k, "bind_port", arg(k, 0));
                        wrap(k, () -> b.bindPort(p));
                    }
                    case "bind_if" -> {
                        maxArgs(k, 1);
                        String ifname = arg(k, 0);
                        wrap(k, () -> b.bindInterface(ifname));
                        requireInterface(k, ifname);
                    }
                    default -> throw refuse(k, "'" + k.keyword() + "' in " + c.keyword()
                            + " not supported by the director");
                }
            }
        }
        Inherited t = inherited.under(local[0]);
        if (t.delayLoop() != null) {
            wrap(c, () -> b.every(t.delayLoop()));
        }
        if (t.connectTimeout() != null) {
            wrap(c, () -> b.connectTimeout(t.connectTimeout()));
        }
        if (t.retry() != null) {
            wrap(c, () -> b.retry(t.retry()));
        }
        if (t.delayBeforeRetry() != null) {
            wrap(c, () -> b.delayBeforeRetry(t.delayBeforeRetry()));
        }
        if (t.warmup() != null) {
            wrap(c, () -> b.warmup(t.warmup()));
        }
        if (t.alpha() != null) {
            wrap(c, () -> b.alpha(t.alpha()));
        }
        return b;
    }

    /** bind_if must name an interface that exists now, in the namespace the configuration is read in. */
    private static void requireInterface(ConfigNode k, String ifname) {
        try {
            Interfaces.index(ifname);
        } catch (KernelException e) {
            throw refuse(k, "bind_if \"" + ifname + "\" unknown: no such interface here (" + e.errnoName() + ")");
        }
    }

    private HealthCheck http(ConfigNode c, Inherited inherited) {
        boolean tls = c.keyword().equals("SSL_GET");
        HttpCheck.Builder b = tls ? HealthCheck.https() : HealthCheck.http();
        common(c, b, inherited, Set.of("url", "http_protocol", "fast_recovery", "enable_sni", "virtualhost"));
        for (ConfigNode k : c.children()) {
            switch (k.keyword()) {
                case "url" -> b.url(url(k));
                case "virtualhost" -> {
                    maxArgs(k, 1);
                    wrap(k, () -> b.virtualHost(arg(k, 0)));
                }
                case "http_protocol" -> {
                    maxArgs(k, 1);
                    b.protocol(switch (arg(k, 0)) {
                        case "1.0" -> HttpCheck.HttpProtocol.HTTP_1_0;
                        case "1.0C", "1.0c" -> HttpCheck.HttpProtocol.HTTP_1_0_CLOSE;
                        case "1.1" -> HttpCheck.HttpProtocol.HTTP_1_1;
                        default -> throw refuse(k, "http_protocol \"" + arg(k, 0) + "\" invalid: must be 1.0, 1.0C or 1.1");
                    });
                }
                case "enable_sni" -> {
                    if (!tls) {
                        throw refuse(k, "enable_sni invalid in HTTP_GET: only SSL_GET sends a server name");
                    }
                    b.sni(bool(k));
                }
                case "fast_recovery" -> bool(k); // every URL is fetched in each round already
                default -> {
                }
            }
        }
        if (tls) {
            sslFiles().ifPresent(b::tlsFiles);
        }
        return wrap(c, b::build);
    }

    /**
     * The SSL block's files, checked once: they exist, the certificates and key parse, the key decrypts and belongs
     * to the certificate. A problem is reported at the line of the keyword naming the file.
     */
    private java.util.Optional<TlsFiles> sslFiles() {
        if (sslBlock == null || sslBlock.children().isEmpty()) {
            return java.util.Optional.empty();
        }
        if (sslProblem != null) {
            throw sslProblem;
        }
        if (sslFiles == null) {
            try {
                sslFiles = readSsl(sslBlock);
            } catch (Refusal r) {
                sslProblem = r;
                throw r;
            }
        }
        return java.util.Optional.of(sslFiles);
    }

    private static TlsFiles readSsl(ConfigNode ssl) {
        TlsFiles.Builder b = TlsFiles.builder();
        for (ConfigNode k : ssl.children()) {
            maxArgs(k, 1);
            String value = arg(k, 0);
            switch (k.keyword()) {
                case "password" -> b.password(value);
                case "ca", "certificate", "key" -> {
                    Path file = Path.of(value);
                    if (!file.isAbsolute()) {
                        throw refuse(k, k.keyword() + " \"" + value + "\" invalid: must be an absolute path");
                    }
                    switch (k.keyword()) {
                        case "ca" -> b.ca(file);
                        case "certificate" -> b.certificate(file);
                        default -> b.key(file);
                    }
                }
                default -> throw refuse(k, "'" + k.keyword() + "' in SSL not supported by the director");
            }
        }
        try {
            TlsFiles files = b.build();
            PemTls.load(files);
            return files;
        } catch (IllegalArgumentException | IllegalStateException e) {
            String field = e.getMessage().split("[ \"]", 2)[0];
            ConfigNode at = ssl.child(field).orElse(ssl);
            throw new Refusal(at.location(), "SSL " + e.getMessage(), e);
        }
    }

    private static UrlCheck url(ConfigNode u) {
        String path = null;
        String digest = null;
        ConfigNode regex = null;
        boolean noMatch = false;
        Set<RegexOption> options = java.util.EnumSet.noneOf(RegexOption.class);
        int minOffset = 0;
        Integer maxOffset = null;
        List<ConfigNode> regexSettings = new ArrayList<>();
        dev.hadirector.api.StatusCodes codes = dev.hadirector.api.StatusCodes.DEFAULT;
        for (ConfigNode k : u.children()) {
            switch (k.keyword()) {
                case "path" -> {
                    maxArgs(k, 1);
                    path = arg(k, 0);
                }
                case "digest" -> {
                    maxArgs(k, 1);
                    digest = arg(k, 0);
                    if (!digest.matches("[0-9A-Fa-f]{32}")) {
                        throw refuse(k, "digest \"" + digest + "\" invalid: must be 32 hexadecimal digits (an MD5 "
                                + "as printed by genhash)");
                    }
                }
                case "status_code" -> {
                    String text = String.join(" ", k.args());
                    codes = wrap(k, () -> dev.hadirector.api.StatusCodes.parse(text));
                }
                case "regex" -> {
                    maxArgs(k, 1);
                    arg(k, 0);
                    regex = k;
                }
                case "regex_no_match" -> noMatch = bool(k);
                case "regex_options" -> {
                    arg(k, 0);
                    for (String word : k.args()) {
                        RegexOption option = wrap(k, () -> RegexOption.of(word));
                        if (option.kind() == RegexOption.Kind.REFUSED) {
                            throw refuse(k, "regex_options " + word + " not supported: " + option.reason());
                        }
                        options.add(option);
                    }
                    regexSettings.add(k);
                }
                case "regex_min_offset" -> {
                    maxArgs(k, 1);
                    minOffset = (int) integer(k, 0, 0, Integer.MAX_VALUE);
                    regexSettings.add(k);
                }
                case "regex_max_offset" -> {
                    maxArgs(k, 1);
                    maxOffset = (int) integer(k, 0, 0, Integer.MAX_VALUE);
                    regexSettings.add(k);
                }
                case "regex_stack" -> throw refuse(k, "regex_stack not supported: java.util.regex has no JIT stack to "
                        + "size (a match too deep for the thread stack fails the check with that reason); remove it");
                case "virtualhost" -> throw refuse(k, "virtualhost per url not supported: set it on the checker");
                default -> throw refuse(k, "'" + k.keyword() + "' in url not supported by the director");
            }
        }
        if (path == null) {
            throw refuse(u, "url without a path: add \"path /...\"");
        }
        if (regex == null && !regexSettings.isEmpty()) {
            ConfigNode first = regexSettings.get(0);
            throw refuse(first, first.keyword() + " without a regex in this url: add regex \"...\"");
        }
        java.util.Optional<BodyRegex> bodyRegex = java.util.Optional.empty();
        if (regex != null) {
            String pattern = arg(regex, 0);
            boolean nm = noMatch;
            int min = minOffset;
            java.util.Optional<Integer> max = java.util.Optional.ofNullable(maxOffset);
            RegexOption[] chosen = options.toArray(new RegexOption[0]);
            try {
                // the regex line names a bad pattern; an offset pair that contradicts itself is reported there too
                bodyRegex = java.util.Optional.of(BodyRegex.of(pattern).noMatch(nm).options(chosen).offsets(min, max));
            } catch (IllegalArgumentException e) {
                throw new Refusal(regex.location(), e.getMessage(), e);
            }
        }
        String p = path;
        String d = digest;
        var r = bodyRegex;
        var sc = codes;
        return wrap(u, () -> new UrlCheck(p, sc, java.util.Optional.ofNullable(d), r));
    }

    private HealthCheck smtp(ConfigNode c, Inherited inherited) {
        SmtpCheck.Builder b = HealthCheck.smtp();
        common(c, b, inherited, Set.of("helo_name", "host"));
        for (ConfigNode k : c.children()) {
            if (k.keyword().equals("helo_name")) {
                maxArgs(k, 1);
                wrap(k, () -> b.heloName(arg(k, 0)));
            } else if (k.keyword().equals("host")) {
                throw refuse(k, "SMTP_CHECK host block (keepalived before 2.0) not supported: write one SMTP_CHECK "
                        + "per host with connect_ip/connect_port");
            }
        }
        return wrap(c, b::build);
    }

    private HealthCheck dns(ConfigNode c, Inherited inherited) {
        DnsCheck.Builder b = HealthCheck.dns();
        common(c, b, inherited, Set.of("type", "name"));
        for (ConfigNode k : c.children()) {
            if (k.keyword().equals("type")) {
                maxArgs(k, 1);
                try {
                    b.type(DnsCheck.Type.valueOf(arg(k, 0).toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw refuse(k, "type \"" + arg(k, 0) + "\" invalid: must be one of A, NS, CNAME, SOA, MX, TXT, AAAA");
                }
            } else if (k.keyword().equals("name")) {
                maxArgs(k, 1);
                wrap(k, () -> b.name(arg(k, 0)));
            }
        }
        return wrap(c, b::build);
    }

    private HealthCheck udp(ConfigNode c, Inherited inherited) {
        UdpCheck.Builder b = HealthCheck.udp();
        common(c, b, inherited, Set.of("payload", "require_reply", "min_reply_length", "max_reply_length"));
        int min = 0;
        int max = 255;
        for (ConfigNode k : c.children()) {
            switch (k.keyword()) {
                case "payload" -> {
                    String hex = String.join(" ", k.args());
                    wrap(k, () -> b.payload(hex));
                }
                case "require_reply" -> {
                    if (k.args().isEmpty()) {
                        b.requireReply();
                    } else {
                        String hex = String.join(" ", k.args());
                        wrap(k, () -> b.requireReply(hex));
                    }
                }
                case "min_reply_length" -> min = integer(k, 0, 65_507);
                case "max_reply_length" -> max = integer(k, 0, 65_507);
                default -> {
                }
            }
        }
        int mn = min;
        int mx = max;
        wrap(c, () -> b.replyLength(mn, mx));
        return wrap(c, b::build);
    }

    private HealthCheck misc(ConfigNode c, Inherited inherited) {
        ConfigNode pathNode = c.child("misc_path").orElseThrow(() -> refuse(c, "MISC_CHECK without misc_path: "
                + "add misc_path \"/path/to/program args\""));
        List<String> cmd = command(pathNode);
        MiscCheck.Builder b = wrap(pathNode, () -> HealthCheck.misc(cmd));
        for (ConfigNode k : c.children()) {
            switch (k.keyword()) {
                case "connect_ip", "connect_port", "bindto", "bind_port", "connect_timeout", "bind_if", "fwmark" ->
                        throw refuse(k, "'" + k.keyword() + "' invalid in MISC_CHECK: a program has no connection");
                case "misc_timeout" -> {
                    Duration t = timer(k, false);
                    b.timeout(t);
                }
                case "misc_dynamic" -> b.dynamic(bool(k));
                case "user" -> runAs(k, b);
                default -> {
                }
            }
        }
        if (c.child("user").isEmpty()) {
            defaultUser(b);
        }
        // connect_timeout inherited from the virtual or real server means nothing to a program
        Inherited noConnect = new Inherited(inherited.delayLoop(), null, inherited.retry(),
                inherited.delayBeforeRetry(), inherited.warmup(), inherited.alpha(), null, null);
        common(c, b, noConnect, Set.of("misc_path", "misc_timeout", "misc_dynamic", "user"));
        return wrap(c, b::build);
    }

    /** keepalived's fallback when a MISC_CHECK names no user: script_user, else keepalived_script if it exists. */
    private void defaultUser(MiscCheck.Builder b) {
        if (scriptUser != null) {
            runAs(scriptUser, b);
        } else if (ScriptUser.exists(DEFAULT_SCRIPT_USER)) {
            b.user(DEFAULT_SCRIPT_USER);
        }
    }

    /** {@code user USERNAME [GROUPNAME]} or {@code script_user USERNAME [GROUPNAME]}: both must exist. */
    private static void runAs(ConfigNode k, MiscCheck.Builder b) {
        maxArgs(k, 2);
        String user = arg(k, 0);
        if (k.args().size() == 2) {
            String group = k.args().get(1);
            wrap(k, () -> b.user(user, group));
        } else {
            wrap(k, () -> b.user(user));
        }
    }

    private HealthCheck file(ConfigNode c, Inherited inherited) {
        ConfigNode ref = c.child("track_file").orElseThrow(() -> refuse(c, "FILE_CHECK without track_file: "
                + "name a track_file block"));
        maxArgs(ref, 1);
        String name = arg(ref, 0);
        ConfigNode track = trackFiles.get(name);
        if (track == null) {
            throw refuse(ref, "track_file \"" + name + "\" not defined: add a top-level track_file " + name + " block");
        }
        ConfigNode fileNode = track.child("file").orElseThrow(() -> refuse(track, "track_file " + name
                + " without file: add file \"/path\""));
        maxArgs(fileNode, 1);
        Path path = Path.of(arg(fileNode, 0));
        if (!path.isAbsolute()) {
            throw refuse(fileNode, "file \"" + path + "\" invalid: must be an absolute path");
        }
        FileCheck.Builder b = HealthCheck.file(path);
        ConfigNode weight = c.child("weight").orElse(track.child("weight").orElse(null));
        if (weight != null) {
            maxArgs(weight, 2);
            b.weight((int) integer(weight, 0, -2147483647L, 2147483647L));
            if (weight.args().size() > 1) {
                if (!weight.args().get(1).equals("reverse")) {
                    throw refuse(weight, "weight option \"" + weight.args().get(1) + "\" invalid: must be reverse");
                }
                b.reverse(true);
            }
        }
        for (ConfigNode k : c.children()) {
            if (!k.keyword().equals("track_file") && !k.keyword().equals("weight")) {
                throw refuse(k, "'" + k.keyword() + "' invalid in FILE_CHECK: only track_file and weight");
            }
        }
        Inherited noConnect = new Inherited(inherited.delayLoop(), null, inherited.retry(),
                inherited.delayBeforeRetry(), inherited.warmup(), inherited.alpha(), null, null);
        common(c, b, noConnect, Set.of("track_file", "weight"));
        return wrap(c, b::build);
    }

    /** Runs a builder step; its IllegalArgumentException (field, value, rule) is reported at {@code at}. */
    private static <T> T wrap(ConfigNode at, ThrowingSupplier<T> step) {
        try {
            return step.get();
        } catch (Refusal r) {
            throw r;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new Refusal(at.location(), at.keyword() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new Refusal(at.location(), at.keyword() + ": " + e, e);
        }
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
