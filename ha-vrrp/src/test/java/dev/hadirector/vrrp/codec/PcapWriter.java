package dev.hadirector.vrrp.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The classic libpcap file format with LINKTYPE_RAW (101): each record is a bare IPv4 or IPv6 packet. */
final class PcapWriter implements AutoCloseable {
    private static final int MAGIC = 0xa1b2c3d4;
    private static final int LINKTYPE_RAW = 101;
    private final OutputStream out;
    private int seconds;

    PcapWriter(Path file) throws IOException {
        out = Files.newOutputStream(file);
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(MAGIC).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(LINKTYPE_RAW);
        out.write(h.array());
    }

    void write(byte[] packet) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(seconds++).putInt(0).putInt(packet.length).putInt(packet.length);
        out.write(h.array());
        out.write(packet);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** An IPv4 header (no options, TTL 255, protocol 112, DSCP CS6 as VRRP routers send) with its checksum. */
    static byte[] ipv4(byte[] src, byte[] dst, byte[] payload) {
        byte[] h = Frames.bytes(0x45, 0xc0, 0, 0, 0, 0, 0, 0, 255, 112, 0, 0);
        int total = 20 + payload.length;
        h[2] = (byte) (total >> 8);
        h[3] = (byte) total;
        byte[] header = Frames.concat(h, src, dst);
        int c = Frames.referenceChecksum(header);
        header[10] = (byte) (c >> 8);
        header[11] = (byte) c;
        return Frames.concat(header, payload);
    }

    /** An IPv6 header (hop limit 255, next header 112). */
    static byte[] ipv6(byte[] src, byte[] dst, byte[] payload) {
        byte[] h = Frames.bytes(0x60, 0, 0, 0, payload.length >> 8, payload.length & 0xff, 112, 255);
        return Frames.concat(h, src, dst, payload);
    }
}
