package dev.hadirector.checks.io;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** The bytes received on one connection so far, up to a limit. */
public final class Inbox {

    private final int limit;
    private static final byte[] NOTHING = new byte[0];

    /** Allocated on the first bytes: most TCP checks never receive any. */
    private byte[] bytes = NOTHING;
    private int length;

    public Inbox(int limit) {
        this.limit = limit;
    }

    /** Appends what {@code source} has left; false when the limit would be passed. */
    boolean append(ByteBuffer source) {
        int n = source.remaining();
        if (length + n > limit) {
            return false;
        }
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(Math.max(1024, bytes.length * 2), length + n)));
        }
        source.get(bytes, length, n);
        length += n;
        return true;
    }

    public int length() {
        return length;
    }

    public int limit() {
        return limit;
    }

    public byte byteAt(int index) {
        return bytes[index];
    }

    /** Bytes [from, from + count) into {@code target} at {@code offset}. */
    public void copyTo(int from, byte[] target, int offset, int count) {
        if (from < 0 || count < 0 || from + count > length) {
            throw new IndexOutOfBoundsException("bytes [" + from + ", " + (from + count) + ") of " + length + " received");
        }
        System.arraycopy(bytes, from, target, offset, count);
    }

    /** A copy of bytes [from, to). */
    public byte[] copy(int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    /** Index of the first occurrence of {@code pattern} at or after {@code from}, or -1. */
    public int indexOf(byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i + pattern.length <= length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Forgets the first {@code n} bytes (a consumed line, for instance). */
    public void discard(int n) {
        System.arraycopy(bytes, n, bytes, 0, length - n);
        length -= n;
    }
}
