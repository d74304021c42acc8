package dev.hadirector.kernel.nftables;

import static dev.hadirector.kernel.nftables.NfTables.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.netlink.EmbeddedNetlinkTransport;
import dev.hadirector.kernel.netlink.Netlink;
import dev.hadirector.kernel.netlink.NetlinkMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transaction protocol against a scripted kernel: one datagram, envelope unacked, errors named. */
class NfTablesClientTest {

    private static NfTablesBatch threeChanges() {
        return new NfTablesBatch().addTable(NFPROTO_INET, "t")
                .addSet(NFPROTO_INET, "t", "vips4", 1, NFT_DATATYPE_IPV4_ADDR, 4)
                .addElements(NFPROTO_INET, "t", "vips4", List.of(new byte[] {10, 0, 0, 1}));
    }

    private static boolean envelope(NetlinkMessage m) {
        return m.type() == NFNL_MSG_BATCH_BEGIN || m.type() == NFNL_MSG_BATCH_END;
    }

    @Test
    void aBatchTravelsInOneDatagramWithOnlyItsBodyAcked() {
        EmbeddedNetlinkTransport kernel = new EmbeddedNetlinkTransport((request, replies) -> {
            if (!envelope(request)) {
                replies.ack();
            }
        });
        try (NfTablesClient client = new NfTablesClient(kernel)) {
            client.commit(threeChanges(), "install firewall");
        }
        assertEquals(1, kernel.datagramsSent());
        List<NetlinkMessage> sent = kernel.sent();
        assertEquals(List.of(NFNL_MSG_BATCH_BEGIN, messageType(NFT_MSG_NEWTABLE), messageType(NFT_MSG_NEWSET),
                messageType(NFT_MSG_NEWSETELEM), NFNL_MSG_BATCH_END), sent.stream().map(NetlinkMessage::type).toList());
        for (NetlinkMessage m : sent) {
            assertTrue(m.has(Netlink.NLM_F_REQUEST), "every message is a request");
            assertEquals(!envelope(m), m.has(Netlink.NLM_F_ACK), "only the body is acked: type " + m.type());
        }
        for (int i = 1; i < sent.size(); i++) {
            assertEquals(sent.get(0).sequence() + i, sent.get(i).sequence());
        }
    }

    @Test
    void aRefusedChangeIsNamedWithItsErrnoAndTheKernelsMessage() {
        EmbeddedNetlinkTransport kernel = new EmbeddedNetlinkTransport((request, replies) -> {
            if (request.type() == messageType(NFT_MSG_NEWSET)) {
                replies.error(Errno.EINVAL, "bad key length");
            } else if (request.type() == messageType(NFT_MSG_NEWSETELEM)) {
                replies.error(Errno.ENOENT, null);
            } else if (!envelope(request)) {
                replies.ack();
            }
        });
        NfTablesClient client = new NfTablesClient(kernel);
        KernelException e = assertThrows(KernelException.class, () -> client.commit(threeChanges(), "install firewall"));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("install firewall: add set inet t vips4 (and 1 more refused change(s)); nothing applied:"
                + " EINVAL (Invalid argument): bad key length", e.getMessage());
    }

    @Test
    void aRefusedBatchBeginFailsTheCommit() {
        EmbeddedNetlinkTransport kernel = new EmbeddedNetlinkTransport((request, replies) -> {
            if (request.type() == NFNL_MSG_BATCH_BEGIN) {
                replies.error(Errno.EPERM, null); // what the kernel does without CAP_NET_ADMIN: nothing else runs
            }
        });
        NfTablesClient client = new NfTablesClient(kernel);
        KernelException e = assertThrows(KernelException.class, () -> client.commit(threeChanges(), "install firewall"));
        assertEquals("EPERM", e.errnoName());
        assertTrue(e.getMessage().startsWith("install firewall: batch begin refused: EPERM"), e.getMessage());
    }

    @Test
    void silenceIsATimeoutAndAMissingAnswerAfterAFailureIsCancelled() {
        NfTablesClient mute = new NfTablesClient(new EmbeddedNetlinkTransport((request, replies) -> { }));
        KernelException timeout = assertThrows(KernelException.class, () -> mute.commit(threeChanges(), "install"));
        assertEquals("ETIMEDOUT", timeout.errnoName());
        assertTrue(timeout.getMessage().contains("transaction of 3 message(s)"), timeout.getMessage());

        NfTablesClient stopping = new NfTablesClient(new EmbeddedNetlinkTransport((request, replies) -> {
            if (request.type() == messageType(NFT_MSG_NEWTABLE)) {
                replies.error(Errno.ENOMEM, null);
            }
        }));
        KernelException e = assertThrows(KernelException.class, () -> stopping.commit(threeChanges(), "install"));
        assertEquals("ENOMEM", e.errnoName());
        assertTrue(e.getMessage().startsWith("install: add table inet t (and 2 more refused change(s))"), e.getMessage());
    }

    @Test
    void aBatchIsReusableAfterClear() {
        EmbeddedNetlinkTransport kernel = new EmbeddedNetlinkTransport((request, replies) -> {
            if (!envelope(request)) {
                replies.ack();
            }
        });
        NfTablesClient client = new NfTablesClient(kernel);
        NfTablesBatch batch = threeChanges();
        client.commit(batch, "first");
        client.commit(batch.clear().deleteTable(NFPROTO_INET, "t"), "second");
        List<NetlinkMessage> sent = kernel.sent();
        assertEquals(8, sent.size());
        assertEquals(NFNL_MSG_BATCH_BEGIN, sent.get(5).type());
        assertEquals(messageType(NFT_MSG_DELTABLE), sent.get(6).type());
        assertFalse(sent.get(7).has(Netlink.NLM_F_ACK));
    }
}
