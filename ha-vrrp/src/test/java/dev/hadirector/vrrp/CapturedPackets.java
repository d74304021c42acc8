package dev.hadirector.vrrp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads VRRP packets out of a tcpdump capture (classic pcap, Ethernet link type): the IP metadata the
 * validator needs and the VRRP payload. Tolerates a last record that tcpdump has not finished writing.
 */
final class CapturedPackets {
    record Packet(int ttl, byte[] source, byte[] destination, byte[] payload) {
    }

    private CapturedPackets() {
    }

    static List<Packet> read(byte[] file) {
        List<Packet> out = new ArrayList<>();
        if (file.length < 24) {
            return out;
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
            if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
                throw new IllegalArgumentException("not a pcap file: magic " + Integer.toHexString(magic));
            }
        }
        int linkType = b.getInt(20);
        if (linkType != 1) {
            throw new IllegalArgumentException("link type " + linkType + " unsupported: expected Ethernet (1)");
        }
        int at = 24;
        while (at + 16 <= file.length) {
            int captured = b.getInt(at + 8);
            int start = at + 16;
            if (captured < 0 || start + captured > file.length) {
                break;
            }
            Packet p = ethernet(Arrays.copyOfRange(file, start, start + captured));
            if (p != null) {
                out.add(p);
            }
            at = start + captured;
        }
        return out;
    }

    private static Packet ethernet(byte[] frame) {
        if (frame.length < 14) {
            return null;
        }
        int etherType = ((frame[12] & 0xff) << 8) | (frame[13] & 0xff);
        byte[] ip = Arrays.copyOfRange(frame, 14, frame.length);
        if (etherType == 0x0800 && ip.length >= 20) {
            int ihl = (ip[0] & 0x0f) * 4;
            int total = ((ip[2] & 0xff) << 8) | (ip[3] & 0xff);
            if ((ip[9] & 0xff) != 112 || total > ip.length || ihl > total) {
                return null;
            }
            return new Packet(ip[8] & 0xff, Arrays.copyOfRange(ip, 12, 16), Arrays.copyOfRange(ip, 16, 20),
                    Arrays.copyOfRange(ip, ihl, total));
        }
        if (etherType == 0x86dd && ip.length >= 40) {
            int payloadLength = ((ip[4] & 0xff) << 8) | (ip[5] & 0xff);
            if ((ip[6] & 0xff) != 112 || 40 + payloadLength > ip.length) {
                return null;
            }
            return new Packet(ip[7] & 0xff, Arrays.copyOfRange(ip, 8, 24), Arrays.copyOfRange(ip, 24, 40),
                    Arrays.copyOfRange(ip, 40, 40 + payloadLength));
        }
        return null;
    }
}
