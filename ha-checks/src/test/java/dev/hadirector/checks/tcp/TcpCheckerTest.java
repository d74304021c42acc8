package dev.hadirector.checks.tcp;

import static dev.hadirector.checks.support.Loopback.await;
import static dev.hadirector.checks.support.Loopback.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.support.Loopback;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpCheckerTest {

    private final IoReactor reactor = IoReactor.start("tcp-test", 1);

    @AfterEach
    void stop() {
        reactor.close();
    }

    @Test
    void upWhenSomethingListens() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CheckResult r = await(new TcpChecker(HealthCheck.tcp().build(), reactor).attempt(target(server.getLocalPort())));
            assertTrue(r.success(), r.reason());
            assertEquals("connected to 127.0.0.1:" + server.getLocalPort(), r.reason());
        }
    }

    @Test
    void downWhenNothingListens() throws Exception {
        int port = Loopback.closedPort();
        CheckResult r = await(new TcpChecker(HealthCheck.tcp().build(), reactor).attempt(target(port)));
        assertFalse(r.success());
        assertEquals("connection refused by 127.0.0.1:" + port, r.reason());
    }

    @Test
    void connectPortOverridesTheRealServersPort() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var spec = HealthCheck.tcp().connectPort(server.getLocalPort()).bindTo("127.0.0.1").build();
            CheckResult r = await(new TcpChecker(spec, reactor).attempt(target(Loopback.closedPort())));
            assertTrue(r.success(), r.reason());
        }
    }

    @Test
    void aFullAcceptQueueCostsATimeoutNotAThread() throws Exception {
        // Linux drops SYNs while a listener's accept queue is full, so the connect hangs.
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
                        fillers.add(s);
                    } catch (java.io.IOException queueFull) {
                        s.close();
                        break;
                    }
                }
                var spec = HealthCheck.tcp().connectTimeout(Duration.ofMillis(300)).build();
                CheckResult r = await(new TcpChecker(spec, reactor).attempt(target(server.getLocalPort())));
                assertFalse(r.success());
                assertEquals("connect timeout after 300 ms to 127.0.0.1:" + server.getLocalPort(), r.reason());
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void ipv6LoopbackWorks() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        try (ServerSocket server = new ServerSocket(0, 50, v6)) {
            var target = new dev.hadirector.checks.CheckTarget(v6, server.getLocalPort());
            CheckResult r = await(new TcpChecker(HealthCheck.tcp().build(), reactor).attempt(target));
            assertTrue(r.success(), r.reason());
            assertEquals("connected to [::1]:" + server.getLocalPort(), r.reason());
        }
        int closedPort;
        try (ServerSocket released = new ServerSocket(0, 1, v6)) {
            closedPort = released.getLocalPort();
        }
        var closedTarget = new dev.hadirector.checks.CheckTarget(v6, closedPort);
        assertEquals("connection refused by [::1]:" + closedPort,
                await(new TcpChecker(HealthCheck.tcp().build(), reactor).attempt(closedTarget)).reason());
    }
}
