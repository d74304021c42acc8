package dev.hadirector.kernel.netlink;

import dev.hadirector.kernel.NativeBuffer;

/**
 * The datagram pipe under a {@link NetlinkConnection}: the kernel socket in production
 * ({@link NetlinkSocket}), a scripted fake in unit tests.
 */
public interface NetlinkTransport extends AutoCloseable {

    /** Sends {@code length} bytes from {@code offset} of {@code frames} as one datagram to the kernel. */
    void send(NativeBuffer frames, int offset, int length);

    /**
     * Receives one datagram into {@code into} from offset 0 and returns its length, or -1 when nothing
     * arrived within {@code timeoutMillis}. A datagram longer than the buffer is an error, not truncation.
     */
    int receive(NativeBuffer into, int timeoutMillis);

    /** The port id the kernel gave this socket (0 for fakes that do not care). */
    int portId();

    @Override
    void close();
}
