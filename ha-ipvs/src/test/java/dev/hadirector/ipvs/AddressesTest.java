package dev.hadirector.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "fe80:0:0:0:0:0:0:abcd, fe80::abcd",
        "10.1.2.3, 10.1.2.3",
    })
    void printsAddressesAsInetNtop(String in, String expected) throws Exception {
        assertEquals(expected, Addresses.text(InetAddress.getByName(in)));
    }

    @ParameterizedTest
    @CsvSource({"1.2.3, is not an IPv4 dotted quad", "1.2.3.4.5, is not an IPv4 dotted quad",
        "01234.1.1.1, must be 0..255", "1:::2, is not an IPv6 literal", "example.com, is not an IPv4"})
    void parsesOnlyLiterals(String in, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Addresses.parse("addr", in));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0xffffff00, 255.255.255.0", "0xff00ff00, 255.0.255.0", "0x0, 0.0.0.0"})
    void ipv4Masks(String hex, String text) {
        assertEquals(text, Addresses.ipv4Mask(Integer.parseUnsignedInt(hex.substring(2), 16)));
    }
}
