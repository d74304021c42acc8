package dev.hadirector.kernel.rtnetlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterfaceAddressTest {

    @Test
    void defaultsFollowIpAddrAdd() {
        assertEquals(Rtnetlink.RT_SCOPE_UNIVERSE, InterfaceAddress.builder("10.0.0.1/8", 2).build().scope());
        assertEquals(Rtnetlink.RT_SCOPE_HOST, InterfaceAddress.builder("127.0.0.2/8", 1).build().scope());
        assertEquals(Rtnetlink.RT_SCOPE_LINK, InterfaceAddress.builder("fe80::1/64", 2).build().scope());
        InterfaceAddress v6 = InterfaceAddress.builder("fd00::1/64", 2).noDad().build();
        assertTrue(v6.isIpv6());
        assertEquals(Rtnetlink.IFA_F_NODAD, v6.flags());
        assertEquals("fd00:0:0:0:0:0:0:1/64", v6.cidr());
    }

    @Test
    void ipv4MappedTextStaysIpv6() {
        InterfaceAddress a = InterfaceAddress.builder(IpAddresses.fromBytes(new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                (byte) 0xff, (byte) 0xff, 10, 0, 0, 1}), 96, 3).build();
        assertTrue(a.address() instanceof Inet6Address);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.1/33|1|prefixLength 33 of 10.0.0.1 out of range: must be 0..32",
            "fd00::1/129|1|prefixLength 129 of fd00:0:0:0:0:0:0:1 out of range: must be 0..128",
            "10.0.0.1/24|0|interfaceIndex 0 of 10.0.0.1 out of range: must be positive",
            "10.0.0.1|1|address \"10.0.0.1\": missing /prefix length",
            "10.0.0.256/24|1|address \"10.0.0.256\": part 256 must be 0..255",
            "example.com/24|1|address \"example.com\" is not an IPv4 dotted quad or IPv6 literal",
            "10.0.0.1/x|1|address \"10.0.0.1/x\": prefix length \"x\" is not a number",
            "fd00::zz/64|1|address \"fd00::zz\" is not a valid IPv6 literal",
    })
    void rejectsBadInputNamingFieldValueAndRule(String cidr, int index, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InterfaceAddress.builder(cidr, index).build());
        assertEquals(message, e.getMessage());
    }

    @Test
    void labelsAreCheckedAtBuildTime() {
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> InterfaceAddress.builder("10.0.0.1/24", 2).label("veth0:abcdefghij").build());
        assertEquals("label \"veth0:abcdefghij\" of 10.0.0.1 has 16 bytes: must be 1..15", tooLong.getMessage());
        IllegalArgumentException v6 = assertThrows(IllegalArgumentException.class,
                () -> InterfaceAddress.builder("fd00::1/64", 2).label("x").build());
        assertEquals("label \"x\" on IPv6 address fd00:0:0:0:0:0:0:1: labels exist only for IPv4", v6.getMessage());
    }
}
