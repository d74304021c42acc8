package dev.hadirector.ipvs;

import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.genetlink.GenericNetlink;
import dev.hadirector.kernel.netlink.AttributeReader;
import dev.hadirector.kernel.netlink.EmbeddedNetlinkTransport;
import dev.hadirector.kernel.netlink.Netlink;
import dev.hadirector.kernel.netlink.NetlinkConnection;
import dev.hadirector.kernel.netlink.NetlinkMessage;
import dev.hadirector.kernel.netlink.NetlinkWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory IPVS table answering the family's commands with the kernel's errnos, for unit tests of the
 * client's users (restore, reconciler). It decodes requests with the production codec, so it proves
 * nothing about the wire format itself: the byte-level tests and the UML tests do that.
 */
final class FakeIpvsKernel implements EmbeddedNetlinkTransport.Kernel {
    static final int FAMILY_ID = 0x2a;

    final Map<ServiceKey, IpvsService> services = new LinkedHashMap<>();
    final Map<ServiceKey, Map<String, IpvsDestination>> destinations = new LinkedHashMap<>();
    final List<Integer> commands = new ArrayList<>();
    Set<String> knownSchedulers = Set.of("rr", "wrr", "lc", "wlc", "sh", "dh", "mh", "sed", "nq", "lblc", "lblcr",
            "fo", "ovf", "twos");
    /** In {@link #failAtRequest}: the socket fails instead of answering (what was before it is applied). */
    static final int LOST = -1;
    /** Requests (by index, 0-based over all requests) that fail, with the errno they fail with, or LOST. */
    final Map<Integer, Integer> failAtRequest = new java.util.HashMap<>();

    private final List<EmbeddedNetlinkTransport> transports = new ArrayList<>();

    /** A client on a new fake socket of this kernel (each can be closed on its own, like real sockets). */
    IpvsClient client() {
        EmbeddedNetlinkTransport transport = new EmbeddedNetlinkTransport(this);
        transports.add(transport);
        return new IpvsClient(new NetlinkConnection(transport), FAMILY_ID);
    }

    /** Datagrams received over every socket so far. */
    int datagrams() {
        return transports.stream().mapToInt(EmbeddedNetlinkTransport::datagramsSent).sum();
    }

    /** Modification requests seen so far (GETs excluded). */
    List<Integer> changeCommands() {
        return commands.stream().filter(c -> c != Ipvs.CMD_GET_SERVICE && c != Ipvs.CMD_GET_DEST).toList();
    }

    @Override
    public void handle(NetlinkMessage request, EmbeddedNetlinkTransport.Replies replies) {
        int command = GenericNetlink.command(request);
        int index = commands.size();
        commands.add(command);
        Integer injected = failAtRequest.get(index);
        if (injected != null && injected == LOST) {
            throw new IllegalStateException("injected: the socket failed before request " + index + " was answered");
        }
        if (injected != null) {
            replies.error(injected, "injected failure");
            return;
        }
        AttributeReader top = request.attributes(GenericNetlink.HEADER_LENGTH);
        IpvsService svc = null;
        ServiceKey key = null;
        IpvsDestination dest = null;
        while (top.next()) {
            if (top.type() == Ipvs.CMD_ATTR_SERVICE) {
                svc = readService(top.nested());
                key = svc.key();
            } else if (top.type() == Ipvs.CMD_ATTR_DEST) {
                dest = IpvsCodec.readDestination(top.nested(), key == null ? Ipvs.AF_INET : key.family()).destination();
            }
        }
        switch (command) {
            case Ipvs.CMD_NEW_SERVICE -> {
                if (services.containsKey(key)) {
                    replies.error(Errno.EEXIST, null);
                } else if (!knownSchedulers.contains(svc.scheduler().name())) {
                    replies.error(Errno.ENOENT, null);
                } else {
                    services.put(key, svc);
                    destinations.put(key, new LinkedHashMap<>());
                    replies.ack();
                }
            }
            case Ipvs.CMD_SET_SERVICE -> {
                if (!services.containsKey(key)) {
                    replies.error(Errno.ESRCH, null);
                } else {
                    services.put(key, svc);
                    replies.ack();
                }
            }
            case Ipvs.CMD_DEL_SERVICE -> {
                if (services.remove(key) == null) {
                    replies.error(Errno.ESRCH, null);
                } else {
                    destinations.remove(key);
                    replies.ack();
                }
            }
            case Ipvs.CMD_NEW_DEST, Ipvs.CMD_SET_DEST, Ipvs.CMD_DEL_DEST -> {
                Map<String, IpvsDestination> dests = destinations.get(key);
                if (dests == null) {
                    replies.error(Errno.ESRCH, null);
                    return;
                }
                boolean exists = dests.containsKey(dest.endpoint());
                if (command == Ipvs.CMD_NEW_DEST && exists) {
                    replies.error(Errno.EEXIST, null);
                } else if (command != Ipvs.CMD_NEW_DEST && !exists) {
                    replies.error(Errno.ENOENT, null);
                } else {
                    if (command == Ipvs.CMD_DEL_DEST) {
                        dests.remove(dest.endpoint());
                    } else {
                        dests.put(dest.endpoint(), dest);
                    }
                    replies.ack();
                }
            }
            case Ipvs.CMD_FLUSH -> {
                services.clear();
                destinations.clear();
                replies.ack();
            }
            case Ipvs.CMD_GET_SERVICE -> {
                if ((request.flags() & Netlink.NLM_F_DUMP) == Netlink.NLM_F_DUMP) {
                    for (IpvsService s : services.values()) {
                        replies.data(FAMILY_ID, Netlink.NLM_F_MULTI, w -> writeServiceReply(w, s));
                    }
                    replies.done(false);
                } else if (services.containsKey(key)) {
                    IpvsService s = services.get(key);
                    replies.data(FAMILY_ID, 0, w -> writeServiceReply(w, s));
                    replies.ack();
                } else {
                    replies.error(Errno.ESRCH, null);
                }
            }
            case Ipvs.CMD_GET_DEST -> {
                Map<String, IpvsDestination> dests = destinations.get(key);
                if (dests == null) {
                    replies.error(Errno.ESRCH, null);
                    return;
                }
                for (IpvsDestination d : dests.values()) {
                    replies.data(FAMILY_ID, Netlink.NLM_F_MULTI, w -> {
                        w.u8(Ipvs.CMD_NEW_DEST).u8(1).u16(0);
                        IpvsCodec.writeDestination(w, d);
                    });
                }
                replies.done(false);
            }
            default -> replies.error(Errno.EOPNOTSUPP, "fake kernel does not do command " + command);
        }
    }

    /** Requests carry only the key for some commands; fill the rest with what a lookup needs. */
    private static IpvsService readService(AttributeReader nest) {
        AttributeReader copy = nest;
        boolean hasScheduler = false;
        while (copy.next()) {
            if (copy.type() == Ipvs.SVC_ATTR_SCHED_NAME) {
                hasScheduler = true;
            }
        }
        copy.rewind();
        if (hasScheduler) {
            return IpvsCodec.readService(copy).service();
        }
        NetlinkWriter w = new NetlinkWriter(256);
        w.beginMessage(1, 0);
        while (copy.next()) {
            w.putBytes(copy.type(), copy.bytes());
        }
        w.putString(Ipvs.SVC_ATTR_SCHED_NAME, "none");
        w.endMessage();
        NetlinkMessage m = NetlinkMessage.parse(w.frames()).get(0);
        return IpvsCodec.readService(m.attributes(0)).service();
    }

    private static void writeServiceReply(NetlinkWriter w, IpvsService s) {
        w.u8(Ipvs.CMD_NEW_SERVICE).u8(1).u16(0);
        IpvsCodec.writeService(w, s);
    }
}
