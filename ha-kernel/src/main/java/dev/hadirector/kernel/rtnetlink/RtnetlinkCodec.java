package dev.hadirector.kernel.rtnetlink;

import dev.hadirector.kernel.Sockets;
import dev.hadirector.kernel.netlink.AttributeReader;
import dev.hadirector.kernel.netlink.Netlink;
import dev.hadirector.kernel.netlink.NetlinkFormatException;
import dev.hadirector.kernel.netlink.NetlinkMessage;
import dev.hadirector.kernel.netlink.NetlinkWriter;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Encodes rtnetlink link and address requests into a {@link NetlinkWriter} and decodes the kernel's link and
 * address messages. Pure: no socket, so every frame is testable byte for byte.
 */
public final class RtnetlinkCodec {
    private RtnetlinkCodec() {
    }

    /** RTM_GETLINK dump of every link. */
    public static NetlinkWriter linkDump(NetlinkWriter w) {
        w.beginMessage(Rtnetlink.RTM_GETLINK, Netlink.NLM_F_DUMP);
        IfInfoHeader.write(w, Sockets.AF_UNSPEC, 0, 0, 0);
        return w.endMessage();
    }

    /** RTM_GETLINK of one link by index. */
    public static NetlinkWriter linkGet(NetlinkWriter w, int index) {
        w.beginMessage(Rtnetlink.RTM_GETLINK, 0);
        IfInfoHeader.write(w, Sockets.AF_UNSPEC, index, 0, 0);
        return w.endMessage();
    }

    /** RTM_GETLINK of one link by name. */
    public static NetlinkWriter linkGet(NetlinkWriter w, String name) {
        w.beginMessage(Rtnetlink.RTM_GETLINK, 0);
        IfInfoHeader.write(w, Sockets.AF_UNSPEC, 0, 0, 0);
        w.putString(Rtnetlink.IFLA_IFNAME, name);
        return w.endMessage();
    }

    /** RTM_NEWLINK changing only IFF_UP of link {@code index}. */
    public static NetlinkWriter linkSetUp(NetlinkWriter w, int index, boolean up) {
        w.beginMessage(Rtnetlink.RTM_NEWLINK, 0);
        IfInfoHeader.write(w, Sockets.AF_UNSPEC, index, up ? Rtnetlink.IFF_UP : 0, Rtnetlink.IFF_UP);
        return w.endMessage();
    }

    /** RTM_NEWLINK creating a macvlan (fails with EEXIST when the name is taken). */
    public static NetlinkWriter linkAddMacvlan(NetlinkWriter w, MacvlanLink link) {
        w.beginMessage(Rtnetlink.RTM_NEWLINK, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL);
        IfInfoHeader.write(w, Sockets.AF_UNSPEC, 0, 0, 0);
        w.putString(Rtnetlink.IFLA_IFNAME, link.name());
        w.putU32(Rtnetlink.IFLA_LINK, link.parentIndex());
        link.address().ifPresent(mac -> w.putBytes(Rtnetlink.IFLA_ADDRESS, mac.toBytes()));
        int info = w.beginNested(Rtnetlink.IFLA_LINKINFO);
        w.putString(Rtnetlink.IFLA_INFO_KIND, "macvlan");
        int data = w.beginNested(Rtnetlink.IFLA_INFO_DATA);
        w.putU32(Rtnetlink.IFLA_MACVLAN_MODE, link.mode().code());
        w.endNested(data);
        w.endNested(info);
        return w.endMessage();
    }

    /** RTM_DELLINK of link {@code index}. */
    public static NetlinkWriter linkDelete(NetlinkWriter w, int index) {
        w.beginMessage(Rtnetlink.RTM_DELLINK, 0);
        IfInfoHeader.write(w, Sockets.AF_UNSPEC, index, 0, 0);
        return w.endMessage();
    }

    /** RTM_GETADDR dump of the addresses of {@code family} (AF_UNSPEC for IPv4 and IPv6). */
    public static NetlinkWriter addressDump(NetlinkWriter w, int family) {
        w.beginMessage(Rtnetlink.RTM_GETADDR, Netlink.NLM_F_DUMP);
        IfAddrHeader.write(w, family, 0, 0, 0, 0);
        return w.endMessage();
    }

    /**
     * RTM_NEWADDR for {@code a}: create, and fail with EEXIST when it is already there unless
     * {@code replace}. IFA_FLAGS carries all 32 flag bits, the header's u8 the low 8 for old kernels.
     */
    public static NetlinkWriter addressAdd(NetlinkWriter w, InterfaceAddress a, boolean replace) {
        int flags = Netlink.NLM_F_CREATE | (replace ? Netlink.NLM_F_REPLACE : Netlink.NLM_F_EXCL);
        w.beginMessage(Rtnetlink.RTM_NEWADDR, flags);
        IfAddrHeader.write(w, a.family(), a.prefixLength(), a.flags(), a.scope(), a.interfaceIndex());
        byte[] raw = a.address().getAddress();
        w.putBytes(Rtnetlink.IFA_LOCAL, raw);
        w.putBytes(Rtnetlink.IFA_ADDRESS, raw);
        a.label().ifPresent(l -> w.putString(Rtnetlink.IFA_LABEL, l));
        if (a.flags() != 0) {
            w.putU32(Rtnetlink.IFA_FLAGS, a.flags());
        }
        return w.endMessage();
    }

    /** RTM_DELADDR for the address, prefix and interface of {@code a}. */
    public static NetlinkWriter addressDelete(NetlinkWriter w, InterfaceAddress a) {
        w.beginMessage(Rtnetlink.RTM_DELADDR, 0);
        IfAddrHeader.write(w, a.family(), a.prefixLength(), 0, 0, a.interfaceIndex());
        byte[] raw = a.address().getAddress();
        w.putBytes(Rtnetlink.IFA_LOCAL, raw);
        w.putBytes(Rtnetlink.IFA_ADDRESS, raw);
        return w.endMessage();
    }

    /** Decodes an RTM_NEWLINK / RTM_DELLINK message. */
    public static Link parseLink(NetlinkMessage message) {
        IfInfoHeader header = new IfInfoHeader().wrap(message.payload());
        String name = null;
        int mtu = 0;
        OperState oper = OperState.UNKNOWN;
        MacAddress mac = null;
        AttributeReader attrs = message.attributes(Rtnetlink.IFINFOMSG_LENGTH);
        while (attrs.next()) {
            switch (attrs.type()) {
                case Rtnetlink.IFLA_IFNAME -> name = attrs.string();
                case Rtnetlink.IFLA_MTU -> mtu = attrs.u32();
                case Rtnetlink.IFLA_OPERSTATE -> oper = OperState.of(attrs.u8());
                case Rtnetlink.IFLA_ADDRESS -> {
                    if (attrs.length() > 0 && attrs.length() <= 32) {
                        mac = MacAddress.of(attrs.bytes());
                    }
                }
                default -> { }
            }
        }
        if (name == null) {
            throw new NetlinkFormatException("link message for index " + header.index() + " lacks IFLA_IFNAME");
        }
        if (header.index() <= 0) {
            throw new NetlinkFormatException("link message for " + name + " has index " + header.index());
        }
        return new Link(header.index(), name, header.flags(), oper, mtu, Optional.ofNullable(mac));
    }

    /**
     * Decodes an RTM_NEWADDR / RTM_DELADDR message; empty for families other than IPv4 and IPv6.
     * For IPv4 the local address is IFA_LOCAL (IFA_ADDRESS is the peer on point-to-point links).
     */
    public static Optional<InterfaceAddress> parseAddress(NetlinkMessage message) {
        IfAddrHeader header = new IfAddrHeader().wrap(message.payload());
        int family = header.family();
        int size;
        if (family == Sockets.AF_INET) {
            size = 4;
        } else if (family == Sockets.AF_INET6) {
            size = 16;
        } else {
            return Optional.empty();
        }
        byte[] local = null;
        byte[] address = null;
        String label = null;
        int flags = header.flags();
        AttributeReader attrs = message.attributes(Rtnetlink.IFADDRMSG_LENGTH);
        while (attrs.next()) {
            switch (attrs.type()) {
                case Rtnetlink.IFA_LOCAL -> local = addressBytes(attrs, size);
                case Rtnetlink.IFA_ADDRESS -> address = addressBytes(attrs, size);
                case Rtnetlink.IFA_LABEL -> label = attrs.string();
                case Rtnetlink.IFA_FLAGS -> flags = attrs.u32();
                default -> { }
            }
        }
        byte[] chosen = local != null ? local : address;
        if (chosen == null) {
            throw new NetlinkFormatException("address message for index " + header.index()
                    + " has neither IFA_LOCAL nor IFA_ADDRESS");
        }
        InetAddress ip = IpAddresses.fromBytes(chosen);
        // The kernel labels every IPv4 address (with the interface name by default); keep it as reported.
        Optional<String> l = family == Sockets.AF_INET && label != null && !label.isEmpty()
                && label.length() <= Rtnetlink.MAX_NAME_LENGTH ? Optional.of(label) : Optional.empty();
        return Optional.of(new InterfaceAddress(ip, header.prefixLength(), header.index(), l, header.scope(), flags));
    }

    private static byte[] addressBytes(AttributeReader attrs, int size) {
        if (attrs.length() != size) {
            throw new NetlinkFormatException("address attribute type " + attrs.type() + " has " + attrs.length()
                    + " bytes, " + size + " expected");
        }
        return attrs.bytes();
    }
}
