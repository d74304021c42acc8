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
}
