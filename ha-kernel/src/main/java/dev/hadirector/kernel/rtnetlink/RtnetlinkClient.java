package dev.hadirector.kernel.rtnetlink;

import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.Sockets;
import dev.hadirector.kernel.netlink.Netlink;
import dev.hadirector.kernel.netlink.NetlinkConnection;
import dev.hadirector.kernel.netlink.NetlinkMessage;
import dev.hadirector.kernel.netlink.NetlinkReply;
import dev.hadirector.kernel.netlink.NetlinkWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Links and addresses of one network namespace (the one the connection's socket was opened in), over
 * rtnetlink. Errors name the object: {@code add address 10.1.0.5/24 on veth0 (index 4): EEXIST (File exists)}.
 * Not thread-safe, like the connection under it.
 */
public final class RtnetlinkClient implements AutoCloseable {
    private final NetlinkConnection connection;
    private final NetlinkWriter writer = new NetlinkWriter(512);

    public RtnetlinkClient(NetlinkConnection connection) {
        this.connection = connection;
    }

    /** A client on a new NETLINK_ROUTE socket in the calling thread's network namespace. */
    public static RtnetlinkClient open() {
        return new RtnetlinkClient(NetlinkConnection.open(Netlink.NETLINK_ROUTE));
    }

    public NetlinkConnection connection() {
        return connection;
    }

    /** Every link. */
    public List<Link> links() {
        List<NetlinkMessage> parts = connection.dump(RtnetlinkCodec.linkDump(writer.clear()), "list links");
        List<Link> links = new ArrayList<>(parts.size());
        for (NetlinkMessage m : parts) {
            if (m.type() == Rtnetlink.RTM_NEWLINK) {
                links.add(RtnetlinkCodec.parseLink(m));
            }
        }
        return links;
    }

    /** The link called {@code name}, or empty. */
    public Optional<Link> link(String name) {
        return single(RtnetlinkCodec.linkGet(writer.clear(), name), "get link " + name);
    }

    /** The link with ifindex {@code index}, or empty. */
    public Optional<Link> link(int index) {
        return single(RtnetlinkCodec.linkGet(writer.clear(), index), "get link index " + index);
    }

    /** The ifindex of {@code name}; ENODEV naming the link when there is none. */
    public int indexOf(String name) {
        return link(name).orElseThrow(() -> new KernelException(Errno.ENODEV, "find link " + name)).index();
    }

    /** Sets a link administratively up or down. */
    public void setUp(int index, boolean up) {
        NetlinkReply reply = connection.execute(RtnetlinkCodec.linkSetUp(writer.clear(), index, up)).get(0);
        if (!reply.ok()) {
            throw new KernelException(-reply.error(), "set link " + describeLink(index) + (up ? " up" : " down"),
                    reply.extAckMessage());
        }
    }

    /** Creates a macvlan and returns it as the kernel reports it (down, like every new link). */
    public Link addMacvlan(MacvlanLink macvlan) {
        NetlinkReply reply = connection.execute(RtnetlinkCodec.linkAddMacvlan(writer.clear(), macvlan)).get(0);
        if (!reply.ok()) {
            throw new KernelException(-reply.error(), "add macvlan " + macvlan.name() + " on "
                    + describeLink(macvlan.parentIndex()), reply.extAckMessage());
        }
        return link(macvlan.name()).orElseThrow(() -> new KernelException(Errno.ENODEV, "find macvlan "
                + macvlan.name() + " just created (deleted meanwhile?)"));
    }

    /** Deletes link {@code index}; ENODEV when there is none. */
    public void deleteLink(int index) {
        String name = describeLink(index);
        NetlinkReply reply = connection.execute(RtnetlinkCodec.linkDelete(writer.clear(), index)).get(0);
        if (!reply.ok()) {
            throw new KernelException(-reply.error(), "delete link " + name, reply.extAckMessage());
        }
    }

    /** Every IPv4 and IPv6 address. */
    public List<InterfaceAddress> addresses() {
        return addresses(Sockets.AF_UNSPEC);
    }

    /** The addresses of one family (AF_INET, AF_INET6, or AF_UNSPEC for both). */
    public List<InterfaceAddress> addresses(int family) {
        List<NetlinkMessage> parts = connection.dump(RtnetlinkCodec.addressDump(writer.clear(), family),
                "list addresses");
        List<InterfaceAddress> out = new ArrayList<>(parts.size());
        for (NetlinkMessage m : parts) {
            if (m.type() == Rtnetlink.RTM_NEWADDR) {
                RtnetlinkCodec.parseAddress(m).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The addresses on the link with ifindex {@code index}. */
    public List<InterfaceAddress> addressesOn(int index) {
        List<InterfaceAddress> all = addresses();
        all.removeIf(a -> a.interfaceIndex() != index);
        return all;
    }

    /** Adds an address; EEXIST when it is already there. */
    public void addAddress(InterfaceAddress address) {
        changeAddress(RtnetlinkCodec.addressAdd(writer.clear(), address, false), "add", address);
    }

    /** Adds an address or updates its flags, label and scope when it is already there. */
    public void replaceAddress(InterfaceAddress address) {
        changeAddress(RtnetlinkCodec.addressAdd(writer.clear(), address, true), "replace", address);
    }

    /** Deletes an address; EADDRNOTAVAIL when it is not there. */
    public void deleteAddress(InterfaceAddress address) {
        changeAddress(RtnetlinkCodec.addressDelete(writer.clear(), address), "delete", address);
    }

    @Override
    public void close() {
        connection.close();
    }

    private void changeAddress(NetlinkWriter request, String verb, InterfaceAddress address) {
        NetlinkReply reply = connection.execute(request).get(0);
        if (!reply.ok()) {
            // The name lookup happens only on failure, and on the same socket, so it sees the same namespace.
            throw new KernelException(-reply.error(), verb + " address " + address.cidr() + " on "
                    + describeLink(address.interfaceIndex()), reply.extAckMessage());
        }
    }

    private String describeLink(int index) {
        String name;
        try {
            name = link(index).map(Link::name).orElse("missing link");
        } catch (KernelException e) {
            name = "unknown link";
        }
        return name + " (index " + index + ")";
    }

    private Optional<Link> single(NetlinkWriter request, String operation) {
        NetlinkReply reply = connection.execute(request).get(0);
        if (reply.error() == -Errno.ENODEV) {
            return Optional.empty();
        }
        reply.throwIfError(operation);
        for (NetlinkMessage m : reply.messages()) {
            if (m.type() == Rtnetlink.RTM_NEWLINK) {
                return Optional.of(RtnetlinkCodec.parseLink(m));
            }
        }
        return Optional.empty();
    }
}
