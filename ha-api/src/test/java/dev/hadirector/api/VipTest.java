package dev.hadirector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VipTest {

    @Test
    void parsesKeepalivedNotation() {
        Vip v = Vip.parse("192.168.1.200/24 dev eth1 label eth1:vip");
        assertEquals("192.168.1.200", v.address().getHostAddress());
        assertEquals(24, v.prefixLength());
        assertEquals(Optional.of("eth1"), v.dev());
        assertEquals(Optional.of("eth1:vip"), v.label());
        assertEquals("192.168.1.200/24 dev eth1 label eth1:vip", v.toString());
        assertEquals(32, Vip.parse("10.0.0.1").prefixLength());
        assertEquals(128, Vip.parse("2001:db8::1").prefixLength());
        assertTrue(Vip.parse("2001:db8::1/64").isIpv6());
        assertEquals(Vip.parse("10.0.0.1"), Vip.parse("  10.0.0.1/32  "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "10.0.0.256; address '10.0.0.256' invalid: IPv4 octet 256 out of range 0..255",
            "example.com; address 'example.com' invalid: must be an IPv4 or IPv6 literal (host names are not resolved)",
            "10.0.0.1/33; prefix length 33 of 10.0.0.1 out of range: must be 0..32",
            "2001:db8::1/129; prefix length 129 of 2001:db8:0:0:0:0:0:1 out of range: must be 0..128",
            "10.0.0.1/x; prefix 'x' of virtual address '10.0.0.1/x' invalid: must be a number 0..32",
            "10.0.0.1 dev; option 'dev' needs a value",
            "10.0.0.1 scope global; option 'scope' unknown: must be dev or label",
            "2001:db8::1 label x; label 'x' on 2001:db8:0:0:0:0:0:1 invalid: IPv6 addresses have no labels",
            "1:2:3:4:5:6:7:8:9; not an IPv6 literal",
            "::ffff:10.0.0.1; IPv4-mapped IPv6 literals are not accepted"})
    void refusesWithFieldValueAndRule(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Vip.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
