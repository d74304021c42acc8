package dev.hadirector.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void rfc5952Forms() throws Exception {
        assertEquals("[::1]:80", HostPort.format(InetAddress.getByName("::1"), 80));
        assertEquals("2001:db8::1", HostPort.address(InetAddress.getByName("2001:0db8:0:0:0:0:0:1")));
        assertEquals("2001:db8:0:1:1:1:1:1", HostPort.address(InetAddress.getByName("2001:db8:0:1:1:1:1:1")));
        assertEquals("2001:0:0:1::1", HostPort.address(InetAddress.getByName("2001:0:0:1:0:0:0:1")));
        assertEquals("::", HostPort.address(InetAddress.getByName("::")));
        assertEquals("fe80::", HostPort.address(InetAddress.getByName("fe80::")));
        assertEquals("10.0.0.1:443", HostPort.format(InetAddress.getByName("10.0.0.1"), 443));
    }
}
