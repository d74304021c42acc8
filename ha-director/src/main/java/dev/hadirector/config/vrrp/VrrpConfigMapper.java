package dev.hadirector.config.vrrp;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpSyncGroup;
import dev.hadirector.api.VrrpTrack;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.config.ConfigException;
import dev.hadirector.config.ConfigNode;
import dev.hadirector.config.ConfigTree;
import dev.hadirector.vrrp.kernel.AcceptModeFirewallSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps keepalived.conf's VRRP sections onto {@link VrrpInstance} and {@link VrrpSyncGroup} specs with
 * keepalived's defaults and semantics: {@code global_defs} {@code vrrp_version} and {@code vrrp_garp_*}
 * set the defaults of every instance; {@code vrrp_script} blocks are referenced by {@code track_script}
 * (whose {@code weight} overrides the script's); {@code mcast_src_ip} is the advert source like
 * {@code unicast_src_ip}; {@code vrrp_strict} / {@code strict_mode} apply {@link StrictMode}'s rules;
 * {@code nftables}, {@code nftables_priority} and {@code nftables_counters} place the no_accept firewall ({@link AcceptModeFirewallSettings}).
 * Every refusal carries file:line; all of them are collected, not just the first.
 *
 * <p>Keywords the director does not run are not looked at here: the validator reports them, and the
 * director refuses to start while any is present.
 */
public final class VrrpConfigMapper {
    private static final Duration MAX_GARP_DELAY = Duration.ofSeconds(1000);
    private static final Duration MAX_SCRIPT_TIME = Duration.ofDays(1);

    private final List<ConfigException> problems = new ArrayList<>();
    private VrrpVersion defaultVersion = VrrpVersion.V2;
    private Optional<Duration> garpDelay = Optional.empty();
    private Optional<Integer> garpRepeat = Optional.empty();
    private Optional<Duration> garpRefresh = Optional.empty();
    private Optional<Integer> garpRefreshRepeat = Optional.empty();
    private Optional<String> routerId = Optional.empty();
    private boolean vrrpStrict;
    private Optional<String> nftablesTable = Optional.empty();
    private int nftablesPriority = AcceptModeFirewallSettings.DEFAULT_CHAIN_PRIORITY;
    private boolean nftablesCounters;
    private Optional<ConfigNode> nftablesNode = Optional.empty();
    private final Map<String, VrrpTrack.Script> scripts = new LinkedHashMap<>();

    private VrrpConfigMapper() {
    }

    public static VrrpConfig map(ConfigTree tree) {
        return new VrrpConfigMapper().mapTree(tree);
    }

    private VrrpConfig mapTree(ConfigTree tree) {
        for (ConfigNode g : tree.nodes("global_defs")) {
            g.children().forEach(c -> guarded(() -> global(c)));
        }
        for (ConfigNode s : tree.nodes("vrrp_script")) {
            guarded(() -> script(s));
        }
        // Groups first: their notify programs listen on their members' transitions.
        List<VrrpSyncGroup> groups = new ArrayList<>();
        Map<String, List<GroupNotifier>> groupListeners = new LinkedHashMap<>();
        Set<String> groupNames = new HashSet<>();
        for (ConfigNode g : tree.nodes("vrrp_sync_group")) {
            guarded(() -> {
                VrrpSyncGroup group = syncGroup(g, groupListeners);
                if (!groupNames.add(group.name())) {
                    throw Args.refuse(g, "vrrp_sync_group " + group.name() + " defined twice");
                }
                groups.add(group);
            });
        }
        List<VrrpInstance> instances = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode i : tree.nodes("vrrp_instance")) {
            guarded(() -> {
                VrrpInstance instance = instance(i, groupListeners);
                if (!names.add(instance.name())) {
                    throw Args.refuse(i, "vrrp_instance " + instance.name() + " defined twice");
                }
                instances.add(instance);
            });
        }
        for (ConfigNode g : tree.nodes("vrrp_sync_group")) {
            for (ConfigNode list : g.children("group")) {
                for (ConfigNode member : list.children()) {
                    if (!names.contains(member.keyword())) {
                        problems.add(new ConfigException(member.location(), "vrrp_sync_group " + g.firstArg().orElse("")
                                + ": member " + member.keyword() + " unknown: no vrrp_instance has that name"));
                    }
                }
            }
        }
        AcceptModeFirewallSettings firewall = AcceptModeFirewallSettings.DEFAULTS;
        try {
            firewall = new AcceptModeFirewallSettings(nftablesTable.orElse(AcceptModeFirewallSettings.DEFAULT_TABLE),
                    nftablesPriority, nftablesCounters);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigException(nftablesNode.orElseThrow().location(), e.getMessage()));
        }
        return new VrrpConfig(instances, groups, routerId, firewall, problems);
    }

    private void guarded(Runnable mapping) {
        try {
            mapping.run();
        } catch (Refusal r) {
            problems.add(r.toConfigException());
        }
    }

    // ---------------------------------------------------------------- global_defs

    private void global(ConfigNode c) {
        switch (c.keyword()) {
            case "router_id" -> routerId = Optional.of(Args.one(c));
            case "vrrp_version" -> defaultVersion = version(c);
            case "vrrp_garp_master_delay" -> garpDelay = Optional.of(Args.seconds(c, Duration.ZERO, MAX_GARP_DELAY));
            case "vrrp_garp_master_repeat" -> garpRepeat = Optional.of(Args.integer(c, 1, 255));
            case "vrrp_garp_master_refresh" -> garpRefresh = Optional.of(Args.seconds(c, Duration.ZERO, MAX_GARP_DELAY));
            case "vrrp_garp_master_refresh_repeat" -> garpRefreshRepeat = Optional.of(Args.integer(c, 1, 255));
            case "vrrp_strict" -> {
                Args.none(c);
                vrrpStrict = true;
            }
            case "nftables" -> {
                // Without a name keepalived uses "keepalived"; ours stays "hadirector" so both can share a namespace.
                if (c.args().size() > 1) {
                    throw Args.refuse(c, "nftables takes at most 1 argument (the table name), has "
                            + c.args().size() + ": " + String.join(" ", c.args()));
                }
                nftablesNode = Optional.of(c);
                nftablesTable = c.args().isEmpty() ? Optional.empty() : Optional.of(c.args().get(0));
            }
            case "nftables_priority" -> nftablesPriority = Args.integer(c, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case "nftables_counters" -> {
                Args.none(c);
                nftablesCounters = true;
            }
            default -> {
                // other global_defs belong to other parts (or are reported unsupported by the validator)
            }
        }
    }

    private static VrrpVersion version(ConfigNode c) {
        return switch (Args.integer(c, 2, 3)) {
            case 2 -> VrrpVersion.V2;
            default -> VrrpVersion.V3;
        };
    }

    // ---------------------------------------------------------------- vrrp_script

    private void script(ConfigNode s) {
        String name = Args.one(s);
        if (scripts.containsKey(name)) {
            throw Args.refuse(s, "vrrp_script " + name + " defined twice");
        }
        List<String> command = null;
        Duration interval = Duration.ofSeconds(1);
        Optional<Duration> timeout = Optional.empty();
        int rise = 1;
        int fall = 1;
        int weight = 0;
        boolean initFail = false;
        for (ConfigNode c : s.children()) {
            switch (c.keyword()) {
                case "script" -> command = Args.command(c);
                case "interval" -> interval = Args.seconds(c, Duration.ofMillis(1), MAX_SCRIPT_TIME);
                case "timeout" -> timeout = Optional.of(Args.seconds(c, Duration.ofMillis(1), MAX_SCRIPT_TIME));
                case "rise" -> rise = Args.integer(c, 1, Integer.MAX_VALUE);
                case "fall" -> fall = Args.integer(c, 1, Integer.MAX_VALUE);
                case "weight" -> weight = weight(c);
                case "init_fail" -> {
                    Args.none(c);
                    initFail = true;
                }
                default -> {
                    // reported by the validator
                }
            }
        }
        if (command == null) {
            throw Args.refuse(s, "vrrp_script " + name + ": script missing: a vrrp_script needs a program to run");
        }
        try {
            scripts.put(name, new VrrpTrack.Script(name, command, interval, timeout.orElse(interval), rise, fall,
                    weight, initFail));
        } catch (IllegalArgumentException e) {
            throw Args.refuse(s, "vrrp_script " + name + ": " + e.getMessage());
        }
    }

    /** {@code weight N [reverse]}; keepalived's range -253..253. */
    private static int weight(ConfigNode c) {
        if (c.args().isEmpty() || c.args().size() > 2 || (c.args().size() == 2 && !c.args().get(1).equals("reverse"))) {
            throw Args.refuse(c, "weight takes a number -253..253 and optionally \"reverse\", has: "
                    + String.join(" ", c.args()));
        }
        if (c.args().size() == 2) {
            throw Args.refuse(c, "weight ... reverse is not supported by this version of ha-director");
        }
        return Args.integer(c, c.args().get(0), -VrrpTrack.MAX_WEIGHT, VrrpTrack.MAX_WEIGHT);
    }

    // ---------------------------------------------------------------- vrrp_sync_group

    private VrrpSyncGroup syncGroup(ConfigNode g, Map<String, List<GroupNotifier>> groupListeners) {
        String name = Args.one(g);
        List<String> members = new ArrayList<>();
        Map<String, NotifyProgram> notify = new LinkedHashMap<>();
        for (ConfigNode c : g.children()) {
            switch (c.keyword()) {
                case "group" -> {
                    for (ConfigNode m : c.children()) {
                        if (!m.args().isEmpty()) {
                            throw Args.refuse(m, "vrrp_sync_group " + name + ": group member \"" + m.keyword() + " "
                                    + String.join(" ", m.args()) + "\" invalid: one instance name per word");
                        }
                        if (members.contains(m.keyword())) {
                            throw Args.refuse(m, "vrrp_sync_group " + name + ": member " + m.keyword() + " listed twice");
                        }
                        members.add(m.keyword());
                    }
                    c.args().forEach(members::add);
                }
                case "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify" ->
                        notify.put(c.keyword(), new NotifyProgram(c.keyword(), Args.command(c)));
                default -> {
                    // reported by the validator
                }
            }
        }
        if (members.isEmpty()) {
            throw Args.refuse(g, "vrrp_sync_group " + name + ": group missing: list at least one vrrp_instance");
        }
        if (!notify.isEmpty()) {
            GroupNotifier n = new GroupNotifier(name, members, new GroupNotifier.InstanceNotifierPrograms(
                    Optional.ofNullable(notify.get("notify_master")), Optional.ofNullable(notify.get("notify_backup")),
                    Optional.ofNullable(notify.get("notify_fault")), Optional.ofNullable(notify.get("notify_stop")),
                    Optional.ofNullable(notify.get("notify"))));
            members.forEach(m -> groupListeners.computeIfAbsent(m, k -> new ArrayList<>()).add(n));
        }
        try {
            return new VrrpSyncGroup(name, members, List.of());
        } catch (IllegalArgumentException e) {
            throw Args.refuse(g, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- vrrp_instance

    private VrrpInstance instance(ConfigNode node, Map<String, List<GroupNotifier>> groupListeners) {
        String name = Args.one(node);
        VrrpInstance.Builder b = VrrpInstance.builder(name).version(defaultVersion);
        garpDelay.ifPresent(b::garpMasterDelay);
        garpRepeat.ifPresent(b::garpMasterRepeat);
        garpRefresh.ifPresent(b::garpMasterRefresh);
        garpRefreshRepeat.ifPresent(b::garpMasterRefreshRepeat);
        Map<String, NotifyProgram> notify = new LinkedHashMap<>();
        Optional<ConfigNode> advertInt = Optional.empty();
        Optional<ConfigNode> versionNode = Optional.empty();
        Optional<Boolean> strictMode = Optional.empty();
        Optional<Boolean> acceptGiven = Optional.empty();
        Optional<ConfigNode> stateNode = Optional.empty();
        Optional<ConfigNode> authNode = Optional.empty();
        Optional<ConfigNode> preemptDelayNode = Optional.empty();
        Optional<ConfigNode> acceptNode = Optional.empty();
        Optional<ConfigNode> vipNode = Optional.empty();
        List<Refusal> refusals = new ArrayList<>();
        for (ConfigNode c : node.children()) {
            try {
                switch (c.keyword()) {
                    case "state" -> stateNode = Optional.of(c);
                    case "authentication" -> authNode = Optional.of(c);
                    case "preempt_delay" -> preemptDelayNode = Optional.of(c);
                    case "accept", "no_accept" -> {
                        acceptNode = Optional.of(c);
                        acceptGiven = Optional.of(c.keyword().equals("accept"));
                    }
                    case "virtual_ipaddress" -> vipNode = Optional.of(c);
                    case "strict_mode" -> strictMode = Optional.of(StrictMode.strictModeValue(c));
                    default -> {
                        // mapped below
                    }
                }
                switch (c.keyword()) {
                    case "state" -> b.initialState(switch (Args.one(c)) {
                        case "MASTER" -> VrrpState.MASTER;
                        case "BACKUP" -> VrrpState.BACKUP;
                        default -> throw Args.refuse(c, "state " + c.args().get(0) + " invalid: must be MASTER or BACKUP");
                    });
                    case "interface" -> b.iface(Args.one(c));
                    case "virtual_router_id" -> b.virtualRouterId(Args.integer(c, 1, 255));
                    case "priority" -> b.priority(Args.integer(c, 1, 255));
                    case "advert_int" -> advertInt = Optional.of(c);
                    case "version" -> versionNode = Optional.of(c);
                    case "virtual_ipaddress" -> c.children().forEach(a -> b.virtualAddress(vip(a, name)));
                    case "virtual_ipaddress_excluded" -> c.children().forEach(a -> b.excludedAddress(vip(a, name)));
                    case "unicast_src_ip", "mcast_src_ip" -> b.unicastSrcIp(address(c, Args.one(c)));
                    case "unicast_peer" -> {
                        for (ConfigNode p : c.children()) {
                            if (!p.args().isEmpty()) {
                                throw Args.refuse(p, "unicast_peer " + p.keyword() + " " + String.join(" ", p.args())
                                        + ": peer options are not supported by this version of ha-director");
                            }
                            b.unicastPeer(address(p, p.keyword()));
                        }
                    }
                    case "authentication" -> authentication(c, b);
                    case "nopreempt" -> {
                        Args.none(c);
                        b.preempt(false);
                    }
                    case "preempt" -> {
                        Args.none(c);
                        b.preempt(true);
                    }
                    case "preempt_delay" -> b.preemptDelay(Args.seconds(c, Duration.ZERO, VrrpInstance.MAX_PREEMPT_DELAY));
                    case "accept" -> {
                        Args.none(c);
                        b.acceptMode(true);
                    }
                    case "no_accept" -> {
                        Args.none(c);
                        b.acceptMode(false);
                    }
                    case "track_interface" -> c.children().forEach(t -> b.track(trackInterface(t)));
                    case "track_script" -> c.children().forEach(t -> b.track(trackScript(t)));
                    case "garp_master_delay" -> b.garpMasterDelay(Args.seconds(c, Duration.ZERO, MAX_GARP_DELAY));
                    case "garp_master_repeat" -> b.garpMasterRepeat(Args.integer(c, 1, 255));
                    case "garp_master_refresh" -> b.garpMasterRefresh(Args.seconds(c, Duration.ZERO, MAX_GARP_DELAY));
                    case "garp_master_refresh_repeat" -> b.garpMasterRefreshRepeat(Args.integer(c, 1, 255));
                    case "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify" ->
                            notify.put(c.keyword(), new NotifyProgram(c.keyword(), Args.command(c)));
                    default -> {
                        // reported by the validator
                    }
                }
            } catch (Refusal r) {
                refusals.add(r);
            }
        }
        VrrpVersion version = defaultVersion;
        if (versionNode.isPresent()) {
            try {
                version = version(versionNode.get());
                b.version(version);
            } catch (Refusal r) {
                refusals.add(r);
            }
        }
        if (advertInt.isPresent()) {
            try {
                // v2 counts whole seconds, v3 centiseconds; the spec refuses a value its version cannot carry.
                b.advertInterval(Args.seconds(advertInt.get(), version.minAdvertInterval(), version.maxAdvertInterval()));
            } catch (Refusal r) {
                refusals.add(r);
            }
        }
        InstanceNotifier notifier = new InstanceNotifier(Optional.ofNullable(notify.get("notify_master")),
                Optional.ofNullable(notify.get("notify_backup")), Optional.ofNullable(notify.get("notify_fault")),
                Optional.ofNullable(notify.get("notify_stop")), Optional.ofNullable(notify.get("notify")));
        if (!notifier.isEmpty()) {
            b.onTransition(notifier);
        }
        groupListeners.getOrDefault(name, List.of()).forEach(b::onTransition);
        if (!refusals.isEmpty()) {
            refusals.subList(1, refusals.size()).forEach(r -> problems.add(r.toConfigException()));
            throw refusals.get(0);
        }
        VrrpInstance spec;
        try {
            spec = b.build();
        } catch (IllegalArgumentException e) {
            throw Args.refuse(node, e.getMessage());
        }
        if (!strictMode.orElse(vrrpStrict)) {
            return spec;
        }
        List<Refusal> strict = StrictMode.violations(spec, new StrictMode.Statements(node, stateNode, authNode,
                preemptDelayNode, acceptNode, vipNode), acceptGiven);
        if (!strict.isEmpty()) {
            // in file order: the last one thrown is collected after the others
            strict.subList(0, strict.size() - 1).forEach(r -> problems.add(r.toConfigException()));
            throw strict.get(strict.size() - 1);
        }
        return acceptGiven.isPresent() ? spec : StrictMode.withDefaultAcceptMode(spec);
    }

    private static void authentication(ConfigNode c, VrrpInstance.Builder b) {
        String type = null;
        String pass = null;
        for (ConfigNode a : c.children()) {
            switch (a.keyword()) {
                case "auth_type" -> {
                    type = Args.one(a);
                    if (!type.equals("PASS")) {
                        throw Args.refuse(a, "auth_type " + type + " not supported: only PASS (AH is deprecated"
                                + " by RFC 3768 and not implemented)");
                    }
                }
                case "auth_pass" -> {
                    pass = Args.one(a);
                    if (pass.length() > VrrpInstance.MAX_AUTH_PASS) {
                        // keepalived keeps the first 8 characters; the spec wants the value that goes on the wire.
                        pass = pass.substring(0, VrrpInstance.MAX_AUTH_PASS);
                    }
                }
                default -> {
                    // reported by the validator
                }
            }
        }
        if (type != null && pass == null) {
            throw Args.refuse(c, "authentication: auth_pass missing: auth_type PASS needs a password");
        }
        if (pass != null) {
            b.authPass(pass);
        }
    }

    /** {@code ADDRESS[/PREFIX] [dev IF] [label L] [scope S] [brd B]}; scope and broadcast follow the kernel. */
    private static Vip vip(ConfigNode a, String instance) {
        List<String> words = new ArrayList<>();
        words.add(a.keyword());
        for (int i = 0; i < a.args().size(); i++) {
            String w = a.args().get(i);
            switch (w) {
                case "dev", "label" -> {
                    if (i + 1 >= a.args().size()) {
                        throw Args.refuse(a, "virtual address " + a.keyword() + ": " + w + " needs a value");
                    }
                    words.add(w);
                    words.add(a.args().get(++i));
                }
                case "scope" -> {
                    if (i + 1 >= a.args().size() || !a.args().get(i + 1).equals("global")) {
                        throw Args.refuse(a, "virtual address " + a.keyword() + ": scope "
                                + (i + 1 < a.args().size() ? a.args().get(i + 1) : "") + " not supported: only global"
                                + " (the default) by this version of ha-director");
                    }
                    i++;
                }
                default -> throw Args.refuse(a, "virtual address " + a.keyword() + ": option " + w
                        + " not supported by this version of ha-director (dev, label and scope global are)");
            }
        }
        try {
            return Vip.parse(String.join(" ", words));
        } catch (IllegalArgumentException e) {
            throw Args.refuse(a, "vrrp_instance " + instance + ": " + e.getMessage());
        }
    }

    private static java.net.InetAddress address(ConfigNode c, String text) {
        try {
            return Vip.parseAddress(text);
        } catch (IllegalArgumentException e) {
            throw Args.refuse(c, c.keyword() + ": " + e.getMessage());
        }
    }

    private static VrrpTrack trackInterface(ConfigNode t) {
        int weight = 0;
        if (!t.args().isEmpty()) {
            if (t.args().size() != 2 || !t.args().get(0).equals("weight")) {
                throw Args.refuse(t, "track_interface " + t.keyword() + " " + String.join(" ", t.args())
                        + " invalid: expected INTERFACE [weight -253..253]");
            }
            weight = Args.integer(t, t.args().get(1), -VrrpTrack.MAX_WEIGHT, VrrpTrack.MAX_WEIGHT);
        }
        try {
            return new VrrpTrack.Interface(t.keyword(), weight);
        } catch (IllegalArgumentException e) {
            throw Args.refuse(t, e.getMessage());
        }
    }

    private VrrpTrack trackScript(ConfigNode t) {
        VrrpTrack.Script s = scripts.get(t.keyword());
        if (s == null) {
            throw Args.refuse(t, "track_script " + t.keyword() + " unknown: no vrrp_script has that name"
                    + (scripts.isEmpty() ? "" : " (defined: " + String.join(", ", scripts.keySet()) + ")"));
        }
        if (!t.args().isEmpty()) {
            if (t.args().size() != 2 || !t.args().get(0).equals("weight")) {
                throw Args.refuse(t, "track_script " + t.keyword() + " " + String.join(" ", t.args())
                        + " invalid: expected SCRIPT [weight -253..253]");
            }
            s = s.withWeight(Args.integer(t, t.args().get(1), -VrrpTrack.MAX_WEIGHT, VrrpTrack.MAX_WEIGHT));
        }
        return s;
    }
}
