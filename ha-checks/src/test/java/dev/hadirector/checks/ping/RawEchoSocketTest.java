package dev.hadirector.checks.ping;

import static dev.hadirector.checks.support.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.testkit.Rig;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** PING_CHECK through real raw sockets (root), to the loopback addresses only. */
class RawEchoSocketTest {

    @Test
    void loopbackAnswersIcmpAndIcmpv6Echo() throws Exception {
        Rig.requireRoot();
        try (IoReactor reactor = IoReactor.start("raw-ping-test", 1);
             EchoService service = new EchoService(reactor.next(), new RawEchoSocketFactory())) {
            PingChecker checker = new PingChecker(HealthCheck.ping().connectTimeout(Duration.ofSeconds(10)).build(), service);
            CheckResult v4 = await(checker.attempt(new CheckTarget(InetAddress.getByName("127.0.0.1"), 0)));
            assertTrue(v4.success(), v4.reason());
            assertTrue(v4.reason().startsWith("echo reply from 127.0.0.1 in "), v4.reason());
            CheckResult v6 = await(checker.attempt(new CheckTarget(InetAddress.getByName("::1"), 0)));
            assertTrue(v6.success(), v6.reason());
            assertTrue(v6.reason().startsWith("echo reply from ::1 in "), v6.reason());
            CheckResult again = await(checker.attempt(new CheckTarget(InetAddress.getByName("127.0.0.1"), 0)));
            assertTrue(again.success(), "the socket is reused: " + again.reason());
        }
    }
}
