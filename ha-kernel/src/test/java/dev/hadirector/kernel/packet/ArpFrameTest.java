package dev.hadirector.kernel.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ArpFrameTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MAC = HEX.parseHex("02aabbccddee");
    private static final byte[] VIP = {(byte) 192, (byte) 168, 1, (byte) 200};

    @Test
    void gratuitousRequestByteForByte() {
        for (ByteOrder order : new ByteOrder[]{ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            ByteBuffer buf = ByteBuffer.allocateDirect(64).order(order);
            new ArpFrame().wrap(buf).gratuitousRequest(MAC, VIP);
            byte[] out = new byte[ArpFrame.LENGTH];
            buf.get(0, out);
            String expected = "ffffffffffff" + "02aabbccddee" + "0806"   // Ethernet: broadcast, source, ARP
                    + "0001" + "0800" + "06" + "04" + "0001"              // Ethernet/IPv4, request
                    + "02aabbccddee" + "c0a801c8"                         // sender = us, VIP
                    + "ffffffffffff" + "c0a801c8";                        // target = VIP
            assertEquals(expected, HEX.formatHex(out), "buffer order " + order);
        }
    }

    @Test
    void readsAReceivedFrameAtAnOffset() {
        byte[] reply = HEX.parseHex("0000" + "02aabbccddee" + "020000000001" + "0806" + "0001" + "0800" + "0604" + "0002"
                + "020000000001" + "0a000001" + "02aabbccddee" + "0a000002" + "00".repeat(18));
        ArpFrame f = new ArpFrame().wrap(ByteBuffer.wrap(reply), 2, reply.length - 2);
        assertTrue(f.isEthernetIpv4Arp());
        assertFalse(f.isGratuitous());
        assertEquals(ArpFrame.OPERATION_REPLY, f.operation());
        assertEquals(0x0a000001, f.senderProtocol());
        assertEquals(0x0a000002, f.targetProtocol());
        byte[] mac = new byte[6];
        f.senderHardwareInto(mac);
        assertEquals("020000000001", HEX.formatHex(mac));
        f.destinationMacInto(mac);
        assertArrayEquals(MAC, mac);
        f.etherType(0x86dd);
        assertFalse(f.isEthernetIpv4Arp());
    }

    @Test
    void rejectsShortBuffersAndWrongSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ArpFrame().wrap(ByteBuffer.allocate(41)));
        assertEquals("ARP frame of 41 bytes at offset 0 in a buffer of 41: needs 42 bytes inside the buffer", e.getMessage());
        ArpFrame f = new ArpFrame().wrap(ByteBuffer.allocate(60));
        e = assertThrows(IllegalArgumentException.class, () -> f.gratuitousRequest(new byte[5], VIP));
        assertEquals("mac of 5 bytes: must be 6", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> f.gratuitousRequest(MAC, new byte[16]));
        assertEquals("ip of 16 bytes: must be 4", e.getMessage());
    }
}
