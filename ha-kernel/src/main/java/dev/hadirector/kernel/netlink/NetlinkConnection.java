package dev.hadirector.kernel.netlink;

import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.NativeBuffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Request/response over a {@link NetlinkTransport}: stamps sequence numbers and the REQUEST/ACK flags,
 * sends many messages per datagram, and matches every ack, error, dump part and NLMSG_DONE to the request
 * it answers.
 *
 * <p>Batches: the kernel runs every message of one datagram in turn and acks each (errors do not stop the
 * rest), so {@link #execute} returns one {@link NetlinkReply} per message and the caller sees exactly which
 * ones failed. Batches are cut into datagrams of at most {@link #maxBatchBytes} bytes so their acks fit the
 * receive buffer; a dump request always travels alone, because one socket runs one dump at a time.
 *
 * <p>Not thread-safe: one owner thread.
 */
public final class NetlinkConnection implements AutoCloseable {
    /** How often {@link #dump} restarts a dump the kernel marked NLM_F_DUMP_INTR before giving up. */
    public static final int DUMP_ATTEMPTS = 8;

    private final NetlinkTransport transport;
    private final NativeBuffer receiveBuffer = new NativeBuffer(256 * 1024);
    private int nextSequence;
    private int timeoutMillis = 5_000;
    private int maxBatchBytes = 64 * 1024;

    public NetlinkConnection(NetlinkTransport transport) {
        this.transport = transport;
        // Distinct starting points keep a restarted process from matching a previous one's late replies.
        this.nextSequence = (int) (System.nanoTime() & 0x3fffffff) + 1;
    }

    /** A connection on a new kernel socket of {@code protocol}. */
    public static NetlinkConnection open(int protocol) {
        return new NetlinkConnection(NetlinkSocket.open(protocol));
    }

    public NetlinkConnection timeoutMillis(int millis) {
        this.timeoutMillis = millis;
        return this;
    }

    public NetlinkConnection maxBatchBytes(int bytes) {
        this.maxBatchBytes = Math.max(Netlink.HEADER_LENGTH, bytes);
        return this;
    }

    public int portId() {
        return transport.portId();
    }

    /** Sends every message {@code requests} holds and returns one reply per message, in order. */
    public List<NetlinkReply> execute(NetlinkWriter requests) {
        int count = requests.messageCount();
        requests.length(); // fails fast on an unfinished message
        NetlinkReply[] replies = new NetlinkReply[count];
        int first = 0;
        while (first < count) {
            int end = chunkEnd(requests, first);
            sendChunk(requests, first, end, replies);
            first = end;
        }
        return Arrays.asList(replies);
    }

    /** Sends the one message of {@code request}, throws on error, returns the data messages. */
    public List<NetlinkMessage> request(NetlinkWriter request, String operation) {
        requireSingle(request, operation);
        return execute(request).get(0).throwIfError(operation).messages();
    }

    /**
     * Runs the one dump request of {@code request} (its flags must include NLM_F_DUMP), restarting it when
     * the kernel reports the dump was interrupted by a concurrent change.
     */
    public List<NetlinkMessage> dump(NetlinkWriter request, String operation) {
        requireSingle(request, operation);
        if ((request.messageFlags(0) & Netlink.NLM_F_DUMP) != Netlink.NLM_F_DUMP) {
            throw new IllegalArgumentException(operation + ": request is not a dump (NLM_F_DUMP not set)");
        }
        for (int attempt = 1; ; attempt++) {
            NetlinkReply reply = execute(request).get(0).throwIfError(operation);
            if (!reply.dumpInterrupted()) {
                return reply.messages();
            }
            if (attempt == DUMP_ATTEMPTS) {
                throw new KernelException(Errno.EINTR, operation + ": dump interrupted by concurrent changes "
                        + DUMP_ATTEMPTS + " times in a row");
            }
        }
    }

    /**
     * Runs a transaction: the first and last messages of {@code requests} are the envelope (nfnetlink's batch
     * begin and end), everything between is the body. All travel in one datagram, so the kernel applies the
     * body as a whole or not at all. The envelope is not acked (the kernel only answers it when it refuses
     * it, and then throws); every body message is, and one reply per body message is returned, in order.
     * When the kernel refuses one body message it aborts the whole batch and says so for each one that
     * failed; replies it never sends after such a failure are reported as {@code ECANCELED}.
     */
    public List<NetlinkReply> transact(NetlinkWriter requests, String operation) {
        int count = requests.messageCount();
        requests.length(); // fails fast on an unfinished message
        if (count < 3) {
            throw new IllegalArgumentException(operation + ": a transaction needs begin, at least one message and end;"
                    + " writer holds " + count);
        }
        for (int i = 0; i < count; i++) {
            if (isDump(requests, i)) {
                throw new IllegalArgumentException(operation + ": message " + i + " of a transaction is a dump");
            }
        }
        int firstSequence = nextSequence;
        for (int i = 0; i < count; i++) {
            boolean envelope = i == 0 || i == count - 1;
            requests.stamp(i, Netlink.NLM_F_REQUEST | (envelope ? 0 : Netlink.NLM_F_ACK), nextSequence++, 0);
        }
        int length = requests.messageOffset(count - 1) + Netlink.align(requests.messageLength(count - 1))
                - requests.messageOffset(0);
        transport.send(requests.nativeBuffer(), requests.messageOffset(0), length);

        PendingReply[] building = new PendingReply[count];
        for (int k = 0; k < count; k++) {
            building[k] = new PendingReply(firstSequence + k);
        }
        int pending = count - 2;
        boolean failed = false;
        while (pending > 0) {
            int received = transport.receive(receiveBuffer, failed ? Math.min(timeoutMillis, 200) : timeoutMillis);
            if (received < 0) {
                if (failed) {
                    break; // the kernel stopped answering after a failure: the rest was never applied
                }
                throw new KernelException(Errno.ETIMEDOUT, operation + ": no netlink reply within " + timeoutMillis
                        + " ms to a transaction of " + (count - 2) + " message(s)");
            }
            for (NetlinkMessage message : receivedMessages(received)) {
                int k = message.sequence() - firstSequence;
                if (k < 0 || k >= count || building[k].done) {
                    continue; // a late answer to an earlier, abandoned request
                }
                if (!building[k].accept(message)) {
                    continue;
                }
                NetlinkReply reply = building[k].toReply();
                if (k == 0 || k == count - 1) {
                    reply.throwIfError(operation + ": batch " + (k == 0 ? "begin" : "end") + " refused");
                    continue;
                }
                failed |= !reply.ok();
                pending--;
            }
        }
        List<NetlinkReply> replies = new ArrayList<>(count - 2);
        for (int k = 1; k < count - 1; k++) {
            replies.add(building[k].done ? building[k].toReply()
                    : new NetlinkReply(firstSequence + k, List.of(), -Errno.ECANCELED, null, -1, false));
        }
        return replies;
    }

    @Override
    public void close() {
        transport.close();
    }

    private static void requireSingle(NetlinkWriter request, String operation) {
        if (request.messageCount() != 1) {
            throw new IllegalArgumentException(operation + ": expected 1 message, writer holds "
                    + request.messageCount());
        }
    }

    private static boolean isDump(NetlinkWriter requests, int index) {
        return (requests.messageFlags(index) & Netlink.NLM_F_DUMP) == Netlink.NLM_F_DUMP;
    }

    private int chunkEnd(NetlinkWriter requests, int first) {
        if (isDump(requests, first)) {
            return first + 1;
        }
        int end = first + 1;
        int bytes = Netlink.align(requests.messageLength(first));
        while (end < requests.messageCount() && !isDump(requests, end)) {
            int next = Netlink.align(requests.messageLength(end));
            if (bytes + next > maxBatchBytes) {
                break;
            }
            bytes += next;
            end++;
        }
        return end;
    }

    private void sendChunk(NetlinkWriter requests, int first, int end, NetlinkReply[] replies) {
        int firstSequence = nextSequence;
        for (int i = first; i < end; i++) {
            int extra = Netlink.NLM_F_REQUEST | (isDump(requests, i) ? 0 : Netlink.NLM_F_ACK);
            requests.stamp(i, extra, nextSequence++, 0);
        }
        int offset = requests.messageOffset(first);
        int lastEnd = requests.messageOffset(end - 1) + Netlink.align(requests.messageLength(end - 1));
        transport.send(requests.nativeBuffer(), offset, lastEnd - offset);

        int pending = end - first;
        PendingReply[] building = new PendingReply[pending];
        for (int k = 0; k < pending; k++) {
            building[k] = new PendingReply(firstSequence + k);
        }
        int completed = 0;
        while (completed < pending) {
            int length = transport.receive(receiveBuffer, timeoutMillis);
            if (length < 0) {
                throw new KernelException(Errno.ETIMEDOUT, "no netlink reply within " + timeoutMillis
                        + " ms to message seq " + (firstSequence + completed) + " (type "
                        + requests.messageType(first + completed) + ")");
            }
            for (NetlinkMessage message : receivedMessages(length)) {
                int k = message.sequence() - firstSequence;
                if (k < 0 || k >= pending || building[k].done) {
                    continue; // a late answer to an earlier, abandoned request
                }
                if (building[k].accept(message)) {
                    replies[first + k] = building[k].toReply();
                    completed++;
                }
            }
        }
    }

    /** Collects the messages answering one request until its ack, error or NLMSG_DONE. */
    /**
     * The messages of the datagram the transport just received into {@link #receiveBuffer}, parsed from a copy:
     * replies keep their bytes while the buffer takes the next datagram.
     */
    private List<NetlinkMessage> receivedMessages(int length) {
        byte[] copy = new byte[length];
        receiveBuffer.buffer().get(0, copy, 0, length);
        return NetlinkMessage.parse(ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()));
    }

    private static final class PendingReply {
        final int sequence;
        final List<NetlinkMessage> messages = new ArrayList<>();
        boolean done;
        boolean interrupted;
        int error;
        String extAckMessage;
        int extAckOffset = -1;

        PendingReply(int sequence) {
            this.sequence = sequence;
        }

        /** Returns true when {@code message} completes the reply. */
        boolean accept(NetlinkMessage message) {
            if (message.has(Netlink.NLM_F_DUMP_INTR)) {
                interrupted = true;
            }
            switch (message.type()) {
                case Netlink.NLMSG_NOOP, Netlink.NLMSG_OVERRUN -> {
                    return false;
                }
                case Netlink.NLMSG_ERROR -> {
                    ByteBuffer p = message.payload();
                    if (p.remaining() < 4) {
                        throw new NetlinkFormatException("NLMSG_ERROR of " + p.remaining() + " bytes for seq " + sequence);
                    }
                    error = p.getInt(0);
                    int tlvStart = 4 + Netlink.HEADER_LENGTH;
                    if (!message.has(Netlink.NLM_F_CAPPED) && p.remaining() >= 4 + Netlink.HEADER_LENGTH) {
                        tlvStart = 4 + Netlink.align(p.getInt(4));
                    }
                    readExtAck(message, p, tlvStart);
                    done = true;
                    return true;
                }
                case Netlink.NLMSG_DONE -> {
                    ByteBuffer p = message.payload();
                    error = p.remaining() >= 4 ? p.getInt(0) : 0;
                    readExtAck(message, p, 4);
                    done = true;
                    return true;
                }
                default -> {
                    messages.add(message);
                    return false;
                }
            }
        }

        private void readExtAck(NetlinkMessage message, ByteBuffer p, int tlvStart) {
            if (!message.has(Netlink.NLM_F_ACK_TLVS) || tlvStart >= p.remaining()) {
                return;
            }
            AttributeReader tlvs = new AttributeReader(p, tlvStart, p.remaining() - tlvStart);
            while (tlvs.next()) {
                switch (tlvs.type()) {
                    case Netlink.NLMSGERR_ATTR_MSG -> extAckMessage = tlvs.string();
                    case Netlink.NLMSGERR_ATTR_OFFS -> extAckOffset = tlvs.u32();
                    default -> { }
                }
            }
        }

        NetlinkReply toReply() {
            return new NetlinkReply(sequence, messages, error, extAckMessage, extAckOffset, interrupted);
        }
    }
}
