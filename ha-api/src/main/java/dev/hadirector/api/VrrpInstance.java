package dev.hadirector.api;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The spec of one VRRP instance: keepalived's {@code vrrp_instance} block as an immutable value.
 * Build it with {@link #builder(String)}; every field is validated by {@link Builder#build()}, which refuses
 * values outside what RFC 5798 / RFC 3768 allow with the field, the value and the rule in the message.
 *
 * <p>Defaults are keepalived's: version 2, priority 100, advert interval 1 s, preempt on without delay,
 * accept mode on (keepalived without {@code vrrp_strict}), garp_master_delay 5 s, garp_master_repeat 5,
 * garp_master_refresh off (refresh repeat 1), initial state BACKUP.
 *
 * @param name                    the instance name ({@code vrrp_instance VI_1})
 * @param iface                   the interface adverts are sent and received on ({@code interface})
 * @param virtualRouterId         VRID, 1..255 ({@code virtual_router_id})
 * @param priority                1..254, or 255 for the owner of the virtual addresses ({@code priority})
 * @param advertInterval          Advertisement_Interval ({@code advert_int}); whole seconds in v2, 10 ms steps in v3
 * @param version                 the protocol version ({@code version} / global {@code vrrp_version})
 * @param virtualAddresses        the addresses carried in adverts and owned by the master ({@code virtual_ipaddress})
 * @param excludedAddresses       addresses owned by the master but not carried in adverts
 *                                ({@code virtual_ipaddress_excluded}); any family
 * @param unicastSrcIp            the source of adverts ({@code unicast_src_ip}, or {@code mcast_src_ip} for
 *                                multicast) and so the primary address used in the equal-priority tie-break;
 *                                when absent, the interface's primary address (IPv6: its link-local address)
 * @param unicastPeers            when not empty, adverts go to these peers instead of the multicast group
 *                                ({@code unicast_peer})
 * @param preempt                 whether a higher-priority backup takes over from a lower-priority master
 *                                ({@code nopreempt} sets it false)
 * @param preemptDelay            how long a backup waits, after startup or after first hearing a lower-priority
 *                                master, before preempting ({@code preempt_delay}, 0..1000 s)
 * @param acceptMode              whether the master accepts packets addressed to the virtual addresses when it does
 *                                not own them ({@code accept} / {@code no_accept}); enforced by the kernel-side
 *                                address manager, not by the protocol core. RFC 5798's default is false;
 *                                keepalived's (without {@code vrrp_strict}) is true, and so is ours
 * @param authPass                v2 simple password ({@code authentication { auth_type PASS auth_pass ... }}),
 *                                1..8 ASCII characters
 * @param initialState            BACKUP, or MASTER to take over at startup without waiting ({@code state})
 * @param garpMasterDelay         delay of the second announcement burst after becoming master
 *                                ({@code garp_master_delay}); zero means no second burst
 * @param garpMasterRepeat        announcements per burst ({@code garp_master_repeat})
 * @param garpMasterRefresh       interval of periodic announcements while master ({@code garp_master_refresh});
 *                                zero means off
 * @param garpMasterRefreshRepeat announcements per refresh ({@code garp_master_refresh_repeat})
 * @param tracks                  interfaces, scripts and Java conditions that change priority or force FAULT
 * @param listeners               transition listeners, called in this order (see {@link VrrpTransitionListener})
 */
public record VrrpInstance(
        String name,
        String iface,
        int virtualRouterId,
        int priority,
        Duration advertInterval,
        VrrpVersion version,
        List<Vip> virtualAddresses,
        List<Vip> excludedAddresses,
        Optional<InetAddress> unicastSrcIp,
        List<InetAddress> unicastPeers,
        boolean preempt,
        Duration preemptDelay,
        boolean acceptMode,
        Optional<String> authPass,
        VrrpState initialState,
        Duration garpMasterDelay,
        int garpMasterRepeat,
        Duration garpMasterRefresh,
        int garpMasterRefreshRepeat,
        List<VrrpTrack> tracks,
        List<VrrpTransitionListener> listeners) {

    /** The priority of the owner of the virtual addresses. */
    public static final int OWNER_PRIORITY = 255;
    /** The priority a master sends when it resigns. */
    public static final int RESIGN_PRIORITY = 0;
    /** The most addresses one advert can carry (8-bit count field). */
    public static final int MAX_ADDRESSES = 255;
    /** keepalived's bound on {@code preempt_delay}. */
    public static final Duration MAX_PREEMPT_DELAY = Duration.ofSeconds(1000);
    /** The v2 password field is 8 octets. */
    public static final int MAX_AUTH_PASS = 8;

    /** The canonical constructor validates too, so a spec cannot exist in an invalid state. */
    public VrrpInstance {
        virtualAddresses = List.copyOf(virtualAddresses);
        excludedAddresses = List.copyOf(excludedAddresses);
        unicastPeers = List.copyOf(unicastPeers);
        tracks = List.copyOf(tracks);
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(unicastSrcIp, "unicastSrcIp");
        Objects.requireNonNull(authPass, "authPass");
        List<String> problems = validate(name, iface, virtualRouterId, priority, advertInterval, version,
                virtualAddresses, excludedAddresses, unicastSrcIp, unicastPeers, preemptDelay, authPass,
                initialState, garpMasterDelay, garpMasterRepeat, garpMasterRefresh, garpMasterRefreshRepeat, tracks);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("VRRP instance " + name + ": " + String.join("; ", problems));
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder pre-filled with this spec's values. */
    public Builder toBuilder() {
        Builder b = new Builder(name).iface(iface).virtualRouterId(virtualRouterId).priority(priority)
                .advertInterval(advertInterval).version(version).preempt(preempt).preemptDelay(preemptDelay)
                .acceptMode(acceptMode).initialState(initialState).garpMasterDelay(garpMasterDelay)
                .garpMasterRepeat(garpMasterRepeat).garpMasterRefresh(garpMasterRefresh)
                .garpMasterRefreshRepeat(garpMasterRefreshRepeat);
        virtualAddresses.forEach(b::virtualAddress);
        excludedAddresses.forEach(b::excludedAddress);
        unicastSrcIp.ifPresent(b::unicastSrcIp);
        unicastPeers.forEach(b::unicastPeer);
        authPass.ifPresent(b::authPass);
        tracks.forEach(b::track);
        listeners.forEach(b::onTransition);
        return b;
    }

    /** True when the instance speaks IPv6 (its virtual addresses are IPv6). */
    public boolean ipv6() {
        return virtualAddresses.get(0).isIpv6();
    }

    /** True when adverts go to unicast peers rather than the multicast group. */
    public boolean unicast() {
        return !unicastPeers.isEmpty();
    }

    /** True for an address owner (priority 255). */
    public boolean addressOwner() {
        return priority == OWNER_PRIORITY;
    }

    private static List<String> validate(String name, String iface, int vrid, int priority, Duration advertInterval,
                                         VrrpVersion version, List<Vip> vips, List<Vip> excluded,
                                         Optional<InetAddress> unicastSrcIp, List<InetAddress> peers,
                                         Duration preemptDelay, Optional<String> authPass, VrrpState initialState,
                                         Duration garpDelay, int garpRepeat, Duration garpRefresh,
                                         int garpRefreshRepeat, List<VrrpTrack> tracks) {
        List<String> p = new ArrayList<>();
        if (name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            p.add("name '" + name + "' invalid: must be non-empty without blanks");
        }
        if (iface == null || iface.isBlank()) {
            p.add("iface missing: every VRRP instance needs an interface");
        } else if (iface.length() > 15 || iface.contains("/") || iface.chars().anyMatch(Character::isWhitespace)) {
            p.add("iface '" + iface + "' invalid: an interface name is 1..15 characters without blanks or '/'");
        }
        if (vrid < 1 || vrid > 255) {
            p.add("virtualRouterId " + vrid + " out of range: must be 1..255");
        }
        if (priority < 1 || priority > OWNER_PRIORITY) {
            p.add("priority " + priority + " out of range: must be 1..254, or 255 for the address owner"
                    + (priority == 0 ? " (0 is reserved for a master that resigns)" : ""));
        }
        if (version == null) {
            p.add("version missing: must be V2 or V3");
        }
        if (advertInterval == null) {
            p.add("advertInterval missing");
        } else if (version != null) {
            checkInterval(p, version, advertInterval);
        }
        if (vips.isEmpty()) {
            p.add("virtualAddress missing: an advert carries at least one address (RFC 5798 5.2.6)");
        } else {
            boolean v6 = vips.get(0).isIpv6();
            String family = v6 ? "IPv6" : "IPv4";
            if (vips.size() > MAX_ADDRESSES) {
                p.add("virtualAddress count " + vips.size() + " out of range: an advert carries at most "
                        + MAX_ADDRESSES);
            }
            Set<InetAddress> seen = new HashSet<>();
            for (Vip v : vips) {
                if (v.isIpv6() != v6) {
                    p.add("virtualAddress " + v + " is " + (v6 ? "IPv4" : "IPv6") + ": all virtual addresses of an"
                            + " instance must be " + family + " like the first; put others in excludedAddress");
                }
                if (!seen.add(v.address())) {
                    p.add("virtualAddress " + v.address().getHostAddress() + " listed twice");
                }
                if (v.address().isMulticastAddress() || v.address().isAnyLocalAddress()) {
                    p.add("virtualAddress " + v.address().getHostAddress() + " invalid: must be a unicast address");
                }
            }
            if (v6 && version == VrrpVersion.V2) {
                p.add("virtualAddress " + vips.get(0) + " is IPv6: VRRP version 2 carries IPv4 only (RFC 3768);"
                        + " use version V3");
            }
            for (Vip v : excluded) {
                if (!seen.add(v.address())) {
                    p.add("excludedAddress " + v.address().getHostAddress() + " listed twice");
                }
            }
            unicastSrcIp.ifPresent(src -> {
                if ((src instanceof Inet4Address) == v6) {
                    p.add("unicastSrcIp " + src.getHostAddress() + " is of the wrong family: the instance is "
                            + family);
                }
            });
            Set<InetAddress> peerSet = new HashSet<>();
            for (InetAddress peer : peers) {
                if ((peer instanceof Inet4Address) == v6) {
                    p.add("unicastPeer " + peer.getHostAddress() + " is of the wrong family: the instance is "
                            + family);
                }
                if (peer.isMulticastAddress() || peer.isAnyLocalAddress()) {
                    p.add("unicastPeer " + peer.getHostAddress() + " invalid: must be a unicast address");
                }
                if (!peerSet.add(peer)) {
                    p.add("unicastPeer " + peer.getHostAddress() + " listed twice");
                }
                if (unicastSrcIp.isPresent() && unicastSrcIp.get().equals(peer)) {
                    p.add("unicastPeer " + peer.getHostAddress() + " equals unicastSrcIp: a router is not its own peer");
                }
            }
        }
        if (preemptDelay == null || preemptDelay.isNegative() || preemptDelay.compareTo(MAX_PREEMPT_DELAY) > 0) {
            p.add("preemptDelay " + preemptDelay + " out of range: must be 0..1000 s");
        }
        authPass.ifPresent(pass -> {
            if (version == VrrpVersion.V3) {
                p.add("authPass set with version V3: RFC 5798 removed authentication; only V2 has auth_type PASS");
            }
            if (pass.isEmpty() || pass.length() > MAX_AUTH_PASS
                    || !StandardCharsets.US_ASCII.newEncoder().canEncode(pass)) {
                p.add("authPass of length " + pass.length() + " invalid: must be 1.." + MAX_AUTH_PASS
                        + " ASCII characters (the v2 field is 8 octets)");
            }
        });
        if (initialState != VrrpState.BACKUP && initialState != VrrpState.MASTER) {
            p.add("initialState " + initialState + " invalid: must be BACKUP or MASTER");
        }
        if (garpDelay == null || garpDelay.isNegative()) {
            p.add("garpMasterDelay " + garpDelay + " invalid: must be >= 0");
        }
        if (garpRepeat < 1 || garpRepeat > 255) {
            p.add("garpMasterRepeat " + garpRepeat + " out of range: must be 1..255");
        }
        if (garpRefresh == null || garpRefresh.isNegative()) {
            p.add("garpMasterRefresh " + garpRefresh + " invalid: must be >= 0 (0 = off)");
        }
        if (garpRefreshRepeat < 1 || garpRefreshRepeat > 255) {
            p.add("garpMasterRefreshRepeat " + garpRefreshRepeat + " out of range: must be 1..255");
        }
        Set<String> trackNames = new HashSet<>();
        for (VrrpTrack t : tracks) {
            if (!trackNames.add(t.getClass().getSimpleName() + ":" + t.name())) {
                p.add("track " + t.name() + " listed twice");
            }
        }
        return p;
    }

    private static void checkInterval(List<String> p, VrrpVersion version, Duration interval) {
        Duration min = version.minAdvertInterval();
        Duration max = version.maxAdvertInterval();
        if (interval.compareTo(min) < 0 || interval.compareTo(max) > 0) {
            p.add("advertInterval " + human(interval) + " out of range: must be " + human(min) + ".." + human(max)
                    + " for VRRP " + version);
            return;
        }
        long unitNanos = version.advertIntervalUnit().toNanos();
        if (interval.toNanos() % unitNanos != 0) {
            p.add("advertInterval " + human(interval) + " invalid: VRRP " + version + " counts in steps of "
                    + human(version.advertIntervalUnit()));
        }
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        if (d.toNanos() % 1_000_000 != 0) {
            return d.toNanos() + " ns";
        }
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    /** The fluent builder; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String iface;
        private int virtualRouterId;
        private int priority = 100;
        private Duration advertInterval = Duration.ofSeconds(1);
        private VrrpVersion version = VrrpVersion.V2;
        private final List<Vip> virtualAddresses = new ArrayList<>();
        private final List<Vip> excludedAddresses = new ArrayList<>();
        private InetAddress unicastSrcIp;
        private final List<InetAddress> unicastPeers = new ArrayList<>();
        private boolean preempt = true;
        private Duration preemptDelay = Duration.ZERO;
        private boolean acceptMode = true;
        private String authPass;
        private VrrpState initialState = VrrpState.BACKUP;
        private Duration garpMasterDelay = Duration.ofSeconds(5);
        private int garpMasterRepeat = 5;
        private Duration garpMasterRefresh = Duration.ZERO;
        private int garpMasterRefreshRepeat = 1;
        private final List<VrrpTrack> tracks = new ArrayList<>();
        private final List<VrrpTransitionListener> listeners = new ArrayList<>();

        /** Text that did not parse; reported by {@link #build()} together with every other problem. */
        private final List<String> parseProblems = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        private <T> void parsed(String field, String text, java.util.function.Function<String, T> parser,
                                List<? super T> into) {
            try {
                into.add(parser.apply(Objects.requireNonNull(text, field)));
            } catch (IllegalArgumentException | NullPointerException e) {
                parseProblems.add(field + " '" + text + "' invalid: " + e.getMessage());
            }
        }

        public Builder iface(String v) { this.iface = v; return this; }
        public Builder virtualRouterId(int v) { this.virtualRouterId = v; return this; }
        public Builder priority(int v) { this.priority = v; return this; }
        public Builder advertInterval(Duration v) { this.advertInterval = v; return this; }
        public Builder version(VrrpVersion v) { this.version = v; return this; }

        /** Adds a virtual address in keepalived notation, e.g. {@code "192.168.1.200/24 dev eth1"}. */
        public Builder virtualAddress(String v) { parsed("virtualAddress", v, Vip::parse, virtualAddresses); return this; }
        public Builder virtualAddress(Vip v) { virtualAddresses.add(Objects.requireNonNull(v, "virtualAddress")); return this; }
        public Builder excludedAddress(String v) { parsed("excludedAddress", v, Vip::parse, excludedAddresses); return this; }
        public Builder excludedAddress(Vip v) { excludedAddresses.add(Objects.requireNonNull(v, "excludedAddress")); return this; }
        public Builder unicastSrcIp(String v) {
            List<InetAddress> one = new ArrayList<>();
            parsed("unicastSrcIp", v, Vip::parseAddress, one);
            one.forEach(this::unicastSrcIp);
            return this;
        }

        public Builder unicastSrcIp(InetAddress v) { this.unicastSrcIp = v; return this; }
        public Builder unicastPeer(String v) { parsed("unicastPeer", v, Vip::parseAddress, unicastPeers); return this; }
        public Builder unicastPeer(InetAddress v) { unicastPeers.add(Objects.requireNonNull(v, "unicastPeer")); return this; }
        public Builder preempt(boolean v) { this.preempt = v; return this; }
        public Builder preemptDelay(Duration v) { this.preemptDelay = v; return this; }
        public Builder acceptMode(boolean v) { this.acceptMode = v; return this; }
        public Builder authPass(String v) { this.authPass = v; return this; }
        public Builder initialState(VrrpState v) { this.initialState = v; return this; }
        public Builder garpMasterDelay(Duration v) { this.garpMasterDelay = v; return this; }
        public Builder garpMasterRepeat(int v) { this.garpMasterRepeat = v; return this; }
        public Builder garpMasterRefresh(Duration v) { this.garpMasterRefresh = v; return this; }
        public Builder garpMasterRefreshRepeat(int v) { this.garpMasterRefreshRepeat = v; return this; }
        public Builder track(VrrpTrack v) { tracks.add(Objects.requireNonNull(v, "track")); return this; }
        /** keepalived's {@code track_interface}: weight 0 means FAULT while the link is down. */
        public Builder trackInterface(String iface, int weight) { return track(new VrrpTrack.Interface(iface, weight)); }
        public Builder onTransition(VrrpTransitionListener v) { listeners.add(Objects.requireNonNull(v, "listener")); return this; }

        /**
         * Validates every field and returns the spec.
         *
         * @throws IllegalArgumentException listing every problem, each with field, value and rule
         */
        public VrrpInstance build() {
            if (!parseProblems.isEmpty()) {
                List<String> problems = new ArrayList<>(parseProblems);
                problems.addAll(validate(name, iface, virtualRouterId, priority, advertInterval, version,
                        virtualAddresses, excludedAddresses, Optional.ofNullable(unicastSrcIp), unicastPeers,
                        preemptDelay, Optional.ofNullable(authPass), initialState, garpMasterDelay, garpMasterRepeat,
                        garpMasterRefresh, garpMasterRefreshRepeat, tracks));
                // A missing address is already explained by its parse problem.
                problems.removeIf(m -> m.startsWith("virtualAddress missing") && parseProblems.stream()
                        .anyMatch(pp -> pp.startsWith("virtualAddress ")));
                throw new IllegalArgumentException("VRRP instance " + name + ": " + String.join("; ", problems));
            }
            return new VrrpInstance(name, iface, virtualRouterId, priority, advertInterval, version,
                    virtualAddresses, excludedAddresses, Optional.ofNullable(unicastSrcIp), unicastPeers, preempt,
                    preemptDelay, acceptMode, Optional.ofNullable(authPass), initialState, garpMasterDelay,
                    garpMasterRepeat, garpMasterRefresh, garpMasterRefreshRepeat, tracks, listeners);
        }
    }
}
