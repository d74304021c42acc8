package dev.hadirector.kernel.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hadirector.kernel.rtnetlink.IpAddresses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Options are validated before any socket exists, so these need no privilege. */
class RawIpSocketOptionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0|255|veth0|protocol 0 out of range: must be 1..254",
            "255|255|veth0|protocol 255 out of range: must be 1..254",
            "112|0|veth0|hopLimit 0 out of range: must be 1..255",
            "112|255|veth0:1|interface name \"veth0:1\" contains ':': not allowed in interface names",
            "112|255|averyveryverylongname|interface name \"averyveryverylongname\" must be 1..15 bytes",
    })
    void rejectsBadOptions(int protocol, int hopLimit, String device, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RawIpSocket.ipv4(protocol).hopLimit(hopLimit).device(device).open());
        assertEquals(message, e.getMessage());
    }

    @Test
    void groupsMustBeMulticastOfTheSocketsFamilyAndNeedADevice() {
        assertEquals("group 10.0.0.1 is not an IPv4 multicast address", assertThrows(IllegalArgumentException.class,
                () -> RawIpSocket.ipv4(112).device("eth0").joinGroup(IpAddresses.parse("10.0.0.1")).open()).getMessage());
        assertEquals("group 224.0.0.18 is not an IPv6 multicast address", assertThrows(IllegalArgumentException.class,
                () -> RawIpSocket.ipv6(112).device("eth0").joinGroup(IpAddresses.parse("224.0.0.18")).open()).getMessage());
        assertEquals("group 224.0.0.18 needs a device to join it on: call device(ifname)",
                assertThrows(IllegalArgumentException.class,
                        () -> RawIpSocket.ipv4(112).joinGroup(IpAddresses.parse("224.0.0.18")).open()).getMessage());
        assertEquals("trafficClass 256 out of range: must be 0..255", assertThrows(IllegalArgumentException.class,
                () -> RawIpSocket.ipv6(112).trafficClass(256).open()).getMessage());
        assertEquals("maxPayload 70000 out of range: must be 1..65535", assertThrows(IllegalArgumentException.class,
                () -> RawIpSocket.ipv4(112).maxPayload(70_000).open()).getMessage());
    }
}
