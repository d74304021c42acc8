package dev.hadirector.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.CheckTiming;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.TcpCheck;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.schedule.HealthCheckScheduler;
import dev.hadirector.checks.schedule.SystemTaskScheduler;
import dev.hadirector.checks.tcp.TcpChecker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * 2,000 TCP checks at a 1 s interval against one loopback server: they complete rounds with a
 * fixed, small number of threads. Asserts thread counts and completed rounds, never durations.
 */
class ScaleSmokeTest {

    private static final int CHECKS = 2_000;
    private static final int IO_THREADS = 2;

    @Test
    void twoThousandChecksRunOnABoundedNumberOfThreads() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            Thread acceptor = new Thread(() -> {
                while (server.isOpen()) {
                    try (SocketChannel c = server.accept()) {
                        c.getClass();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "scale-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();

            int baseline = threads.getThreadCount();
            threads.resetPeakThreadCount();
            List<HealthEvent> events = new CopyOnWriteArrayList<>();
            List<HealthCheckScheduler.ScheduledCheck> checks = new ArrayList<>();
            try (IoReactor reactor = IoReactor.start("scale-io", IO_THREADS);
                 SystemTaskScheduler time = new SystemTaskScheduler("scale-checks")) {
                HealthCheckScheduler scheduler = new HealthCheckScheduler(time, new Random(1), events::add);
                TcpCheck spec = HealthCheck.tcp().every(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(10))
                        .alpha(true).build();
                CheckTiming timing = spec.timing();
                TcpChecker checker = new TcpChecker(spec, reactor);
                CheckTarget target = new CheckTarget(InetAddress.getLoopbackAddress(), port);
                for (int i = 0; i < CHECKS; i++) {
                    checks.add(scheduler.start("rs-" + i, target, timing, checker));
                }
                // A hang guard only: the assertion is on rounds and threads, not on how long they took.
                for (int i = 0; i < 1200 && checks.stream().anyMatch(c -> c.rounds() < 3); i++) {
                    Thread.sleep(100);
                }
                int peak = threads.getPeakThreadCount();
                assertTrue(checks.stream().allMatch(c -> c.rounds() >= 3), "every check completed three rounds");
                assertTrue(checks.stream().allMatch(c -> c.state() == HealthState.UP), "every server is up");
                assertEquals(CHECKS, events.stream().filter(e -> e.to() == HealthState.UP).count(),
                        "one alpha DOWN->UP transition per check");
                // IO loops + scheduler thread, plus a little slack for JVM housekeeping threads.
                assertTrue(peak <= baseline + IO_THREADS + 1 + 6,
                        "peak threads " + peak + " with a baseline of " + baseline + " for " + CHECKS + " checks");
                checks.forEach(HealthCheckScheduler.ScheduledCheck::stop);
            }
        }
    }
}
