package dev.hadirector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import org.junit.jupiter.api.Test;

class AddressTextTest {

    @Test
    void ipv6IsPrintedAsRfc5952() {
        assertEquals("2001:db8::1", AddressText.format(AddressText.parse("a", "2001:0db8:0:0:0:0:0:1")));
        assertEquals("::1", AddressText.format(AddressText.parse("a", "::1")));
        assertEquals("::", AddressText.format(AddressText.parse("a", "::")));
        // a single zero group is not shortened; of two equal runs the first is
        assertEquals("2001:db8:0:1:1:1:1:1", AddressText.format(AddressText.parse("a", "2001:db8:0:1:1:1:1:1")));
        assertEquals("2001:0:0:1::1", AddressText.format(AddressText.parse("a", "2001:0:0:1:0:0:0:1")));
        assertEquals("1::1:0:0:1", AddressText.format(AddressText.parse("a", "1:0:0:0:1:0:0:1")));
    }

    @Test
    void endpointsBracketIpv6() {
        assertEquals("10.0.0.1:80", AddressText.endpoint(AddressText.parse("a", "10.0.0.1"), 80));
        assertEquals("[fd00::5]:8080", AddressText.endpoint(AddressText.parse("a", "[fd00::5]"), 8080));
    }

    @Test
    void onlyLiteralsAreAcceptedAndErrorsNameTheField() {
        IllegalArgumentException octet = assertThrows(IllegalArgumentException.class,
                () -> AddressText.parse("real server address", "10.0.0.256"));
        assertEquals("real server address \"10.0.0.256\": octet \"256\" must be 0..255", octet.getMessage());
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> AddressText.parse("virtual server address", "localhost"));
        assertTrue(name.getMessage().startsWith("virtual server address \"localhost\" is not"), name.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AddressText.parse("f", "1:::2"));
        assertThrows(IllegalArgumentException.class, () -> AddressText.parse("f", ""));
        assertTrue(AddressText.parse("f", "::ffff:10.0.0.1") instanceof Inet6Address, "mapped literal stays IPv6");
    }
}
