package dev.hadirector;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.rtnetlink.InterfaceAddress;
import dev.hadirector.kernel.rtnetlink.RtnetlinkClient;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;

/**
 * The address a VRRP instance sends its adverts from, as keepalived picks it: {@code unicast_src_ip} when
 * set, otherwise the interface's first IPv4 address (IPv6: its link-local address), never one of the
 * instance's own virtual addresses.
 */
final class PrimaryAddress {
    private PrimaryAddress() {
    }

    static InetAddress of(VrrpInstance spec, RtnetlinkClient rtnetlink) {
        if (spec.unicastSrcIp().isPresent()) {
            return spec.unicastSrcIp().get();
        }
        int index;
        try {
            index = rtnetlink.indexOf(spec.iface());
        } catch (KernelException e) {
            throw new IllegalStateException("instance " + spec.name() + ": interface " + spec.iface()
                    + " not found (" + e.getMessage() + ")", e);
        }
        Set<InetAddress> own = new HashSet<>();
        spec.virtualAddresses().forEach(v -> own.add(v.address()));
        spec.excludedAddresses().forEach(v -> own.add(v.address()));
        for (InterfaceAddress a : rtnetlink.addressesOn(index)) {
            InetAddress address = a.address();
            if (own.contains(address) || (address instanceof Inet6Address) != spec.ipv6()) {
                continue;
            }
            if (!spec.ipv6() || address.isLinkLocalAddress()) {
                return address;
            }
        }
        throw new IllegalStateException("instance " + spec.name() + ": interface " + spec.iface() + " has no "
                + (spec.ipv6() ? "IPv6 link-local" : "IPv4") + " address to send adverts from"
                + " (give it one, or set unicastSrcIp)");
    }

    /** For messages: the virtual addresses of an instance. */
    static String describe(VrrpInstance spec) {
        return spec.virtualAddresses().stream().map(Vip::toString).toList().toString();
    }
}
