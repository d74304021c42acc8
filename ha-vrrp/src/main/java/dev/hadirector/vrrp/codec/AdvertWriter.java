package dev.hadirector.vrrp.codec;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Writes the adverts of one VRRP instance. Everything that does not change between adverts (version, VRID,
 * address list, password) is prepared once, so writing an advert allocates nothing.
 */
public final class AdvertWriter {
    private final int version;
    private final int virtualRouterId;
    private final int addressLength;
    private final byte[][] addresses;
    private final int authType;
    private final byte[] authData;
    private final int length;
    private final VrrpPacket packet = new VrrpPacket();

    /**
     * @param version         2 or 3
     * @param virtualRouterId 1..255
     * @param addresses       the virtual addresses carried (all of one family)
     * @param authPass        v2 only: keepalived's PASS authentication, up to 8 ASCII characters
     */
    public AdvertWriter(int version, int virtualRouterId, List<InetAddress> addresses, Optional<String> authPass) {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("version " + version + " invalid: must be 2 or 3");
        }
        if (addresses.isEmpty() || addresses.size() > 255) {
            throw new IllegalArgumentException("address count " + addresses.size() + " out of range: must be 1..255");
        }
        this.version = version;
        this.virtualRouterId = virtualRouterId;
        this.addresses = addresses.stream().map(InetAddress::getAddress).toArray(byte[][]::new);
        this.addressLength = this.addresses[0].length;
        for (byte[] a : this.addresses) {
            if (a.length != addressLength) {
                throw new IllegalArgumentException("addresses mix IPv4 and IPv6: one advert carries one family");
            }
        }
        if (version == 2 && addressLength != VrrpPacket.IPV4_ADDRESS_LENGTH) {
            throw new IllegalArgumentException("VRRP version 2 carries IPv4 only (RFC 3768)");
        }
        if (authPass.isPresent() && version != 2) {
            throw new IllegalArgumentException("authentication exists in VRRP version 2 only");
        }
        this.authType = authPass.isPresent() ? VrrpPacket.AUTH_SIMPLE_PASSWORD : VrrpPacket.AUTH_NONE;
        this.authData = authPass.map(AdvertWriter::authData).orElse(new byte[VrrpPacket.AUTH_DATA_LENGTH]);
        int base = VrrpPacket.HEADER_LENGTH + this.addresses.length * addressLength;
        this.length = version == 2 ? base + VrrpPacket.AUTH_DATA_LENGTH : base;
    }

    /** keepalived's PASS data: the password's ASCII bytes, zero-padded to 8 octets. */
    public static byte[] authData(String pass) {
        byte[] bytes = pass.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > VrrpPacket.AUTH_DATA_LENGTH) {
            throw new IllegalArgumentException("authPass of length " + bytes.length + " too long: at most 8 octets");
        }
        byte[] data = new byte[VrrpPacket.AUTH_DATA_LENGTH];
        System.arraycopy(bytes, 0, data, 0, bytes.length);
        return data;
    }

    /** The length of every advert this writer produces. */
    public int length() {
        return length;
    }

    public int addressLength() {
        return addressLength;
    }

    /**
     * Writes one advert at absolute {@code offset} of {@code buffer}.
     *
     * @param intervalField seconds (v2) or centiseconds (v3)
     * @param source        the IP source, for the v3 pseudo-header (ignored by v2)
     * @param destination   the IP destination, for the v3 pseudo-header (ignored by v2)
     * @return the number of bytes written
     */
    public int write(ByteBuffer buffer, int offset, int priority, int intervalField, byte[] source, byte[] destination) {
        packet.wrap(buffer, offset, length, addressLength)
                .versionAndType(version, VrrpPacket.TYPE_ADVERTISEMENT)
                .virtualRouterId(virtualRouterId)
                .priority(priority)
                .addressCount(addresses.length);
        if (version == 2) {
            packet.authType(authType);
        }
        packet.advertIntervalField(intervalField).checksum(0);
        for (int i = 0; i < addresses.length; i++) {
            packet.putAddress(i, addresses[i]);
        }
        if (version == 2) {
            packet.authData(authData);
        }
        packet.updateChecksum(source, destination);
        return length;
    }
}
