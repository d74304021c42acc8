package dev.hadirector.kernel.rtnetlink;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address on an interface, as added with {@code ip addr add} or reported by the kernel.
 *
 * @param address        the local address
 * @param prefixLength   0..32 for IPv4, 0..128 for IPv6
 * @param interfaceIndex ifindex of the interface it lives on
 * @param label          IPv4 label (e.g. {@code eth0:vip}); IPv6 has none
 * @param scope          {@code RT_SCOPE_*} ({@link Rtnetlink#RT_SCOPE_UNIVERSE}, ...)
 * @param flags          {@code IFA_F_*} flags, all 32 bits (IFA_FLAGS carries the ones above 8 bits)
 */
public record InterfaceAddress(InetAddress address, int prefixLength, int interfaceIndex, Optional<String> label,
                               int scope, int flags) {

    public InterfaceAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(label, "label");
        int max = maxPrefix(address);
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefixLength " + prefixLength + " of " + address.getHostAddress()
                    + " out of range: must be 0.." + max);
        }
        if (interfaceIndex <= 0) {
            throw new IllegalArgumentException("interfaceIndex " + interfaceIndex + " of " + address.getHostAddress()
                    + " out of range: must be positive");
        }
        if (scope < 0 || scope > 255) {
            throw new IllegalArgumentException("scope " + scope + " of " + address.getHostAddress()
                    + " out of range: must be 0..255");
        }
        if (label.isPresent()) {
            String l = label.get();
            int bytes = l.getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > Rtnetlink.MAX_NAME_LENGTH) {
                throw new IllegalArgumentException("label \"" + l + "\" of " + address.getHostAddress()
                        + " has " + bytes + " bytes: must be 1.." + Rtnetlink.MAX_NAME_LENGTH);
            }
            if (address instanceof Inet6Address) {
                throw new IllegalArgumentException("label \"" + l + "\" on IPv6 address " + address.getHostAddress()
                        + ": labels exist only for IPv4");
            }
        }
    }

    /** Starts an address from CIDR text such as {@code 10.1.0.5/24} or {@code fd00::5/64}. */
    public static Builder builder(String cidr, int interfaceIndex) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("address \"" + cidr + "\": missing /prefix length");
        }
        InetAddress address = IpAddresses.parse(cidr.substring(0, slash));
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address \"" + cidr + "\": prefix length \"" + cidr.substring(slash + 1)
                    + "\" is not a number");
        }
        return new Builder(address, prefix, interfaceIndex);
    }

    public static Builder builder(InetAddress address, int prefixLength, int interfaceIndex) {
        return new Builder(address, prefixLength, interfaceIndex);
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** AF_INET or AF_INET6. */
    public int family() {
        return isIpv6() ? dev.hadirector.kernel.Sockets.AF_INET6 : dev.hadirector.kernel.Sockets.AF_INET;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) == flag;
    }

    /** {@code 10.1.0.5/24}. */
    public String cidr() {
        return address.getHostAddress() + "/" + prefixLength;
    }

    /** The identity the kernel uses: the same address and prefix on the same interface. */
    public boolean sameAddress(InterfaceAddress other) {
        return interfaceIndex == other.interfaceIndex && prefixLength == other.prefixLength
                && address.equals(other.address);
    }

    @Override
    public String toString() {
        return cidr() + " on index " + interfaceIndex + label.map(l -> " label " + l).orElse("")
                + " scope " + scope + (flags != 0 ? " flags 0x" + Integer.toHexString(flags) : "");
    }

    static int maxPrefix(InetAddress address) {
        return address instanceof Inet4Address ? 32 : 128;
    }

    /** Builds an {@link InterfaceAddress}; defaults as {@code ip addr add}: scope from the address, no flags. */
    public static final class Builder {
        private final InetAddress address;
        private final int prefixLength;
        private final int interfaceIndex;
        private String label;
        private Integer scope;
        private int flags;

        private Builder(InetAddress address, int prefixLength, int interfaceIndex) {
            this.address = Objects.requireNonNull(address, "address");
            this.prefixLength = prefixLength;
            this.interfaceIndex = interfaceIndex;
        }

        public Builder label(String label) {
            this.label = Objects.requireNonNull(label, "label");
            return this;
        }

        public Builder scope(int scope) {
            this.scope = scope;
            return this;
        }

        /** Adds {@code IFA_F_*} flags. */
        public Builder flags(int flags) {
            this.flags |= flags;
            return this;
        }

        /** IPv6: skip duplicate address detection, so the address is usable at once (as a VIP must be). */
        public Builder noDad() {
            return flags(Rtnetlink.IFA_F_NODAD);
        }

        /** Do not add the prefix route (IFA_F_NOPREFIXROUTE). */
        public Builder noPrefixRoute() {
            return flags(Rtnetlink.IFA_F_NOPREFIXROUTE);
        }

        public InterfaceAddress build() {
            int s = scope != null ? scope : defaultScope(address);
            return new InterfaceAddress(address, prefixLength, interfaceIndex, Optional.ofNullable(label), s, flags);
        }

        private static int defaultScope(InetAddress address) {
            if (address.isLoopbackAddress()) {
                return Rtnetlink.RT_SCOPE_HOST;
            }
            if (address instanceof Inet6Address && address.isLinkLocalAddress()) {
                return Rtnetlink.RT_SCOPE_LINK;
            }
            return Rtnetlink.RT_SCOPE_UNIVERSE;
        }
    }
}
