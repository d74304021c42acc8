package dev.hadirector.checks.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DnsCodecTest {

    @Test
    void queryBytesAreRfc1035() {
        ByteBuffer b = ByteBuffer.allocate(512);
        int n = DnsCodec.writeQuery(b, 0xbeef, "www.Example.test.", 28);
        byte[] expected = {(byte) 0xbe, (byte) 0xef, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
                3, 'w', 'w', 'w', 7, 'E', 'x', 'a', 'm', 'p', 'l', 'e', 4, 't', 'e', 's', 't', 0, 0, 28, 0, 1};
        assertArrayEquals(expected, Arrays.copyOf(b.array(), n));
    }

    @Test
    void readsItsOwnQueryBack() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(512);
        int n = DnsCodec.writeQuery(b, 7, "mail.example.test", 15);
        DnsCodec.Answer a = DnsCodec.read(ByteBuffer.wrap(b.array(), 0, n));
        assertEquals(new DnsCodec.Answer(7, false, 0, "mail.example.test", 15, java.util.List.of()), a);
    }

    @Test
    void truncatedRecordIsMalformed() {
        ByteBuffer b = ByteBuffer.allocate(512);
        int n = DnsCodec.writeQuery(b, 7, "a.test", 1);
        byte[] bytes = Arrays.copyOf(b.array(), n);
        bytes[7] = 1;
        DnsCodec.MalformedException e = assertThrows(DnsCodec.MalformedException.class,
                () -> DnsCodec.read(ByteBuffer.wrap(bytes)));
        assertEquals("name runs past the end of the message", e.getMessage());
    }

    @Test
    void anyBytesEitherParseOrAreMalformedNeverCrash() throws Exception {
        java.util.Random random = new java.util.Random(20261129);
        ByteBuffer q = ByteBuffer.allocate(512);
        int n = DnsCodec.writeQuery(q, 1, "www.example.test", 1);
        byte[] valid = Arrays.copyOf(q.array(), n + 16);
        valid[2] = (byte) 0x81;
        valid[7] = 1;
        byte[] record = {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 1};
        System.arraycopy(record, 0, valid, n, record.length);
        assertEquals("10.0.0.1", DnsCodec.read(ByteBuffer.wrap(valid)).answers().get(0).value());
        int parsed = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes;
            if (round % 2 == 0) {
                bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
            } else {
                bytes = valid.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
            try {
                DnsCodec.read(ByteBuffer.wrap(bytes));
                parsed++;
            } catch (DnsCodec.MalformedException expected) {
                // refused with a reason: fine
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(parsed > 0, "some inputs still parse");
    }
}
