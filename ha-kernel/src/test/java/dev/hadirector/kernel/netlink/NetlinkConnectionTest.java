package dev.hadirector.kernel.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.KernelException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NetlinkConnectionTest {

    @Test
    void batchGetsOneReplyPerMessageAndErrorsDoNotStopTheRest() {
        EmbeddedNetlinkTransport kernel = new EmbeddedNetlinkTransport((request, replies) -> {
            AttributeReader attrs = request.attributes(0);
            int value = attrs.find(1) ? attrs.u32() : -1;
            if (value == 2) {
                replies.error(Errno.EEXIST, "destination already exists");
            } else {
                replies.ack();
            }
        });
        NetlinkConnection connection = new NetlinkConnection(kernel);
        NetlinkWriter batch = new NetlinkWriter();
        for (int i = 0; i < 4; i++) {
            batch.beginMessage(0x20, 0).putU32(1, i).endMessage();
        }
        List<NetlinkReply> replies = connection.execute(batch);
        assertEquals(4, replies.size());
        assertEquals(1, kernel.datagramsSent(), "four small messages travel in one datagram");
        assertTrue(replies.get(0).ok());
        assertEquals(-Errno.EEXIST, replies.get(2).error());
        assertEquals("destination already exists", replies.get(2).extAckMessage());
        assertTrue(replies.get(3).ok());
        for (NetlinkMessage sent : kernel.sent()) {
            assertTrue(sent.has(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK), "flags " + sent.flags());
        }
        assertEquals(kernel.sent().get(0).sequence() + 3, kernel.sent().get(3).sequence());
        KernelException e = assertThrows(KernelException.class, () -> replies.get(2).throwIfError("add dest 10.0.0.2:80"));
        assertEquals("EEXIST", e.errnoName());
        assertTrue(e.getMessage().startsWith("add dest 10.0.0.2:80: EEXIST (File exists)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("destination already exists"), e.getMessage());
    }

    @Test
    void largeBatchesAreCutIntoSeveralDatagrams() {
        EmbeddedNetlinkTransport kernel = new EmbeddedNetlinkTransport((request, replies) -> replies.ack());
        NetlinkConnection connection = new NetlinkConnection(kernel).maxBatchBytes(1024);
        NetlinkWriter batch = new NetlinkWriter();
        for (int i = 0; i < 100; i++) {
            batch.beginMessage(0x20, 0).putBytes(1, new byte[44]).endMessage(); // 16 + 4 + 44 = 64 bytes each
        }
        List<NetlinkReply> replies = connection.execute(batch);
        assertEquals(100, replies.size());
        assertTrue(replies.stream().allMatch(NetlinkReply::ok));
        assertEquals(7, kernel.datagramsSent(), "16 messages of 64 bytes per 1024-byte datagram");
    }

    @Test
    void dumpCollectsPartsAndRestartsWhenInterrupted() {
        AtomicInteger attempts = new AtomicInteger();
        EmbeddedNetlinkTransport kernel = new EmbeddedNetlinkTransport((request, replies) -> {
            int attempt = attempts.incrementAndGet();
            for (int i = 0; i < 3; i++) {
                int n = i;
                replies.data(0x20, Netlink.NLM_F_MULTI, w -> w.putU32(1, n));
            }
            replies.done(attempt == 1);
        });
        NetlinkConnection connection = new NetlinkConnection(kernel);
        NetlinkWriter dump = new NetlinkWriter();
        dump.beginMessage(0x20, Netlink.NLM_F_DUMP).endMessage();
        List<NetlinkMessage> parts = connection.dump(dump, "dump services");
        assertEquals(2, attempts.get());
        assertEquals(3, parts.size());
        assertFalse(kernel.sent().get(0).has(Netlink.NLM_F_ACK), "dumps end with NLMSG_DONE, not an ack");
    }

    @Test
    void dumpThatNeverSettlesFailsWithEintr() {
        EmbeddedNetlinkTransport kernel = new EmbeddedNetlinkTransport((request, replies) -> replies.done(true));
        NetlinkConnection connection = new NetlinkConnection(kernel);
        NetlinkWriter dump = new NetlinkWriter();
        dump.beginMessage(0x20, Netlink.NLM_F_DUMP).endMessage();
        KernelException e = assertThrows(KernelException.class, () -> connection.dump(dump, "dump services"));
        assertEquals("EINTR", e.errnoName());
    }

    @Test
    void missingReplyTimesOutNamingTheMessage() {
        EmbeddedNetlinkTransport kernel = new EmbeddedNetlinkTransport((request, replies) -> { });
        NetlinkConnection connection = new NetlinkConnection(kernel);
        NetlinkWriter w = new NetlinkWriter();
        w.beginMessage(0x33, 0).endMessage();
        KernelException e = assertThrows(KernelException.class, () -> connection.execute(w));
        assertEquals("ETIMEDOUT", e.errnoName());
        assertTrue(e.getMessage().contains("type 51"), e.getMessage());
    }

    @Test
    void lateRepliesToAbandonedRequestsAreIgnored() {
        AtomicInteger calls = new AtomicInteger();
        EmbeddedNetlinkTransport kernel = new EmbeddedNetlinkTransport((request, replies) -> {
            if (calls.incrementAndGet() == 1) {
                return; // the first request times out ...
            }
            replies.ack();
        });
        NetlinkConnection connection = new NetlinkConnection(kernel);
        NetlinkWriter w = new NetlinkWriter();
        w.beginMessage(0x20, 0).endMessage();
        assertThrows(KernelException.class, () -> connection.execute(w));
        NetlinkWriter second = new NetlinkWriter();
        second.beginMessage(0x20, 0).endMessage();
        assertTrue(connection.execute(second).get(0).ok());
    }

    @Test
    void aTransactionNeedsAnEnvelopeAndABodyAndTakesNoDump() {
        NetlinkConnection connection = new NetlinkConnection(new EmbeddedNetlinkTransport((request, replies) -> { }));
        NetlinkWriter two = new NetlinkWriter();
        two.beginMessage(0x10, 0).endMessage().beginMessage(0x11, 0).endMessage();
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> connection.transact(two, "commit"));
        assertEquals("commit: a transaction needs begin, at least one message and end; writer holds 2", small.getMessage());
        NetlinkWriter withDump = new NetlinkWriter();
        withDump.beginMessage(0x10, 0).endMessage().beginMessage(0x20, Netlink.NLM_F_DUMP).endMessage()
                .beginMessage(0x11, 0).endMessage();
        IllegalArgumentException dump = assertThrows(IllegalArgumentException.class,
                () -> connection.transact(withDump, "commit"));
        assertEquals("commit: message 1 of a transaction is a dump", dump.getMessage());
    }
}
