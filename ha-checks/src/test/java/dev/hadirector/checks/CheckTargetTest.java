package dev.hadirector.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hadirector.api.HealthCheck;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckTargetTest {

    private final CheckTarget realServer = new CheckTarget(InetAddress.getByAddress(new byte[] {10, 0, 0, 2}), 80);

    CheckTargetTest() throws Exception {
    }

    @Test
    void defaultsToTheRealServer() {
        var endpoint = HealthCheck.tcp().build().endpoint();
        assertEquals(new InetSocketAddress("10.0.0.2", 80), realServer.connectAddress(endpoint));
        assertEquals(Optional.empty(), CheckTarget.bindAddress(endpoint));
    }

    @Test
    void overridesApplyOneByOne() {
        assertEquals(new InetSocketAddress("10.0.0.2", 8080),
                realServer.connectAddress(HealthCheck.tcp().connectPort(8080).build().endpoint()));
        assertEquals(new InetSocketAddress("127.0.0.1", 80),
                realServer.connectAddress(HealthCheck.tcp().connectIp("127.0.0.1").build().endpoint()));
        assertEquals(Optional.of(new InetSocketAddress("127.0.0.1", 4000)),
                CheckTarget.bindAddress(HealthCheck.tcp().bindTo("127.0.0.1").bindPort(4000).build().endpoint()));
        assertEquals(Optional.of(new InetSocketAddress(4000)),
                CheckTarget.bindAddress(HealthCheck.tcp().bindPort(4000).build().endpoint()));
    }

    @Test
    void mixedFamiliesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HealthCheck.tcp().connectIp("127.0.0.1").bindTo("::1").build());
        assertEquals("bindTo 0:0:0:0:0:0:0:1 does not match the address family of connectIp 127.0.0.1: both must be IPv4 or both IPv6",
                e.getMessage());
    }

    @Test
    void portOutOfRangeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CheckTarget(InetAddress.getLoopbackAddress(), 70000));
        assertEquals("port 70000 out of range: must be 0..65535", e.getMessage());
    }
}
