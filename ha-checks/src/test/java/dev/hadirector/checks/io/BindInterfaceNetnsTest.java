package dev.hadirector.checks.io;

import static dev.hadirector.checks.support.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.HostPort;
import dev.hadirector.checks.http.HttpChecker;
import dev.hadirector.checks.http.TlsContexts;
import dev.hadirector.checks.ping.EchoService;
import dev.hadirector.checks.ping.PingChecker;
import dev.hadirector.checks.ping.RawEchoSocketFactory;
import dev.hadirector.checks.tcp.TcpChecker;
import dev.hadirector.checks.udp.UdpChecker;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bind_if in network namespaces: the client has two links, and its preferred route to the server's address leads
 * over link viaA to a host that drops everything; only link viaB reaches the server. A check bound to viaB is up,
 * the same check without bind_if (or bound to viaA) is down. The IPv6 link-local server is reachable only with
 * bind_if, as keepalived documents.
 */
class BindInterfaceNetnsTest {

    private static final String SERVICE = "10.61.9.9";
    private static final String SERVER_LINK_LOCAL = "fe80::b";
    private static final int HTTP_PORT = 8080;
    private static final int UDP_PORT = 5353;
    private static final Duration TIMEOUT = Duration.ofMillis(1_500);

    private static NetLab lab;
    private static NetNamespace clientNamespace;
    private static IoReactor reactor;
    private static EchoService echo;

    @BeforeAll
    static void build() throws Exception {
        Rig.requireCommand("python3");
        lab = NetLab.create();
        try {
            lab.host("client").host("server").host("dead");
            lab.pair("client", "viaA", "dead", "a0");
            lab.pair("client", "viaB", "server", "b0");
            lab.addAddress("client", "viaA", "10.61.1.1/24").addAddress("dead", "a0", "10.61.1.2/24");
            lab.addAddress("client", "viaB", "10.61.2.1/24").addAddress("server", "b0", "10.61.2.2/24");
            lab.addAddress("server", "lo", SERVICE + "/32");
            lab.addAddress("client", "viaB", "fe80::a/64").addAddress("server", "b0", SERVER_LINK_LOCAL + "/64");
            // the preferred route leads into the dead end; the one over viaB only counts for sockets bound to viaB
            lab.exec("client", "ip", "route", "add", SERVICE + "/32", "via", "10.61.1.2", "dev", "viaA", "metric", "100")
                    .ok();
            lab.exec("client", "ip", "route", "add", SERVICE + "/32", "via", "10.61.2.2", "dev", "viaB", "metric", "200")
                    .ok();
            lab.spawn("server", "python3", "-u", "-m", "http.server", "--bind", "::", Integer.toString(HTTP_PORT));
            var udp = lab.spawn("server", "python3", "-u", "-c", "import socket\n"
                    + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                    + "s.bind(('" + SERVICE + "', " + UDP_PORT + "))\n"
                    + "print('ready', flush=True)\n"
                    + "while True:\n"
                    + "    data, peer = s.recvfrom(2048)\n"
                    + "    s.sendto(data, peer)\n");
            udp.awaitOutput(line -> line.contains("ready"), Duration.ofSeconds(30)).orElseThrow();
            waitForHttp();
            clientNamespace = NetNamespace.named(lab.nsName("client"));
            // threads started inside the namespace stay there: every check socket opens in the client's namespace
            reactor = clientNamespace.call(() -> IoReactor.start("bind-if-test", 1));
            echo = new EchoService(reactor.next(), new RawEchoSocketFactory());
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    private static void waitForHttp() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (lab.exec("server", "python3", "-c", "import socket; socket.create_connection(('" + SERVICE + "', "
                    + HTTP_PORT + "), 1).close()").succeeded()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the HTTP server in the server namespace did not listen");
    }

    @AfterAll
    static void stop() {
        if (echo != null) {
            echo.close();
        }
        if (reactor != null) {
            reactor.close();
        }
        if (clientNamespace != null) {
            clientNamespace.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private static CheckTarget target(String ip, int port) throws Exception {
        return new CheckTarget(InetAddress.getByName(ip), port);
    }

    @Test
    void tcpLeavesByTheNamedInterface() throws Exception {
        CheckResult bound = await(new TcpChecker(HealthCheck.tcp().connectTimeout(TIMEOUT).bindInterface("viaB")
                .build(), reactor).attempt(target(SERVICE, HTTP_PORT)));
        assertTrue(bound.success(), bound.reason());
        CheckResult routed = await(new TcpChecker(HealthCheck.tcp().connectTimeout(TIMEOUT).build(), reactor)
                .attempt(target(SERVICE, HTTP_PORT)));
        assertFalse(routed.success(), "the route leads into the dead end: " + routed.reason());
        CheckResult wrong = await(new TcpChecker(HealthCheck.tcp().connectTimeout(TIMEOUT).bindInterface("viaA")
                .build(), reactor).attempt(target(SERVICE, HTTP_PORT)));
        assertFalse(wrong.success(), wrong.reason());
    }

    @Test
    void httpWithBindToAndBindPortAlsoLeavesByTheInterface() throws Exception {
        CheckResult r = await(new HttpChecker(HealthCheck.http("/").connectTimeout(TIMEOUT).bindInterface("viaB")
                .bindTo("10.61.2.1").bindPort(40_123).build(), reactor, new TlsContexts(null))
                .attempt(target(SERVICE, HTTP_PORT)));
        assertTrue(r.success(), r.reason());
    }

    @Test
    void udpLeavesByTheNamedInterface() throws Exception {
        CheckResult bound = await(new UdpChecker(HealthCheck.udp().payload("68 69").requireReply("68 69")
                .connectTimeout(TIMEOUT).bindInterface("viaB").build(), reactor).attempt(target(SERVICE, UDP_PORT)));
        assertTrue(bound.success(), bound.reason());
        CheckResult routed = await(new UdpChecker(HealthCheck.udp().payload("68 69").requireReply("68 69")
                .connectTimeout(TIMEOUT).build(), reactor).attempt(target(SERVICE, UDP_PORT)));
        assertFalse(routed.success(), routed.reason());
    }

    @Test
    void pingLeavesByTheNamedInterface() throws Exception {
        CheckResult bound = await(new PingChecker(HealthCheck.ping().connectTimeout(TIMEOUT).bindInterface("viaB")
                .build(), echo).attempt(target(SERVICE, 0)));
        assertTrue(bound.success(), bound.reason());
        CheckResult routed = await(new PingChecker(HealthCheck.ping().connectTimeout(TIMEOUT).build(), echo)
                .attempt(target(SERVICE, 0)));
        assertFalse(routed.success(), routed.reason());
    }

    @Test
    void anIpv6LinkLocalServerIsReachedOnlyWithBindIf() throws Exception {
        CheckResult bound = await(new TcpChecker(HealthCheck.tcp().connectTimeout(TIMEOUT).bindInterface("viaB")
                .build(), reactor).attempt(target(SERVER_LINK_LOCAL, HTTP_PORT)));
        assertTrue(bound.success(), bound.reason());
        CheckResult unbound = await(new TcpChecker(HealthCheck.tcp().connectTimeout(TIMEOUT).build(), reactor)
                .attempt(target(SERVER_LINK_LOCAL, HTTP_PORT)));
        assertFalse(unbound.success(), unbound.reason());
    }

    @Test
    void anUnknownInterfaceFailsTheAttemptNamingItAndTheErrno() throws Exception {
        CheckResult r = await(new TcpChecker(HealthCheck.tcp().connectTimeout(TIMEOUT).bindInterface("nosuch0")
                .build(), reactor).attempt(target(SERVICE, HTTP_PORT)));
        assertFalse(r.success());
        assertTrue(r.reason().startsWith("bind_if nosuch0 failed: setsockopt SO_BINDTODEVICE nosuch0 on "), r.reason());
        assertTrue(r.reason().contains("ENODEV"), r.reason());
        assertTrue(r.reason().endsWith("(connecting to " + HostPort.format(new java.net.InetSocketAddress(target(SERVICE, HTTP_PORT).address(), HTTP_PORT)) + ")"),
                r.reason());
        assertEquals(0, reactor.registeredChannels(), "the failed socket is closed");
    }
}
