package dev.hadirector.checks.udp;

import static dev.hadirector.checks.support.Loopback.await;
import static dev.hadirector.checks.support.Loopback.target;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.UdpCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.support.UdpTestServer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UdpCheckerTest {

    private final IoReactor reactor = IoReactor.start("udp-test", 1);

    @AfterEach
    void stop() {
        reactor.close();
    }

    private CheckResult check(UdpCheck spec, int port) {
        return await(new UdpChecker(spec, reactor).attempt(target(port)));
    }

    private static int closedUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    @Test
    void payloadIsSentAndAMatchingReplyPasses() throws Exception {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        try (UdpTestServer server = new UdpTestServer(request -> {
            received.add(request);
            return new byte[] {(byte) 0xab, 0x12, 0x7f, 0x00};
        })) {
            CheckResult r = check(HealthCheck.udp().payload("dead beef").requireReply("ab1x").build(), server.port());
            assertTrue(r.success(), r.reason());
            assertArrayEquals(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}, received.get(0));
        }
    }

    @Test
    void replyDifferingFromThePatternFails() throws Exception {
        try (UdpTestServer server = new UdpTestServer(request -> new byte[] {0x01, 0x02})) {
            CheckResult r = check(HealthCheck.udp().payload("00").requireReply("0103").build(), server.port());
            assertEquals("UDP reply from 127.0.0.1:" + server.port() + " differs from the expected 0103 at byte 1 (got 02)",
                    r.reason());
        }
    }

    @Test
    void replyLengthOutsideTheBoundsFails() throws Exception {
        try (UdpTestServer server = new UdpTestServer(request -> new byte[300])) {
            CheckResult r = check(HealthCheck.udp().requireReply().build(), server.port());
            assertEquals("UDP reply of 300 bytes from 127.0.0.1:" + server.port() + " outside 0..255", r.reason());
        }
    }

    @Test
    void icmpPortUnreachableFails() throws Exception {
        int port = closedUdpPort();
        CheckResult r = check(HealthCheck.udp().connectTimeout(Duration.ofSeconds(5)).build(), port);
        assertEquals("ICMP port unreachable from 127.0.0.1:" + port, r.reason());
    }

    @Test
    void silenceWithoutRequireReplyPasses() throws Exception {
        try (UdpTestServer server = new UdpTestServer(request -> null)) {
            CheckResult r = check(HealthCheck.udp().connectTimeout(Duration.ofMillis(300)).build(), server.port());
            assertTrue(r.success(), r.reason());
            assertEquals("no ICMP unreachable from 127.0.0.1:" + server.port() + " within 300 ms", r.reason());
        }
    }

    @Test
    void silenceWithRequireReplyFails() throws Exception {
        try (UdpTestServer server = new UdpTestServer(request -> null)) {
            CheckResult r = check(HealthCheck.udp().requireReply().connectTimeout(Duration.ofMillis(300)).build(), server.port());
            assertEquals("no UDP reply from 127.0.0.1:" + server.port() + " within 300 ms", r.reason());
        }
    }

    @Test
    void randomPayloadWhenNoneIsGiven() throws Exception {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        try (UdpTestServer server = new UdpTestServer(request -> {
            received.add(request);
            return request;
        })) {
            UdpCheck spec = HealthCheck.udp().requireReply().build();
            assertTrue(check(spec, server.port()).success());
            assertTrue(check(spec, server.port()).success());
        }
        assertEquals(16, received.get(0).length);
        assertTrue(!java.util.Arrays.equals(received.get(0), received.get(1)), "each attempt draws a new payload");
    }

    @Test
    void icmpv6PortUnreachableFails() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        int port;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(v6, 0))) {
            port = s.getLocalPort();
        }
        CheckResult r = await(new UdpChecker(HealthCheck.udp().connectTimeout(Duration.ofSeconds(5)).build(), reactor)
                .attempt(new dev.hadirector.checks.CheckTarget(v6, port)));
        assertEquals("ICMP port unreachable from [::1]:" + port, r.reason());
    }
}
