package dev.hadirector.kernel.packet;

import java.nio.ByteBuffer;

/**
 * Flyweight over an Ethernet frame carrying an ARP packet for IPv4 (RFC 826): 14 bytes of Ethernet header and
 * 28 of ARP, all fields big-endian and written byte by byte, so it works on a buffer of any byte order and
 * allocates nothing. Wrap a reused buffer, write or read fields, send the first {@link #LENGTH} bytes.
 */
public final class ArpFrame {
    public static final int LENGTH = 42;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int HARDWARE_ETHERNET = 1;
    public static final int OPERATION_REQUEST = 1;
    public static final int OPERATION_REPLY = 2;

    private static final int ETH_DESTINATION = 0;
    private static final int ETH_SOURCE = 6;
    private static final int ETH_TYPE = 12;
    private static final int ARP = 14;
    private static final int HARDWARE_TYPE = ARP;
    private static final int PROTOCOL_TYPE = ARP + 2;
    private static final int HARDWARE_LENGTH = ARP + 4;
    private static final int PROTOCOL_LENGTH = ARP + 5;
    private static final int OPERATION = ARP + 6;
    private static final int SENDER_HARDWARE = ARP + 8;
    private static final int SENDER_PROTOCOL = ARP + 14;
    private static final int TARGET_HARDWARE = ARP + 18;
    private static final int TARGET_PROTOCOL = ARP + 24;

    private ByteBuffer buf;
    private int offset;
    private int length;

    /** Points at a frame of {@code length} bytes at {@code offset}; at least {@link #LENGTH} are needed. */
    public ArpFrame wrap(ByteBuffer buffer, int offset, int length) {
        if (offset < 0 || length < LENGTH || offset + length > buffer.capacity()) {
            throw new IllegalArgumentException("ARP frame of " + length + " bytes at offset " + offset
                    + " in a buffer of " + buffer.capacity() + ": needs " + LENGTH + " bytes inside the buffer");
        }
        this.buf = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Points at a buffer to write a frame into, from offset 0. */
    public ArpFrame wrap(ByteBuffer buffer) {
        return wrap(buffer, 0, buffer.capacity());
    }

    /**
     * Writes a gratuitous ARP announcing that {@code ip} is at {@code mac}: a broadcast ARP request with
     * sender and target protocol address both {@code ip}, as VRRP masters (and keepalived) send on takeover.
     * The target hardware address is all ones; receivers ignore it in a request.
     */
    public ArpFrame gratuitousRequest(byte[] mac, byte[] ip) {
        requireLength(mac, 6, "mac");
        requireLength(ip, 4, "ip");
        fill(ETH_DESTINATION, (byte) 0xff, 6);
        put(ETH_SOURCE, mac);
        etherType(ETHERTYPE_ARP);
        hardwareType(HARDWARE_ETHERNET);
        protocolType(ETHERTYPE_IPV4);
        buf.put(offset + HARDWARE_LENGTH, (byte) 6);
        buf.put(offset + PROTOCOL_LENGTH, (byte) 4);
        operation(OPERATION_REQUEST);
        put(SENDER_HARDWARE, mac);
        put(SENDER_PROTOCOL, ip);
        fill(TARGET_HARDWARE, (byte) 0xff, 6);
        put(TARGET_PROTOCOL, ip);
        return this;
    }

    /** True when this frame is an ARP packet for IPv4 over Ethernet (the only kind this codec reads). */
    public boolean isEthernetIpv4Arp() {
        return etherType() == ETHERTYPE_ARP && hardwareType() == HARDWARE_ETHERNET
                && protocolType() == ETHERTYPE_IPV4 && hardwareLength() == 6 && protocolLength() == 4;
    }

    /** A request or reply whose sender and target protocol addresses are equal. */
    public boolean isGratuitous() {
        for (int i = 0; i < 4; i++) {
            if (buf.get(offset + SENDER_PROTOCOL + i) != buf.get(offset + TARGET_PROTOCOL + i)) {
                return false;
            }
        }
        return true;
    }

    public int length() {
        return length;
    }

    /** Copies the field into {@code into} (no allocation). */
    public void destinationMacInto(byte[] into) {
        get(ETH_DESTINATION, into, 6);
    }

    public ArpFrame destinationMac(byte[] mac) {
        requireLength(mac, 6, "destination mac");
        put(ETH_DESTINATION, mac);
        return this;
    }

    /** Copies the field into {@code into} (no allocation). */
    public void sourceMacInto(byte[] into) {
        get(ETH_SOURCE, into, 6);
    }

    public ArpFrame sourceMac(byte[] mac) {
        requireLength(mac, 6, "source mac");
        put(ETH_SOURCE, mac);
        return this;
    }

    public int etherType() {
        return u16(ETH_TYPE);
    }

    public ArpFrame etherType(int type) {
        u16(ETH_TYPE, type);
        return this;
    }

    public int hardwareType() {
        return u16(HARDWARE_TYPE);
    }

    public ArpFrame hardwareType(int type) {
        u16(HARDWARE_TYPE, type);
        return this;
    }

    public int protocolType() {
        return u16(PROTOCOL_TYPE);
    }

    public ArpFrame protocolType(int type) {
        u16(PROTOCOL_TYPE, type);
        return this;
    }

    public int hardwareLength() {
        return buf.get(offset + HARDWARE_LENGTH) & 0xff;
    }

    public int protocolLength() {
        return buf.get(offset + PROTOCOL_LENGTH) & 0xff;
    }

    public int operation() {
        return u16(OPERATION);
    }

    public ArpFrame operation(int op) {
        u16(OPERATION, op);
        return this;
    }

    /** Copies the field into {@code into} (no allocation). */
    public void senderHardwareInto(byte[] into) {
        get(SENDER_HARDWARE, into, 6);
    }

    public ArpFrame senderHardware(byte[] mac) {
        requireLength(mac, 6, "sender hardware address");
        put(SENDER_HARDWARE, mac);
        return this;
    }

    /** Sender protocol address as a big-endian int (10.0.0.1 = 0x0a000001). */
    public int senderProtocol() {
        return u32(SENDER_PROTOCOL);
    }

    /** Copies the field into {@code into} (no allocation). */
    public void senderProtocolInto(byte[] into) {
        get(SENDER_PROTOCOL, into, 4);
    }

    public ArpFrame senderProtocol(byte[] ip) {
        requireLength(ip, 4, "sender protocol address");
        put(SENDER_PROTOCOL, ip);
        return this;
    }

    /** Copies the field into {@code into} (no allocation). */
    public void targetHardwareInto(byte[] into) {
        get(TARGET_HARDWARE, into, 6);
    }

    public ArpFrame targetHardware(byte[] mac) {
        requireLength(mac, 6, "target hardware address");
        put(TARGET_HARDWARE, mac);
        return this;
    }

    public int targetProtocol() {
        return u32(TARGET_PROTOCOL);
    }

    /** Copies the field into {@code into} (no allocation). */
    public void targetProtocolInto(byte[] into) {
        get(TARGET_PROTOCOL, into, 4);
    }

    public ArpFrame targetProtocol(byte[] ip) {
        requireLength(ip, 4, "target protocol address");
        put(TARGET_PROTOCOL, ip);
        return this;
    }

    private int u16(int at) {
        return ((buf.get(offset + at) & 0xff) << 8) | (buf.get(offset + at + 1) & 0xff);
    }

    private void u16(int at, int value) {
        buf.put(offset + at, (byte) (value >>> 8)).put(offset + at + 1, (byte) value);
    }

    private int u32(int at) {
        return (u16(at) << 16) | u16(at + 2);
    }

    private void put(int at, byte[] bytes) {
        buf.put(offset + at, bytes, 0, bytes.length);
    }

    private void get(int at, byte[] into, int count) {
        requireLength(into, count, "destination array");
        buf.get(offset + at, into, 0, count);
    }

    private void fill(int at, byte value, int count) {
        for (int i = 0; i < count; i++) {
            buf.put(offset + at + i, value);
        }
    }

    private static void requireLength(byte[] bytes, int length, String what) {
        if (bytes.length != length) {
            throw new IllegalArgumentException(what + " of " + bytes.length + " bytes: must be " + length);
        }
    }
}
