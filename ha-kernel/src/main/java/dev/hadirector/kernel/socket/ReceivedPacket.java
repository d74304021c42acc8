package dev.hadirector.kernel.socket;

import dev.hadirector.kernel.NativeBuffer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One packet received by a {@link RawIpSocket}, in a holder reused for every receive so the packet path
 * allocates nothing: the payload (the protocol's bytes, without the IP header) lies in {@link #buffer()} from
 * {@link #payloadOffset()} for {@link #payloadLength()} bytes; addresses are copied into arrays owned here.
 * Everything is overwritten by the next receive into the same holder.
 */
public final class ReceivedPacket {
    private final NativeBuffer data;
    private final byte[] source = new byte[16];
    private final byte[] destination = new byte[16];
    private int addressLength;
    private int payloadOffset;
    private int payloadLength;
    private int hopLimit = -1;
    private int interfaceIndex;
    private int trafficClass = -1;

    /** A holder for packets of up to {@code capacity} bytes (IP header included for IPv4). */
    public ReceivedPacket(int capacity) {
        this.data = new NativeBuffer(capacity);
    }

    public ReceivedPacket() {
        this(65_536);
    }

    NativeBuffer data() {
        return data;
    }

    void set(int addressLength, int payloadOffset, int payloadLength, int hopLimit, int interfaceIndex,
             int trafficClass) {
        this.trafficClass = trafficClass;
        this.addressLength = addressLength;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.hopLimit = hopLimit;
        this.interfaceIndex = interfaceIndex;
    }

    byte[] sourceBytes() {
        return source;
    }

    byte[] destinationBytes() {
        return destination;
    }

    /** The buffer holding the payload (native byte order; read network-order fields byte by byte). */
    public ByteBuffer buffer() {
        return data.buffer();
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** TTL (IPv4) or hop limit (IPv6) the packet arrived with; -1 when the kernel did not report it. */
    public int hopLimit() {
        return hopLimit;
    }

    /** The IPv4 TOS byte or IPv6 traffic class the packet arrived with; -1 when the kernel did not report it. */
    public int trafficClass() {
        return trafficClass;
    }

    /** The interface it arrived on; 0 when unknown. */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** 4 for IPv4, 16 for IPv6. */
    public int addressLength() {
        return addressLength;
    }

    /** Copies the source address into {@code into} (4 or 16 bytes) without allocating. */
    public void sourceAddress(byte[] into) {
        System.arraycopy(source, 0, into, 0, addressLength);
    }

    public void destinationAddress(byte[] into) {
        System.arraycopy(destination, 0, into, 0, addressLength);
    }

    /** True when the source address equals {@code address} (4 or 16 bytes); no allocation. */
    public boolean sourceIs(byte[] address) {
        return address.length == addressLength && Arrays.equals(source, 0, addressLength, address, 0, addressLength);
    }

    /** The source as an InetAddress (allocates; for logs and tests). */
    public InetAddress sourceAddress() {
        return toInet(source);
    }

    /** The destination as an InetAddress (allocates; for logs and tests). */
    public InetAddress destinationAddress() {
        return toInet(destination);
    }

    /** A copy of the payload (allocates; for logs and tests). */
    public byte[] payload() {
        byte[] out = new byte[payloadLength];
        data.buffer().get(payloadOffset, out, 0, payloadLength);
        return out;
    }

    private InetAddress toInet(byte[] raw) {
        try {
            byte[] copy = Arrays.copyOf(raw, addressLength);
            return addressLength == 16 ? java.net.Inet6Address.getByAddress(null, copy, -1)
                    : InetAddress.getByAddress(copy);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("no packet received into this holder yet");
        }
    }
}
