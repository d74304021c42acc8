package dev.hadirector.kernel.netlink;

import dev.hadirector.kernel.NativeBuffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Builds one or more netlink messages, back to back, in a reusable direct buffer ready to send.
 *
 * <p>Lengths and padding are never written by hand: {@link #endMessage()} and {@link #endNested(int)}
 * patch the length fields and every attribute is padded to 4 bytes. Nesting is checked: a nested attribute
 * must be closed by the token its {@link #beginNested(int)} returned, innermost first, and a message cannot
 * end while a nest is open. Everything is in host byte order (as netlink is) except the explicit
 * {@code Be} methods.
 *
 * <p>Sequence numbers and port ids are left 0; the connection stamps them when it sends.
 */
public final class NetlinkWriter {
    private static final int MAX_DEPTH = 16;

    private NativeBuffer native_;
    private ByteBuffer buf;
    private int messageStart = -1;
    private final int[] nestStack = new int[MAX_DEPTH];
    private int depth;
    private int[] messageOffsets = new int[16];
    private int messageCount;

    public NetlinkWriter() {
        this(4096);
    }

    public NetlinkWriter(int initialCapacity) {
        native_ = new NativeBuffer(Math.max(64, initialCapacity));
        buf = native_.buffer();
    }

    /** Forgets every message, keeping the buffer. */
    public NetlinkWriter clear() {
        buf.clear();
        messageStart = -1;
        depth = 0;
        messageCount = 0;
        return this;
    }

    /** Starts a message; {@code flags} are the request's own (REQUEST and ACK are added by the connection). */
    public NetlinkWriter beginMessage(int type, int flags) {
        if (messageStart >= 0) {
            throw new IllegalStateException("beginMessage: message at offset " + messageStart + " is not ended");
        }
        ensure(Netlink.HEADER_LENGTH);
        messageStart = buf.position();
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
        if (messageCount == messageOffsets.length) {
            messageOffsets = Arrays.copyOf(messageOffsets, messageCount * 2);
        }
        messageOffsets[messageCount++] = messageStart;
        return this;
    }

    /** Ends the current message: patches nlmsg_len and pads to 4 bytes. */
    public NetlinkWriter endMessage() {
        requireMessage("endMessage");
        if (depth != 0) {
            throw new IllegalStateException("endMessage: " + depth + " nested attribute(s) still open");
        }
        buf.putInt(messageStart, buf.position() - messageStart);
        pad();
        messageStart = -1;
        return this;
    }

    // ---- raw bytes of a family header (genlmsghdr, ifaddrmsg, ...) ----

    public NetlinkWriter u8(int value) {
        requireMessage("u8");
        ensure(1);
        buf.put((byte) value);
        return this;
    }

    public NetlinkWriter u16(int value) {
        requireMessage("u16");
        ensure(2);
        buf.putShort((short) value);
        return this;
    }

    public NetlinkWriter u32(int value) {
        requireMessage("u32");
        ensure(4);
        buf.putInt(value);
        return this;
    }

    public NetlinkWriter bytes(byte[] value) {
        requireMessage("bytes");
        ensure(value.length);
        buf.put(value);
        return this;
    }

    public NetlinkWriter zeros(int count) {
        requireMessage("zeros");
        ensure(count);
        for (int i = 0; i < count; i++) {
            buf.put((byte) 0);
        }
        return this;
    }

    // ---- attributes ----

    public NetlinkWriter putU8(int type, int value) {
        header(type, 1);
        buf.put((byte) value);
        pad();
        return this;
    }

    public NetlinkWriter putU16(int type, int value) {
        header(type, 2);
        buf.putShort((short) value);
        pad();
        return this;
    }

    /** A 16-bit value in network byte order (ports in IPVS, for example). */
    public NetlinkWriter putBe16(int type, int value) {
        header(type, 2);
        buf.put((byte) (value >>> 8)).put((byte) value);
        pad();
        return this;
    }

    public NetlinkWriter putU32(int type, int value) {
        header(type, 4);
        buf.putInt(value);
        pad();
        return this;
    }

    /** A 32-bit value in network byte order. */
    public NetlinkWriter putBe32(int type, int value) {
        header(type, 4);
        buf.put((byte) (value >>> 24)).put((byte) (value >>> 16)).put((byte) (value >>> 8)).put((byte) value);
        pad();
        return this;
    }

    public NetlinkWriter putU64(int type, long value) {
        header(type, 8);
        buf.putLong(value);
        pad();
        return this;
    }

    /** A NUL-terminated string, as the kernel's NLA_NUL_STRING and NLA_STRING policies accept. */
    public NetlinkWriter putString(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        header(type, bytes.length + 1);
        buf.put(bytes).put((byte) 0);
        pad();
        return this;
    }

    public NetlinkWriter putBytes(int type, byte[] value) {
        return putBytes(type, value, 0, value.length);
    }

    public NetlinkWriter putBytes(int type, byte[] value, int offset, int length) {
        header(type, length);
        buf.put(value, offset, length);
        pad();
        return this;
    }

    /** A flag attribute: present means true, no payload. */
    public NetlinkWriter putFlag(int type) {
        header(type, 0);
        return this;
    }

    /**
     * Opens a nested attribute and returns the token that closes it. {@code type} is written as given:
     * OR in {@link Netlink#NLA_F_NESTED} for families that validate it strictly.
     */
    public int beginNested(int type) {
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("beginNested: more than " + MAX_DEPTH + " levels of nesting");
        }
        int start = buf.position();
        header(type, 0);
        nestStack[depth++] = start;
        return start;
    }

    /** Closes the innermost nested attribute; {@code token} must be the one its begin returned. */
    public NetlinkWriter endNested(int token) {
        if (depth == 0 || nestStack[depth - 1] != token) {
            throw new IllegalStateException("endNested: token " + token + " is not the innermost open nest"
                    + (depth == 0 ? " (none open)" : " (" + nestStack[depth - 1] + ")"));
        }
        depth--;
        int length = buf.position() - token;
        if (length > 0xffff) {
            throw new IllegalStateException("nested attribute of " + length + " bytes exceeds the 65535 limit");
        }
        buf.putShort(token, (short) length);
        return this;
    }

    /** A nested attribute whose content {@code body} writes; nesting cannot be left unbalanced. */
    public NetlinkWriter nested(int type, Consumer<NetlinkWriter> body) {
        int token = beginNested(type);
        body.accept(this);
        return endNested(token);
    }

    // ---- access for the connection ----

    public int messageCount() {
        return messageCount;
    }

    public int messageOffset(int index) {
        checkIndex(index);
        return messageOffsets[index];
    }

    public int messageLength(int index) {
        checkIndex(index);
        return buf.getInt(messageOffsets[index]);
    }

    public int messageFlags(int index) {
        checkIndex(index);
        return buf.getShort(messageOffsets[index] + 6) & 0xffff;
    }

    public int messageType(int index) {
        checkIndex(index);
        return buf.getShort(messageOffsets[index] + 4) & 0xffff;
    }

    void stamp(int index, int extraFlags, int sequence, int portId) {
        int at = messageOffset(index);
        buf.putShort(at + 6, (short) (messageFlags(index) | extraFlags));
        buf.putInt(at + 8, sequence);
        buf.putInt(at + 12, portId);
    }

    /** Bytes written so far (all messages must be ended). */
    public int length() {
        if (messageStart >= 0) {
            throw new IllegalStateException("message at offset " + messageStart + " is not ended");
        }
        return buf.position();
    }

    /** The native buffer holding the frames, valid until the next write. */
    public NativeBuffer nativeBuffer() {
        return native_;
    }

    /** A read-only copy-free view of everything written, for tests and fakes. */
    public ByteBuffer frames() {
        ByteBuffer view = buf.duplicate().order(ByteOrder.nativeOrder());
        view.flip();
        return view.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    }

    // ---- internals ----

    private void header(int type, int payloadLength) {
        requireMessage("attribute " + type);
        int length = Netlink.NLA_HEADER_LENGTH + payloadLength;
        if (length > 0xffff) {
            throw new IllegalArgumentException("attribute " + type + " of " + payloadLength
                    + " bytes exceeds the 65535 limit");
        }
        ensure(Netlink.align(length));
        buf.putShort((short) length).putShort((short) type);
    }

    private void pad() {
        int padding = Netlink.align(buf.position()) - buf.position();
        ensure(padding);
        for (int i = 0; i < padding; i++) {
            buf.put((byte) 0);
        }
    }

    private void requireMessage(String what) {
        if (messageStart < 0) {
            throw new IllegalStateException(what + ": no message begun");
        }
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= messageCount) {
            throw new IndexOutOfBoundsException("message " + index + " of " + messageCount);
        }
    }

    private void ensure(int more) {
        if (buf.remaining() >= more) {
            return;
        }
        int needed = buf.position() + more;
        int capacity = buf.capacity();
        while (capacity < needed) {
            capacity *= 2;
        }
        NativeBuffer bigger = new NativeBuffer(capacity);
        ByteBuffer old = buf.duplicate();
        old.flip();
        bigger.buffer().put(old);
        native_ = bigger;
        buf = bigger.buffer();
    }
}
