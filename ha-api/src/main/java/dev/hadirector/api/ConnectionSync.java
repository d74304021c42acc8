package dev.hadirector.api;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The IPVS connection synchronisation daemon, keepalived's {@code lvs_sync_daemon}: the master director multicasts
 * its connection table on {@code iface}, the backup director receives it, so established connections survive a
 * failover. With an {@code instance} to follow, the daemon tracks that VRRP instance (master: the master daemon
 * only; any other state: the backup daemon only); without one, both daemons run while the director runs.
 *
 * <pre>{@code ConnectionSync.on("eth1").followInstance("VI_1").build()}</pre>
 *
 * @param iface     the interface the sync messages go out and come in on
 * @param instance  the VRRP instance whose state the daemon follows
 * @param syncId    the sync id (0..255) stamped on messages and checked on receipt; default: the followed
 *                  instance's virtual router id, else 0
 * @param maxLength the largest sync message, 1..65507 bytes (default: the kernel's, from the interface MTU)
 * @param port      the UDP port, 1..65535 (default: the kernel's 8848)
 * @param ttl       the multicast TTL, 1..255 (default: the kernel's 1)
 * @param group     the multicast group, IPv4 or IPv6 (default: the kernel's 224.0.0.81)
 */
public record ConnectionSync(String iface, Optional<String> instance, OptionalInt syncId, OptionalInt maxLength,
                             OptionalInt port, OptionalInt ttl, Optional<InetAddress> group) {
    /** keepalived's bound: the largest UDP payload of an IPv4 datagram. */
    public static final int MAX_LENGTH = 65507;
    /** IFNAMSIZ less the terminating NUL. */
    private static final int MAX_IFACE_LENGTH = 15;

    public ConnectionSync {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(syncId, "syncId");
        Objects.requireNonNull(maxLength, "maxLength");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(group, "group");
        List<String> problems = problems(iface, instance, syncId, maxLength, port, ttl, group);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("connection sync: " + String.join("; ", problems));
        }
    }

    /** Starts a sync daemon spec on {@code iface}. */
    public static Builder on(String iface) {
        return new Builder(iface);
    }

    private static List<String> problems(String iface, Optional<String> instance, OptionalInt syncId,
                                         OptionalInt maxLength, OptionalInt port, OptionalInt ttl,
                                         Optional<InetAddress> group) {
        List<String> p = new ArrayList<>();
        if (iface == null || iface.isEmpty() || iface.length() > MAX_IFACE_LENGTH) {
            p.add("iface \"" + iface + "\" invalid: must be 1.." + MAX_IFACE_LENGTH + " characters");
        } else if (iface.contains("/") || iface.chars().anyMatch(Character::isWhitespace) || iface.equals(".")
                || iface.equals("..")) {
            p.add("iface \"" + iface + "\" invalid: an interface name has no '/' or white space and is not . or ..");
        }
        instance.filter(String::isBlank).ifPresent(i -> p.add("instance \"" + i + "\" invalid: must not be blank"));
        range(p, "syncId", syncId, 0, 255);
        range(p, "maxLength", maxLength, 1, MAX_LENGTH);
        range(p, "port", port, 1, 65535);
        range(p, "ttl", ttl, 1, 255);
        group.filter(g -> !g.isMulticastAddress()).ifPresent(g -> p.add("group " + AddressText.format(g)
                + " invalid: must be a multicast address"));
        return p;
    }

    private static void range(List<String> problems, String field, OptionalInt value, int min, int max) {
        if (value.isPresent() && (value.getAsInt() < min || value.getAsInt() > max)) {
            problems.add(field + " " + value.getAsInt() + " out of range: must be " + min + ".." + max);
        }
    }

    /** The sync id the daemons use: the configured one, else the followed instance's VRID, else 0. */
    public int effectiveSyncId(OptionalInt followedVirtualRouterId) {
        return syncId.isPresent() ? syncId.getAsInt() : followedVirtualRouterId.orElse(0);
    }

    /** Fluent builder; {@link #build()} validates every field and reports every problem at once. */
    public static final class Builder {
        private final String iface;
        private String instance;
        private Integer syncId;
        private Integer maxLength;
        private Integer port;
        private Integer ttl;
        private InetAddress group;
        private final List<String> parseProblems = new ArrayList<>();

        private Builder(String iface) {
            this.iface = iface;
        }

        /** Follows this VRRP instance's state (master daemon while it is master, backup daemon otherwise). */
        public Builder followInstance(String name) {
            this.instance = Objects.requireNonNull(name, "instance");
            return this;
        }

        public Builder syncId(int v) {
            this.syncId = v;
            return this;
        }

        public Builder maxLength(int v) {
            this.maxLength = v;
            return this;
        }

        public Builder port(int v) {
            this.port = v;
            return this;
        }

        public Builder ttl(int v) {
            this.ttl = v;
            return this;
        }

        public Builder group(InetAddress v) {
            this.group = Objects.requireNonNull(v, "group");
            return this;
        }

        /** The multicast group as an IPv4 or IPv6 literal. */
        public Builder group(String literal) {
            try {
                this.group = AddressText.parse("group", literal);
            } catch (IllegalArgumentException e) {
                parseProblems.add(e.getMessage());
            }
            return this;
        }

        public ConnectionSync build() {
            Optional<InetAddress> g = Optional.ofNullable(group);
            List<String> p = new ArrayList<>(parseProblems);
            p.addAll(problems(iface, Optional.ofNullable(instance), optional(syncId), optional(maxLength),
                    optional(port), optional(ttl), g));
            if (!p.isEmpty()) {
                throw new IllegalArgumentException("connection sync: " + String.join("; ", p));
            }
            return new ConnectionSync(iface, Optional.ofNullable(instance), optional(syncId), optional(maxLength),
                    optional(port), optional(ttl), g);
        }

        private static OptionalInt optional(Integer v) {
            return v == null ? OptionalInt.empty() : OptionalInt.of(v);
        }
    }
}
