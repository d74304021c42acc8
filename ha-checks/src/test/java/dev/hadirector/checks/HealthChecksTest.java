package dev.hadirector.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.HealthCheck;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** End to end in real time: a server that goes away and comes back yields DOWN then UP, in order. */
class HealthChecksTest {

    private static HealthEvent next(LinkedBlockingQueue<HealthEvent> events) throws InterruptedException {
        HealthEvent e = events.poll(60, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no health event (hang guard)");
        }
        return e;
    }

    @Test
    void flappingServerGivesOrderedTransitions() throws Exception {
        LinkedBlockingQueue<HealthEvent> events = new LinkedBlockingQueue<>();
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = server.getLocalPort();
        try (HealthChecks checks = HealthChecks.builder(events::add).ioThreads(1).start()) {
            var spec = HealthCheck.tcp().every(Duration.ofMillis(50)).warmup(Duration.ZERO).retry(1)
                    .delayBeforeRetry(Duration.ofMillis(10)).fallAfter(2).riseAfter(2).alpha(true).build();
            var check = checks.add("VS1/RS1/TCP_CHECK", new CheckTarget(InetAddress.getLoopbackAddress(), port), spec);
            HealthEvent up = next(events);
            assertEquals(List.of(HealthState.DOWN, HealthState.UP), List.of(up.from(), up.to()));
            assertEquals("VS1/RS1/TCP_CHECK", up.checkId());
            server.close();
            HealthEvent down = next(events);
            assertEquals(List.of(HealthState.UP, HealthState.DOWN), List.of(down.from(), down.to()));
            assertEquals("connection refused by 127.0.0.1:" + port, down.reason());
            assertEquals(HealthState.DOWN, check.state());
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            HealthEvent back = next(events);
            assertEquals(HealthState.UP, back.to());
            check.stop();
        } finally {
            server.close();
        }
    }

    @Test
    void pingWithoutEchoSocketsIsRefusedWhenAdded() {
        try (HealthChecks checks = HealthChecks.builder(e -> { }).echoSockets(null).start()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> checks.add("p",
                    new CheckTarget(InetAddress.getLoopbackAddress(), 0), HealthCheck.ping().build()));
            assertTrue(e.getMessage().startsWith("PING_CHECK needs ICMP sockets"), e.getMessage());
        }
    }
}
