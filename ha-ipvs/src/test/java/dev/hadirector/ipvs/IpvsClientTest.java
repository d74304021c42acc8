package dev.hadirector.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.Forwarding;
import dev.hadirector.api.Protocol;
import dev.hadirector.api.Scheduler;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.genetlink.GenericNetlink;
import dev.hadirector.kernel.netlink.AttributeReader;
import dev.hadirector.kernel.netlink.EmbeddedNetlinkTransport;
import dev.hadirector.kernel.netlink.Netlink;
import dev.hadirector.kernel.netlink.NetlinkConnection;
import dev.hadirector.kernel.netlink.NetlinkMessage;
import dev.hadirector.kernel.netlink.NetlinkWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** Replies decoded as the kernel sends them; kernel refusals turned into messages naming the object. */
class IpvsClientTest {
    private static final int FAMILY = 0x30;
    private final List<NetlinkMessage> requests = new ArrayList<>();

    private IpvsClient clientAnswering(BiConsumer<NetlinkMessage, EmbeddedNetlinkTransport.Replies> kernel) {
        EmbeddedNetlinkTransport transport = new EmbeddedNetlinkTransport((request, replies) -> {
            requests.add(request);
            kernel.accept(request, replies);
        });
        return new IpvsClient(new NetlinkConnection(transport), FAMILY);
    }

    private static ServiceKey tcp(String address, int port) throws Exception {
        return ServiceKey.of(Protocol.TCP, InetAddress.getByName(address), port);
    }

    /** A service as the kernel describes it in a dump: every attribute, 32- and 64-bit stats. */
    private static void kernelService(NetlinkWriter w) {
        w.u8(Ipvs.CMD_NEW_SERVICE).u8(1).u16(0);
        int svc = w.beginNested(Ipvs.CMD_ATTR_SERVICE);
        w.putU16(Ipvs.SVC_ATTR_AF, Ipvs.AF_INET6);
        w.putU16(Ipvs.SVC_ATTR_PROTOCOL, 6);
        w.putBytes(Ipvs.SVC_ATTR_ADDR, new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        w.putBe16(Ipvs.SVC_ATTR_PORT, 443);
        w.putString(Ipvs.SVC_ATTR_SCHED_NAME, "wrr");
        w.putString(Ipvs.SVC_ATTR_PE_NAME, "sip");
        w.putBytes(Ipvs.SVC_ATTR_FLAGS, new byte[] {0x03, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        w.putU32(Ipvs.SVC_ATTR_TIMEOUT, 300);
        w.putU32(Ipvs.SVC_ATTR_NETMASK, 64);
        int stats = w.beginNested(Ipvs.SVC_ATTR_STATS);
        w.putU32(Ipvs.STATS_ATTR_CONNS, 1);
        w.putU64(Ipvs.STATS_ATTR_INBYTES, 2);
        w.endNested(stats);
        int stats64 = w.beginNested(Ipvs.SVC_ATTR_STATS64);
        w.putU64(Ipvs.STATS_ATTR_CONNS, 5_000_000_000L);
        w.putU64(Ipvs.STATS_ATTR_INPKTS, 11);
        w.putU64(Ipvs.STATS_ATTR_OUTPKTS, 12);
        w.putU64(Ipvs.STATS_ATTR_INBYTES, 13);
        w.putU64(Ipvs.STATS_ATTR_OUTBYTES, 14);
        w.putU64(Ipvs.STATS_ATTR_CPS, 15);
        w.putU64(Ipvs.STATS_ATTR_INPPS, 16);
        w.putU64(Ipvs.STATS_ATTR_OUTPPS, 17);
        w.putU64(Ipvs.STATS_ATTR_INBPS, 18);
        w.putU64(Ipvs.STATS_ATTR_OUTBPS, 19);
        w.putU64(11 /* IPVS_STATS_ATTR_PAD */, 0);
        w.endNested(stats64);
        w.putU32(99, 1); // an attribute of a newer kernel
        w.endNested(svc);
    }

    @Test
    void decodesServiceDumpWithStats64AndIgnoresUnknownAttributes() {
        IpvsClient client = clientAnswering((request, replies) -> {
            assertEquals(Ipvs.CMD_GET_SERVICE, GenericNetlink.command(request));
            assertTrue(request.has(Netlink.NLM_F_DUMP));
            replies.data(FAMILY, Netlink.NLM_F_MULTI, IpvsClientTest::kernelService).done(false);
        });
        List<IpvsServiceEntry> services = client.services();
        assertEquals(1, services.size());
        IpvsService s = services.get(0).service();
        assertEquals("TCP [2001:db8::1]:443", s.key().toString());
        assertEquals(Scheduler.WRR, s.scheduler());
        assertEquals(Ipvs.SVC_F_PERSISTENT, s.flags(), "HASHED is the kernel's, not part of the spec");
        assertEquals(300, s.timeout());
        assertEquals(64, s.netmask());
        assertEquals("sip", s.persistenceEngine());
        assertEquals(new IpvsStats(5_000_000_000L, 11, 12, 13, 14, 15, 16, 17, 18, 19), services.get(0).stats());
    }

    @Test
    void decodesIpv4TunnelDestinationBehindIpv6ServiceAndSendsServiceKey() throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, InetAddress.getByName("2001:db8::1"), 443);
        IpvsClient client = clientAnswering((request, replies) -> {
            replies.data(FAMILY, Netlink.NLM_F_MULTI, w -> {
                w.u8(Ipvs.CMD_NEW_DEST).u8(1).u16(0);
                int d = w.beginNested(Ipvs.CMD_ATTR_DEST);
                w.putBytes(Ipvs.DEST_ATTR_ADDR, new byte[] {10, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
                w.putBe16(Ipvs.DEST_ATTR_PORT, 443);
                w.putU32(Ipvs.DEST_ATTR_FWD_METHOD, Ipvs.CONN_F_TUNNEL);
                w.putU32(Ipvs.DEST_ATTR_WEIGHT, 4);
                w.putU32(Ipvs.DEST_ATTR_U_THRESH, 100);
                w.putU32(Ipvs.DEST_ATTR_L_THRESH, 10);
                w.putU32(Ipvs.DEST_ATTR_ACTIVE_CONNS, 7);
                w.putU32(Ipvs.DEST_ATTR_INACT_CONNS, 8);
                w.putU32(Ipvs.DEST_ATTR_PERSIST_CONNS, 9);
                w.putU16(Ipvs.DEST_ATTR_ADDR_FAMILY, Ipvs.AF_INET);
                w.putU8(Ipvs.DEST_ATTR_TUN_TYPE, Ipvs.TUNNEL_TYPE_GRE);
                w.putBe16(Ipvs.DEST_ATTR_TUN_PORT, 0);
                w.putU16(Ipvs.DEST_ATTR_TUN_FLAGS, Ipvs.TUNNEL_FLAG_CSUM);
                int s = w.beginNested(Ipvs.DEST_ATTR_STATS64);
                w.putU64(Ipvs.STATS_ATTR_OUTBYTES, 1L << 40);
                w.endNested(s);
                w.endNested(d);
            }).done(false);
        });
        List<IpvsDestinationEntry> dests = client.destinations(key);
        assertEquals(1, dests.size());
        IpvsDestinationEntry e = dests.get(0);
        assertEquals(new IpvsDestination(InetAddress.getByName("10.0.0.10"), 443,
                Forwarding.tunnel(Forwarding.TunnelType.GRE, 0, Forwarding.TunnelChecksum.CHECKSUM), 4, 100, 10),
                e.destination());
        assertEquals(7, e.activeConnections());
        assertEquals(8, e.inactiveConnections());
        assertEquals(9, e.persistentConnections());
        assertEquals(1L << 40, e.stats().outBytes());
        AttributeReader top = requests.get(0).attributes(GenericNetlink.HEADER_LENGTH);
        assertTrue(top.find(Ipvs.CMD_ATTR_SERVICE), "a destination dump names its service");
        assertEquals(key, IpvsCodec.readService(withScheduler(top.nested())).service().key());
    }

    private static AttributeReader withScheduler(AttributeReader keyOnly) {
        NetlinkWriter w = new NetlinkWriter(128);
        w.beginMessage(1, 0);
        while (keyOnly.next()) {
            w.putBytes(keyOnly.type(), keyOnly.bytes());
        }
        w.putString(Ipvs.SVC_ATTR_SCHED_NAME, "rr");
        w.endMessage();
        return NetlinkMessage.parse(w.frames()).get(0).attributes(0);
    }

    @Test
    void existingDestinationIsNamedInTheError() throws Exception {
        IpvsClient client = clientAnswering((request, replies) -> replies.error(Errno.EEXIST, null));
        IpvsException e = assertThrows(IpvsException.class, () -> client.addDestination(tcp("10.0.0.1", 80),
                IpvsDestination.of(InetAddress.getByName("10.0.0.2"), 80, Forwarding.MASQUERADE, 1)));
        assertTrue(e.getMessage().startsWith("destination 10.0.0.2:80 of TCP 10.0.0.1:80 already exists: EEXIST"),
                e.getMessage());
        assertEquals(Errno.EEXIST, e.errno());
    }

    @Test
    void unknownSchedulerIsSaidSo() throws Exception {
        IpvsClient client = clientAnswering((request, replies) -> replies.error(Errno.ENOENT, null));
        IpvsException e = assertThrows(IpvsException.class,
                () -> client.addService(IpvsService.of(tcp("10.0.0.1", 80), Scheduler.of("nosuch"))));
        assertTrue(e.getMessage().contains("scheduler \"nosuch\" is not available in this kernel"), e.getMessage());
        assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
    }

    @Test
    void missingServiceOnDeleteAndExtAckTextAreReported() throws Exception {
        IpvsClient client = clientAnswering((request, replies) -> replies.error(Errno.ESRCH, "no such service"));
        IpvsException e = assertThrows(IpvsException.class, () -> client.deleteService(ServiceKey.firewallMark(7, true)));
        assertTrue(e.getMessage().startsWith("service FWM 7 IPv6 does not exist: ESRCH"), e.getMessage());
        assertTrue(e.getMessage().endsWith(": no such service"), e.getMessage());
    }

    @Test
    void getOneServiceIsEmptyWhenTheKernelHasNone() throws Exception {
        IpvsClient client = clientAnswering((request, replies) -> replies.error(Errno.ESRCH, null));
        assertTrue(client.service(tcp("10.0.0.1", 80)).isEmpty());
    }

    @Test
    void batchSendsOneDatagramAndReportsEachOutcome() throws Exception {
        FakeIpvsKernel kernel = new FakeIpvsKernel();
        IpvsClient client = kernel.client();
        ServiceKey key = tcp("10.0.0.1", 80);
        IpvsDestination d = IpvsDestination.of(InetAddress.getByName("10.0.0.2"), 80, Forwarding.MASQUERADE, 1);
        BatchResult result = client.execute(List.of(
                new IpvsOperation.AddService(IpvsService.of(key, Scheduler.RR)),
                new IpvsOperation.AddDestination(key, d),
                new IpvsOperation.AddDestination(key, d),
                new IpvsOperation.EditDestination(key, d.withWeight(5))));
        assertEquals(1, kernel.datagrams());
        assertEquals(3, result.applied().size());
        assertEquals(1, result.failures().size());
        assertEquals(Errno.EEXIST, result.failures().get(0).errno());
        assertEquals(5, client.destinations(key).get(0).destination().weight());
        assertFalse(result.ok());
        assertThrows(IpvsException.class, result::throwIfFailed);
    }

    @Test
    void infoTimeoutsAndDaemons() throws Exception {
        IpvsClient client = clientAnswering((request, replies) -> {
            switch (GenericNetlink.command(request)) {
                case Ipvs.CMD_GET_INFO -> replies.data(FAMILY, 0, w -> w.u8(Ipvs.CMD_SET_INFO).u8(1).u16(0)
                        .putU32(Ipvs.INFO_ATTR_VERSION, 0x010201).putU32(Ipvs.INFO_ATTR_CONN_TAB_SIZE, 4096)).ack();
                case Ipvs.CMD_GET_CONFIG -> replies.data(FAMILY, 0, w -> w.u8(Ipvs.CMD_SET_CONFIG).u8(1).u16(0)
                        .putU32(Ipvs.CMD_ATTR_TIMEOUT_TCP, 900).putU32(Ipvs.CMD_ATTR_TIMEOUT_TCP_FIN, 120)
                        .putU32(Ipvs.CMD_ATTR_TIMEOUT_UDP, 300)).ack();
                case Ipvs.CMD_GET_DAEMON -> replies.data(FAMILY, Netlink.NLM_F_MULTI, w -> {
                    w.u8(Ipvs.CMD_NEW_DAEMON).u8(1).u16(0);
                    int n = w.beginNested(Ipvs.CMD_ATTR_DAEMON);
                    w.putU32(Ipvs.DAEMON_ATTR_STATE, Ipvs.STATE_BACKUP).putString(Ipvs.DAEMON_ATTR_MCAST_IFN, "eth0")
                            .putU32(Ipvs.DAEMON_ATTR_SYNC_ID, 6).putU16(Ipvs.DAEMON_ATTR_SYNC_MAXLEN, 1400)
                            .putBytes(Ipvs.DAEMON_ATTR_MCAST_GROUP, new byte[] {(byte) 224, 0, 0, 99})
                            .putU16(Ipvs.DAEMON_ATTR_MCAST_PORT, 8849).putU8(Ipvs.DAEMON_ATTR_MCAST_TTL, 2);
                    w.endNested(n);
                }).done(false);
                case Ipvs.CMD_SET_CONFIG, Ipvs.CMD_NEW_DAEMON, Ipvs.CMD_DEL_DAEMON -> replies.ack();
                default -> replies.error(Errno.EOPNOTSUPP, null);
            }
        });
        IpvsInfo info = client.info();
        assertEquals("1.2.1", info.versionString());
        assertEquals(4096, info.connectionTableSize());
        assertEquals(new IpvsTimeouts(900, 120, 300), client.timeouts());
        assertEquals(List.of(new SyncDaemon(SyncDaemon.Role.BACKUP, "eth0", 6, 1400,
                InetAddress.getByName("224.0.0.99"), 8849, 2)), client.daemons());

        requests.clear();
        client.setTimeouts(new IpvsTimeouts(0, 60, 0));
        AttributeReader a = requests.get(0).attributes(GenericNetlink.HEADER_LENGTH);
        assertTrue(a.next());
        assertEquals(Ipvs.CMD_ATTR_TIMEOUT_TCP_FIN, a.type(), "unchanged timeouts are not sent");
        assertEquals(60, a.u32());
        assertFalse(a.next());

        requests.clear();
        client.startDaemon(new SyncDaemon(SyncDaemon.Role.MASTER, "eth1", 5, 0, null, 0, 0));
        AttributeReader daemon = requests.get(0).attributes(GenericNetlink.HEADER_LENGTH);
        assertTrue(daemon.find(Ipvs.CMD_ATTR_DAEMON));
        SyncDaemon sent = IpvsCodec.readDaemon(daemon.nested());
        assertEquals(SyncDaemon.of(SyncDaemon.Role.MASTER, "eth1", 5), sent, "defaults are left to the kernel");
    }

    @Test
    void daemonWithIpv6GroupUsesTheGroup6AttributeAndRoundTrips() throws Exception {
        SyncDaemon daemon = new SyncDaemon(SyncDaemon.Role.BACKUP, "eth0", 9, 1200,
                InetAddress.getByName("ff02::81"), 8850, 3);
        IpvsClient client = clientAnswering((request, replies) -> replies.ack());
        client.startDaemon(daemon);
        AttributeReader top = requests.get(0).attributes(GenericNetlink.HEADER_LENGTH);
        assertTrue(top.find(Ipvs.CMD_ATTR_DAEMON));
        AttributeReader nest = top.nested();
        assertTrue(nest.find(Ipvs.DAEMON_ATTR_MCAST_GROUP6));
        assertEquals(16, nest.length());
        assertFalse(nest.find(Ipvs.DAEMON_ATTR_MCAST_GROUP));
        assertEquals(daemon, IpvsCodec.readDaemon(nest.rewind()));
    }
}
