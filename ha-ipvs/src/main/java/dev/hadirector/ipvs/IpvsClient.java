package dev.hadirector.ipvs;

import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.genetlink.GenericNetlink;
import dev.hadirector.kernel.netlink.AttributeReader;
import dev.hadirector.kernel.netlink.Netlink;
import dev.hadirector.kernel.netlink.NetlinkConnection;
import dev.hadirector.kernel.netlink.NetlinkMessage;
import dev.hadirector.kernel.netlink.NetlinkReply;
import dev.hadirector.kernel.netlink.NetlinkWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A typed client of the kernel's IPVS generic netlink family: services, destinations, statistics, sync
 * daemons, timeouts, info. Kernel refusals become {@link IpvsException}s naming the object concerned.
 *
 * <p>Not thread-safe: one owner thread, like the connection under it.
 */
public final class IpvsClient implements AutoCloseable {
    private final NetlinkConnection connection;
    private final int familyId;
    private final NetlinkWriter writer = new NetlinkWriter(8192);

    public IpvsClient(NetlinkConnection connection, int familyId) {
        this.connection = connection;
        this.familyId = familyId;
    }

    /** A client on a new generic netlink socket of the calling thread's namespace. */
    public static IpvsClient open() {
        NetlinkConnection connection = NetlinkConnection.open(Netlink.NETLINK_GENERIC);
        try {
            return over(connection);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** A client over {@code connection}, resolving the IPVS family id first. */
    public static IpvsClient over(NetlinkConnection connection) {
        return new IpvsClient(connection, GenericNetlink.resolve(connection, Ipvs.FAMILY_NAME).id());
    }

    public int familyId() {
        return familyId;
    }

    // ---- services ----

    public void addService(IpvsService service) {
        apply(new IpvsOperation.AddService(service));
    }

    public void editService(IpvsService service) {
        apply(new IpvsOperation.EditService(service));
    }

    public void deleteService(ServiceKey key) {
        apply(new IpvsOperation.DeleteService(key));
    }

    /** One service with its statistics, or empty when the kernel has none with this key. */
    public Optional<IpvsServiceEntry> service(ServiceKey key) {
        GenericNetlink.beginMessage(writer.clear(), familyId, 0, Ipvs.CMD_GET_SERVICE, Ipvs.GENL_VERSION);
        IpvsCodec.writeServiceKey(writer, key);
        writer.endMessage();
        NetlinkReply reply = connection.execute(writer).get(0);
        if (reply.error() == -Errno.ESRCH || reply.error() == -Errno.ENOENT) {
            return Optional.empty();
        }
        check(reply, "get service " + key);
        for (NetlinkMessage m : reply.messages()) {
            Optional<IpvsServiceEntry> entry = serviceIn(m);
            if (entry.isPresent()) {
                return entry;
            }
        }
        return Optional.empty();
    }

    /** Every service, in the kernel's order. */
    public List<IpvsServiceEntry> services() {
        GenericNetlink.beginMessage(writer.clear(), familyId, Netlink.NLM_F_DUMP, Ipvs.CMD_GET_SERVICE,
                Ipvs.GENL_VERSION).endMessage();
        List<IpvsServiceEntry> out = new ArrayList<>();
        for (NetlinkMessage m : dump("list services")) {
            serviceIn(m).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<IpvsServiceEntry> serviceIn(NetlinkMessage m) {
        AttributeReader top = m.attributes(GenericNetlink.HEADER_LENGTH);
        if (top.find(Ipvs.CMD_ATTR_SERVICE)) {
            return Optional.of(IpvsCodec.readService(top.nested()));
        }
        return Optional.empty();
    }

    // ---- destinations ----

    public void addDestination(ServiceKey service, IpvsDestination destination) {
        apply(new IpvsOperation.AddDestination(service, destination));
    }

    public void editDestination(ServiceKey service, IpvsDestination destination) {
        apply(new IpvsOperation.EditDestination(service, destination));
    }

    public void deleteDestination(ServiceKey service, IpvsDestination destination) {
        apply(new IpvsOperation.DeleteDestination(service, destination));
    }

    /** The destinations of {@code service}, in the kernel's order. */
    public List<IpvsDestinationEntry> destinations(ServiceKey service) {
        GenericNetlink.beginMessage(writer.clear(), familyId, Netlink.NLM_F_DUMP, Ipvs.CMD_GET_DEST,
                Ipvs.GENL_VERSION);
        IpvsCodec.writeServiceKey(writer, service);
        writer.endMessage();
        List<IpvsDestinationEntry> out = new ArrayList<>();
        for (NetlinkMessage m : dump("list destinations of " + service)) {
            AttributeReader top = m.attributes(GenericNetlink.HEADER_LENGTH);
            if (top.find(Ipvs.CMD_ATTR_DEST)) {
                out.add(IpvsCodec.readDestination(top.nested(), service.family()));
            }
        }
        return out;
    }

    /**
     * The services among {@code keys} that the kernel holds, with their destinations: two requests per key,
     * cheaper than {@link #table()} when a few services of a large table are wanted.
     */
    public IpvsTable table(java.util.Collection<ServiceKey> keys) {
        List<IpvsTable.Service> out = new ArrayList<>();
        for (ServiceKey key : keys) {
            Optional<IpvsServiceEntry> entry = service(key);
            if (entry.isEmpty()) {
                continue;
            }
            try {
                out.add(new IpvsTable.Service(entry.get(), destinations(key)));
            } catch (IpvsException e) {
                if (e.errno() != Errno.ESRCH) {
                    throw e;
                }
                // deleted between the two requests
            }
        }
        return new IpvsTable(out);
    }

    /** Every service with its destinations. */
    public IpvsTable table() {
        List<IpvsTable.Service> out = new ArrayList<>();
        for (IpvsServiceEntry s : services()) {
            List<IpvsDestinationEntry> dests;
            try {
                dests = destinations(s.service().key());
            } catch (IpvsException e) {
                if (e.errno() != Errno.ESRCH) {
                    throw e;
                }
                continue; // deleted between the two dumps
            }
            out.add(new IpvsTable.Service(s, dests));
        }
        return new IpvsTable(out);
    }

    // ---- counters, flush ----

    public void zero(ServiceKey service) {
        apply(new IpvsOperation.Zero(service));
    }

    public void zeroAll() {
        apply(new IpvsOperation.Zero(null));
    }

    public void flush() {
        apply(new IpvsOperation.Flush());
    }

    // ---- sync daemons ----

    public void startDaemon(SyncDaemon daemon) {
        GenericNetlink.beginMessage(writer.clear(), familyId, 0, Ipvs.CMD_NEW_DAEMON, Ipvs.GENL_VERSION);
        IpvsCodec.writeDaemon(writer, daemon);
        writer.endMessage();
        check(connection.execute(writer).get(0), "start " + daemon.role().name().toLowerCase()
                + " sync daemon on " + daemon.interfaceName() + " (syncid " + daemon.syncId() + ")");
    }

    public void stopDaemon(SyncDaemon.Role role) {
        GenericNetlink.beginMessage(writer.clear(), familyId, 0, Ipvs.CMD_DEL_DAEMON, Ipvs.GENL_VERSION);
        int nest = writer.beginNested(Ipvs.CMD_ATTR_DAEMON);
        writer.putU32(Ipvs.DAEMON_ATTR_STATE, role.state());
        writer.endNested(nest);
        writer.endMessage();
        check(connection.execute(writer).get(0), "stop " + role.name().toLowerCase() + " sync daemon");
    }

    /** The running sync daemons (master first, as the kernel lists them). */
    public List<SyncDaemon> daemons() {
        GenericNetlink.beginMessage(writer.clear(), familyId, Netlink.NLM_F_DUMP, Ipvs.CMD_GET_DAEMON,
                Ipvs.GENL_VERSION).endMessage();
        List<SyncDaemon> out = new ArrayList<>();
        for (NetlinkMessage m : dump("list sync daemons")) {
            AttributeReader top = m.attributes(GenericNetlink.HEADER_LENGTH);
            if (top.find(Ipvs.CMD_ATTR_DAEMON)) {
                out.add(IpvsCodec.readDaemon(top.nested()));
            }
        }
        return out;
    }

    // ---- configuration ----

    public IpvsTimeouts timeouts() {
        GenericNetlink.beginMessage(writer.clear(), familyId, 0, Ipvs.CMD_GET_CONFIG, Ipvs.GENL_VERSION)
                .endMessage();
        NetlinkReply reply = check(connection.execute(writer).get(0), "get timeouts");
        int tcp = 0;
        int fin = 0;
        int udp = 0;
        for (NetlinkMessage m : reply.messages()) {
            AttributeReader a = m.attributes(GenericNetlink.HEADER_LENGTH);
            while (a.next()) {
                switch (a.type()) {
                    case Ipvs.CMD_ATTR_TIMEOUT_TCP -> tcp = a.u32();
                    case Ipvs.CMD_ATTR_TIMEOUT_TCP_FIN -> fin = a.u32();
                    case Ipvs.CMD_ATTR_TIMEOUT_UDP -> udp = a.u32();
                    default -> { }
                }
            }
        }
        return new IpvsTimeouts(tcp, fin, udp);
    }

    /** Sets the timeouts; a 0 leaves that one unchanged. */
    public void setTimeouts(IpvsTimeouts timeouts) {
        GenericNetlink.beginMessage(writer.clear(), familyId, 0, Ipvs.CMD_SET_CONFIG, Ipvs.GENL_VERSION);
        if (timeouts.tcp() != 0) {
            writer.putU32(Ipvs.CMD_ATTR_TIMEOUT_TCP, timeouts.tcp());
        }
        if (timeouts.tcpFin() != 0) {
            writer.putU32(Ipvs.CMD_ATTR_TIMEOUT_TCP_FIN, timeouts.tcpFin());
        }
        if (timeouts.udp() != 0) {
            writer.putU32(Ipvs.CMD_ATTR_TIMEOUT_UDP, timeouts.udp());
        }
        writer.endMessage();
        check(connection.execute(writer).get(0), "set timeouts " + timeouts.tcp() + " " + timeouts.tcpFin() + " "
                + timeouts.udp());
    }

    public IpvsInfo info() {
        GenericNetlink.beginMessage(writer.clear(), familyId, 0, Ipvs.CMD_GET_INFO, Ipvs.GENL_VERSION).endMessage();
        NetlinkReply reply = check(connection.execute(writer).get(0), "get IPVS info");
        int version = 0;
        int size = 0;
        for (NetlinkMessage m : reply.messages()) {
            AttributeReader a = m.attributes(GenericNetlink.HEADER_LENGTH);
            while (a.next()) {
                switch (a.type()) {
                    case Ipvs.INFO_ATTR_VERSION -> version = a.u32();
                    case Ipvs.INFO_ATTR_CONN_TAB_SIZE -> size = a.u32();
                    default -> { }
                }
            }
        }
        return new IpvsInfo(version, size);
    }

    // ---- batches ----

    /** Applies one operation; throws its {@link IpvsException} when the kernel refuses it. */
    public void apply(IpvsOperation operation) {
        execute(List.of(operation)).throwIfFailed();
    }

    /**
     * Sends every operation, many per datagram, and checks every ack. The kernel runs each message of a
     * batch on its own, so the result lists exactly which were applied and which were refused.
     */
    public BatchResult execute(List<? extends IpvsOperation> operations) {
        if (operations.isEmpty()) {
            return new BatchResult(List.of(), List.of());
        }
        writer.clear();
        for (IpvsOperation op : operations) {
            op.write(writer, familyId);
        }
        List<NetlinkReply> replies = connection.execute(writer);
        List<IpvsOperation> applied = new ArrayList<>();
        List<IpvsException> failures = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            NetlinkReply reply = replies.get(i);
            if (reply.ok()) {
                applied.add(operations.get(i));
            } else {
                failures.add(new IpvsException(operations.get(i), -reply.error(), reply.extAckMessage()));
            }
        }
        return new BatchResult(applied, failures);
    }

    private List<NetlinkMessage> dump(String operation) {
        try {
            return connection.dump(writer, operation);
        } catch (IpvsException e) {
            throw e;
        } catch (dev.hadirector.kernel.KernelException e) {
            throw new IpvsException(operation, e.errno(), e.kernelMessage());
        }
    }

    private static NetlinkReply check(NetlinkReply reply, String operation) {
        if (!reply.ok()) {
            throw new IpvsException(operation, -reply.error(), reply.extAckMessage());
        }
        return reply;
    }

    @Override
    public void close() {
        connection.close();
    }
}
