package dev.hadirector.vrrp.codec;

import java.nio.ByteBuffer;

/**
 * A flyweight over one VRRP message (the IP payload) in a {@link ByteBuffer}: reads and writes the fields of
 * RFC 3768 (version 2) and RFC 5798 (version 3) in network byte order with absolute accesses, so neither the
 * buffer's position nor its byte order matter and nothing is allocated per packet.
 *
 * <pre>
 *  v3:  |Version| Type  | Virtual Rtr ID|   Priority    |Count IPvX Addr|
 *       |(rsvd) |     Max Adver Int     |          Checksum             |
 *       |                 IPvX Address(es) (4 or 16 octets each)        |
 *  v2:  |Version| Type  | Virtual Rtr ID|   Priority    | Count IP Addrs|
 *       |   Auth Type   |   Adver Int   |          Checksum             |
 *       |                 IPv4 Address(es)                              |
 *       |                 Authentication Data (8 octets)                |
 * </pre>
 *
 * The family is not in the message; it comes from the IP header, so {@link #wrap} takes the address length.
 * Accessors do not check bounds beyond the buffer's own: call {@link #completeLength()} against the received
 * length first (the {@code AdvertValidator} does).
 */
public final class VrrpPacket {
    public static final int HEADER_LENGTH = 8;
    public static final int AUTH_DATA_LENGTH = 8;
    public static final int TYPE_ADVERTISEMENT = 1;
    /** The IP protocol number / IPv6 next header of VRRP. */
    public static final int IP_PROTOCOL = 112;
    public static final int IPV4_ADDRESS_LENGTH = 4;
    public static final int IPV6_ADDRESS_LENGTH = 16;
    /** v2 Auth Type values (RFC 3768 5.3.6; 1 was later deprecated but keepalived's PASS still uses it). */
    public static final int AUTH_NONE = 0;
    public static final int AUTH_SIMPLE_PASSWORD = 1;
    public static final int AUTH_IP_AH = 2;
    /** v3's Max Adver Int is 12 bits of centiseconds. */
    public static final int MAX_V3_INTERVAL_CENTIS = 0x0fff;

    private static final int OFF_VERSION_TYPE = 0;
    private static final int OFF_VRID = 1;
    private static final int OFF_PRIORITY = 2;
    private static final int OFF_COUNT = 3;
    private static final int OFF_AUTH_TYPE = 4;
    private static final int OFF_INTERVAL_V2 = 5;
    private static final int OFF_INTERVAL_V3 = 4;
    private static final int OFF_CHECKSUM = 6;
    private static final int OFF_ADDRESSES = 8;

    private ByteBuffer buffer;
    private int offset;
    private int length;
    private int addressLength;

    /**
     * Points the flyweight at {@code length} bytes of {@code buffer} from absolute {@code offset}.
     *
     * @param addressLength 4 when the message came in (or goes out) over IPv4, 16 over IPv6
     */
    public VrrpPacket wrap(ByteBuffer buffer, int offset, int length, int addressLength) {
        if (addressLength != IPV4_ADDRESS_LENGTH && addressLength != IPV6_ADDRESS_LENGTH) {
            throw new IllegalArgumentException("addressLength " + addressLength + " invalid: must be 4 or 16");
        }
        if (offset < 0 || length < 0 || offset + length > buffer.capacity()) {
            throw new IndexOutOfBoundsException("offset " + offset + " length " + length + " outside buffer of "
                    + buffer.capacity());
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.addressLength = addressLength;
        return this;
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    /** The length given to {@link #wrap}: what was received, or the room available when writing. */
    public int length() {
        return length;
    }

    public int addressLength() {
        return addressLength;
    }

    // ---- reading ----

    public int version() {
        return (u8(OFF_VERSION_TYPE) >>> 4) & 0x0f;
    }

    public int type() {
        return u8(OFF_VERSION_TYPE) & 0x0f;
    }

    public int virtualRouterId() {
        return u8(OFF_VRID);
    }

    public int priority() {
        return u8(OFF_PRIORITY);
    }

    public int addressCount() {
        return u8(OFF_COUNT);
    }

    /** v2 only: the Auth Type octet. */
    public int authType() {
        return u8(OFF_AUTH_TYPE);
    }

    /** The raw interval field: seconds (v2, 8 bits) or centiseconds (v3, 12 bits). */
    public int advertIntervalField() {
        return version() == 2 ? u8(OFF_INTERVAL_V2) : u16(OFF_INTERVAL_V3) & MAX_V3_INTERVAL_CENTIS;
    }

    /** The advert interval in nanoseconds, from the version's unit. */
    public long advertIntervalNanos() {
        long field = advertIntervalField();
        return version() == 2 ? field * 1_000_000_000L : field * 10_000_000L;
    }

    /** v3 only: the 4 reserved bits before Max Adver Int (must be sent as zero, ignored on receipt). */
    public int reservedBits() {
        return (u8(OFF_INTERVAL_V3) >>> 4) & 0x0f;
    }

    public int checksum() {
        return u16(OFF_CHECKSUM);
    }

    /**
     * The length a complete message of this version and address count has: 8 + count x address length, plus
     * 8 octets of authentication data for v2. Only meaningful once {@link #length()} is at least 8.
     */
    public int completeLength() {
        int base = HEADER_LENGTH + addressCount() * addressLength;
        return version() == 2 ? base + AUTH_DATA_LENGTH : base;
    }

    /** Copies address {@code index} into {@code dst} (of the address length). */
    public void copyAddress(int index, byte[] dst) {
        int at = offset + OFF_ADDRESSES + index * addressLength;
        for (int i = 0; i < addressLength; i++) {
            dst[i] = buffer.get(at + i);
        }
    }

    /** True when address {@code index} equals {@code address} (of the address length); allocation free. */
    public boolean addressEquals(int index, byte[] address) {
        int at = offset + OFF_ADDRESSES + index * addressLength;
        for (int i = 0; i < addressLength; i++) {
            if (buffer.get(at + i) != address[i]) {
                return false;
            }
        }
        return true;
    }

    /** v2: whether the 8 octets of authentication data equal {@code expected} (8 octets, zero-padded). */
    public boolean authDataEquals(byte[] expected) {
        int at = authDataOffset();
        for (int i = 0; i < AUTH_DATA_LENGTH; i++) {
            if (buffer.get(at + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    // ---- writing ----

    public VrrpPacket versionAndType(int version, int type) {
        return put8(OFF_VERSION_TYPE, ((version & 0x0f) << 4) | (type & 0x0f));
    }

    public VrrpPacket virtualRouterId(int vrid) {
        return put8(OFF_VRID, vrid);
    }

    public VrrpPacket priority(int priority) {
        return put8(OFF_PRIORITY, priority);
    }

    public VrrpPacket addressCount(int count) {
        return put8(OFF_COUNT, count);
    }

    /** v2: sets Auth Type. */
    public VrrpPacket authType(int authType) {
        return put8(OFF_AUTH_TYPE, authType);
    }

    /** Sets the interval field for the version already written: seconds (v2) or centiseconds (v3, reserved bits 0). */
    public VrrpPacket advertIntervalField(int value) {
        if (version() == 2) {
            return put8(OFF_INTERVAL_V2, value);
        }
        return put16(OFF_INTERVAL_V3, value & MAX_V3_INTERVAL_CENTIS);
    }

    public VrrpPacket checksum(int checksum) {
        return put16(OFF_CHECKSUM, checksum);
    }

    public VrrpPacket putAddress(int index, byte[] address) {
        int at = offset + OFF_ADDRESSES + index * addressLength;
        for (int i = 0; i < addressLength; i++) {
            buffer.put(at + i, address[i]);
        }
        return this;
    }

    /** v2: writes the 8 octets of authentication data (the caller pads to 8). */
    public VrrpPacket authData(byte[] data8) {
        int at = authDataOffset();
        for (int i = 0; i < AUTH_DATA_LENGTH; i++) {
            buffer.put(at + i, data8[i]);
        }
        return this;
    }

    // ---- checksums ----

    /**
     * v2 (RFC 3768 5.3.8): the checksum over the whole VRRP message (with the checksum field taken as zero),
     * no pseudo-header. Uses {@link #completeLength()} octets.
     */
    public int computeChecksumV2() {
        long sum = InternetChecksum.add(0, buffer, offset, OFF_CHECKSUM);
        sum = InternetChecksum.add(sum, buffer, offset + OFF_CHECKSUM + 2, completeLength() - OFF_CHECKSUM - 2);
        return InternetChecksum.finish(sum);
    }

    /**
     * v3 (RFC 5798 5.2.8): the checksum over a pseudo-header and the whole message (checksum field taken as
     * zero). Over IPv4 the pseudo-header is source, destination, zero, protocol 112, 16-bit length; over
     * IPv6 (RFC 8200 8.1) it is source, destination, 32-bit length, three zero octets, next header 112 - both
     * sum to the same words, so one routine serves.
     */
    public int computeChecksumV3(byte[] source, byte[] destination) {
        int messageLength = completeLength();
        long sum = InternetChecksum.add(0, source);
        sum = InternetChecksum.add(sum, destination);
        sum = InternetChecksum.addWord(sum, IP_PROTOCOL);
        sum = InternetChecksum.addWord(sum, messageLength);
        sum = InternetChecksum.add(sum, buffer, offset, OFF_CHECKSUM);
        sum = InternetChecksum.add(sum, buffer, offset + OFF_CHECKSUM + 2, messageLength - OFF_CHECKSUM - 2);
        return InternetChecksum.finish(sum);
    }

    /** Writes the correct checksum for the version already written ({@code source}/{@code destination} only used by v3). */
    public VrrpPacket updateChecksum(byte[] source, byte[] destination) {
        return checksum(version() == 2 ? computeChecksumV2() : computeChecksumV3(source, destination));
    }

    /** True when the checksum field is right for the version ({@code source}/{@code destination} only used by v3). */
    public boolean checksumValid(byte[] source, byte[] destination) {
        int expected = version() == 2 ? computeChecksumV2() : computeChecksumV3(source, destination);
        return expected == checksum();
    }

    private int authDataOffset() {
        return offset + OFF_ADDRESSES + addressCount() * addressLength;
    }

    private int u8(int at) {
        return buffer.get(offset + at) & 0xff;
    }

    private int u16(int at) {
        return ((buffer.get(offset + at) & 0xff) << 8) | (buffer.get(offset + at + 1) & 0xff);
    }

    private VrrpPacket put8(int at, int value) {
        buffer.put(offset + at, (byte) value);
        return this;
    }

    private VrrpPacket put16(int at, int value) {
        buffer.put(offset + at, (byte) (value >>> 8));
        buffer.put(offset + at + 1, (byte) value);
        return this;
    }
}
