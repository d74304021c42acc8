package dev.hadirector.kernel.netlink;

import dev.hadirector.kernel.NativeBuffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An in-memory kernel for unit tests of netlink clients (in the spirit of Netty's EmbeddedChannel): every
 * message sent is handed to a {@link Kernel} that answers through a {@link Replies} sink, with the same
 * framing the real kernel uses (acks and errors with capped original header, extended-ack message, dump
 * parts and NLMSG_DONE). It never stands in for the kernel in a test that shows a capability works.
 */
public final class EmbeddedNetlinkTransport implements NetlinkTransport {

    /** The fake kernel's behaviour: answer one request. */
    @FunctionalInterface
    public interface Kernel {
        void handle(NetlinkMessage request, Replies replies);
    }

    private final Kernel kernel;
    private final Deque<byte[]> queue = new ArrayDeque<>();
    private final List<NetlinkMessage> sent = new ArrayList<>();
    private int datagramsSent;
    private boolean closed;

    public EmbeddedNetlinkTransport(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public void send(NativeBuffer frames, int offset, int length) {
        if (closed) {
            throw new IllegalStateException("transport closed");
        }
        byte[] copy = new byte[length];
        frames.buffer().get(offset, copy, 0, length);
        datagramsSent++;
        for (NetlinkMessage request : NetlinkMessage.parse(ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()))) {
            sent.add(request);
            kernel.handle(request, new Replies(request));
        }
    }

    @Override
    public int receive(NativeBuffer into, int timeoutMillis) {
        byte[] next = queue.poll();
        if (next == null) {
            return -1;
        }
        into.buffer().put(0, next);
        return next.length;
    }

    @Override
    public int portId() {
        return 4242;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Every request message sent so far, in order. */
    public List<NetlinkMessage> sent() {
        return List.copyOf(sent);
    }

    /** How many datagrams (sendto calls) carried them. */
    public int datagramsSent() {
        return datagramsSent;
    }

    /** Queues raw bytes as one datagram, e.g. a malformed one. */
    public void queueRaw(byte[] datagram) {
        queue.add(datagram.clone());
    }

    /** What the fake kernel may answer to one request. */
    public final class Replies {
        private final NetlinkMessage request;

        private Replies(NetlinkMessage request) {
            this.request = request;
        }

        /** A data message (GET answer or dump part) carrying the request's sequence number. */
        public Replies data(int type, int flags, java.util.function.Consumer<NetlinkWriter> body) {
            NetlinkWriter w = new NetlinkWriter(256);
            w.beginMessage(type, flags);
            body.accept(w);
            w.endMessage();
            queue.add(stamped(w));
            return this;
        }

        /** The ack of a successful request. */
        public Replies ack() {
            return error(0, null);
        }

        /** An NLMSG_ERROR with a positive errno, and the kernel's extended-ack text when not null. */
        public Replies error(int errno, String extAck) {
            NetlinkWriter w = new NetlinkWriter(128);
            int flags = Netlink.NLM_F_CAPPED | (extAck != null ? Netlink.NLM_F_ACK_TLVS : 0);
            w.beginMessage(Netlink.NLMSG_ERROR, flags).u32(-errno)
                    .u32(Netlink.HEADER_LENGTH + request.payload().remaining()).u16(request.type())
                    .u16(request.flags()).u32(request.sequence()).u32(request.portId());
            if (extAck != null) {
                w.putString(Netlink.NLMSGERR_ATTR_MSG, extAck);
            }
            w.endMessage();
            queue.add(stamped(w));
            return this;
        }

        /** The end of a dump; {@code interrupted} sets NLM_F_DUMP_INTR as a concurrent change would. */
        public Replies done(boolean interrupted) {
            NetlinkWriter w = new NetlinkWriter(64);
            w.beginMessage(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI | (interrupted ? Netlink.NLM_F_DUMP_INTR : 0))
                    .u32(0).endMessage();
            queue.add(stamped(w));
            return this;
        }

        private byte[] stamped(NetlinkWriter w) {
            w.stamp(0, 0, request.sequence(), request.portId());
            ByteBuffer frames = w.frames();
            byte[] out = new byte[frames.remaining()];
            frames.get(out);
            return out;
        }
    }
}
