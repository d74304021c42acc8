package dev.hadirector.kernel.rtnetlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MacAddressTest {

    @Test
    void parsesFormatsAndComparesByValue() {
        MacAddress mac = MacAddress.parse("02:AA:bb:0c:dd:ee");
        assertEquals("02:aa:bb:0c:dd:ee", mac.toString());
        assertEquals(MacAddress.of(new byte[]{2, (byte) 0xaa, (byte) 0xbb, 12, (byte) 0xdd, (byte) 0xee}), mac);
        assertNotEquals(MacAddress.parse("02:aa:bb:0c:dd:ef"), mac);
        byte[] copy = mac.toBytes();
        copy[0] = 9;
        assertEquals(2, mac.get(0), "the value is immutable");
        assertArrayEquals(new byte[]{2, (byte) 0xaa, (byte) 0xbb, 12, (byte) 0xdd, (byte) 0xee}, mac.toBytes());
    }

    @Test
    void rejectsMalformedText() {
        assertEquals("link-layer address \"02:aa:b:0c:dd:ee\": byte 3 \"b\" must be two hex digits",
                assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02:aa:b:0c:dd:ee")).getMessage());
        assertEquals("link-layer address \"02:zz:bb:0c:dd:ee\": byte 2 \"zz\" is not hex",
                assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02:zz:bb:0c:dd:ee")).getMessage());
        assertEquals("link-layer address of 0 bytes: must be 1..32 bytes",
                assertThrows(IllegalArgumentException.class, () -> MacAddress.of(new byte[0])).getMessage());
    }
}
