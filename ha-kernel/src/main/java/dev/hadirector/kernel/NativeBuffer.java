package dev.hadirector.kernel;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A direct buffer together with its native address, allocated once and reused for every call, so the
 * packet path allocates nothing. The buffer is in native byte order (what netlink and socket structs use);
 * wire formats in network order set their own order on a duplicate or write bytes explicitly.
 */
public final class NativeBuffer {
    private final ByteBuffer buffer;
    private final long address;

    public NativeBuffer(int capacity) {
        this.buffer = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
        this.address = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    public int capacity() {
        return buffer.capacity();
    }

    /** Address of byte {@code offset}; bounds-checked because a wrong address here is memory corruption. */
    public long address(int offset) {
        if (offset < 0 || offset > buffer.capacity()) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside buffer of " + buffer.capacity());
        }
        return address + offset;
    }

    public long address() {
        return address;
    }

    /** Address of a direct buffer created elsewhere (the caller keeps it reachable during the call). */
    public static long addressOf(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("buffer must be direct");
        }
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }
}
