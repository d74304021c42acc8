package dev.hadirector.checks.http;

import static dev.hadirector.checks.support.Loopback.await;
import static dev.hadirector.checks.support.Loopback.readRequestHead;
import static dev.hadirector.checks.support.Loopback.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.HttpCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.support.Loopback;
import dev.hadirector.checks.support.Loopback.RawServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpCheckerTest {

    private static final String PAGE = "<html>all good</html>\n";

    private final IoReactor reactor = IoReactor.start("http-test", 1);
    private final TlsContexts tls = new TlsContexts(null);
    private final List<String> hostHeaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger flapCount = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/ok", ex -> {
            hostHeaders.add(ex.getRequestHeaders().getFirst("Host"));
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/error", ex -> {
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.createContext("/flap", ex -> {
            ex.sendResponseHeaders(flapCount.getAndIncrement() % 2 == 0 ? 200 : 503, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        reactor.close();
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private CheckResult check(HttpCheck spec, int port) {
        return await(new HttpChecker(spec, reactor, tls).attempt(target(port)));
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void upOnExpectedStatusDigestAndRegex() throws Exception {
        CheckResult r = check(HealthCheck.http("/ok").expectStatus(200).digest(md5(PAGE)).regex("all\\s+good").build(), port());
        assertTrue(r.success(), r.reason());
        assertEquals(List.of("127.0.0.1:" + port()), hostHeaders, "Host is ip:port without a virtualhost");
    }

    @Test
    void wrongStatusIsNamed() {
        CheckResult r = check(HealthCheck.http("/error").expectStatus(200).build(), port());
        assertFalse(r.success());
        assertEquals("HTTP status 500 not in [200] (GET /error)", r.reason());
    }

    @Test
    void statusRangesAccept() {
        assertTrue(check(HealthCheck.http("/error").expectStatus("200-299 500").build(), port()).success());
    }

    @Test
    void digestMismatchIsNamed() {
        CheckResult r = check(HealthCheck.http("/ok").digest("00000000000000000000000000000000").build(), port());
        assertFalse(r.success());
        assertTrue(r.reason().startsWith("digest mismatch (GET /ok): body MD5 "), r.reason());
    }

    @Test
    void regexAndRegexNoMatch() {
        CheckResult missing = check(HealthCheck.http("/ok").regex("broken").build(), port());
        assertEquals("body does not match regex \"broken\" (GET /ok)", missing.reason());
        CheckResult forbidden = check(HealthCheck.http("/ok").regexNoMatch("good").build(), port());
        assertEquals("body matches regex \"good\" (GET /ok)", forbidden.reason());
        assertTrue(check(HealthCheck.http("/ok").regexNoMatch("broken").build(), port()).success());
    }

    @Test
    void virtualHostIsSentAsHost() {
        assertTrue(check(HealthCheck.http("/ok").virtualHost("www.example.test").build(), port()).success());
        assertEquals(List.of("www.example.test"), hostHeaders);
    }

    @Test
    void realServersVirtualHostIsTheFallback() {
        var target = new dev.hadirector.checks.CheckTarget(InetAddress.getLoopbackAddress(), port(),
                java.util.Optional.of("rs.example.test"));
        assertTrue(await(new HttpChecker(HealthCheck.http("/ok").build(), reactor, tls).attempt(target)).success());
        assertTrue(await(new HttpChecker(HealthCheck.http("/ok").virtualHost("check.example.test").build(), reactor, tls)
                .attempt(target)).success());
        assertEquals(List.of("rs.example.test", "check.example.test"), hostHeaders);
    }

    @Test
    void everyUrlMustPassAndTheFirstFailureIsReported() {
        CheckResult r = check(HealthCheck.http("/ok").url("/error").url("/ok").build(), port());
        assertEquals("HTTP status 500 not in [200-299] (GET /error)", r.reason());
        assertEquals(1, hostHeaders.size(), "stops at the first failing URL");
    }

    @Test
    void nothingListening() throws Exception {
        int closed = Loopback.closedPort();
        CheckResult r = check(HealthCheck.http("/ok").build(), closed);
        assertEquals("connection refused by 127.0.0.1:" + closed + " (GET /ok)", r.reason());
    }

    @Test
    void slowServerCostsATimeout() {
        CheckResult r = check(HealthCheck.http("/slow").connectTimeout(Duration.ofMillis(300)).build(), port());
        assertFalse(r.success());
        assertEquals("no complete HTTP header from 127.0.0.1:" + port() + " within 300 ms (0 bytes received) (GET /slow)",
                r.reason());
    }

    @Test
    void flappingServerAlternates() {
        HttpCheck spec = HealthCheck.http("/flap").build();
        assertTrue(check(spec, port()).success());
        assertFalse(check(spec, port()).success());
        assertTrue(check(spec, port()).success());
    }

    @Test
    void garbageAnswerFails() throws Exception {
        try (RawServer raw = new RawServer((s, in, out) -> {
            readRequestHead(in);
            out.write("SSH-2.0-OpenSSH_9.2\r\n\r\nnot http".getBytes(StandardCharsets.US_ASCII));
        })) {
            CheckResult r = check(HealthCheck.http("/").build(), raw.port());
            assertEquals("malformed HTTP status line from 127.0.0.1:" + raw.port() + ": \"SSH-2.0-OpenSSH_9.2\" (GET /)",
                    r.reason());
        }
    }

    @Test
    void closeWithoutAnswerFails() throws Exception {
        try (RawServer raw = new RawServer((s, in, out) -> readRequestHead(in))) {
            CheckResult r = check(HealthCheck.http("/").build(), raw.port());
            assertEquals("connection closed by 127.0.0.1:" + raw.port() + " without an answer (GET /)", r.reason());
        }
    }

    @Test
    void resetFails() throws Exception {
        try (RawServer raw = new RawServer((s, in, out) -> {
            readRequestHead(in);
            s.setSoLinger(true, 0);
        })) {
            CheckResult r = check(HealthCheck.http("/").build(), raw.port());
            assertFalse(r.success());
            assertTrue(r.reason().startsWith("connection reset by 127.0.0.1:" + raw.port())
                    || r.reason().startsWith("connection closed by"), r.reason());
        }
    }

    @Test
    void truncatedBodyFails() throws Exception {
        try (RawServer raw = new RawServer((s, in, out) -> {
            readRequestHead(in);
            out.write("HTTP/1.0 200 OK\r\nContent-Length: 100\r\n\r\nshort".getBytes(StandardCharsets.US_ASCII));
        })) {
            CheckResult r = check(HealthCheck.http("/").build(), raw.port());
            assertEquals("HTTP body from 127.0.0.1:" + raw.port() + " cut short: 5 of 100 bytes (GET /)", r.reason());
        }
    }

    @Test
    void tricklingServerCostsATimeout() throws Exception {
        try (RawServer raw = new RawServer((s, in, out) -> {
            readRequestHead(in);
            for (char c : "HTTP/1.0 200 OK\r\nX-Slow: yes\r\n\r\n".toCharArray()) {
                out.write(c);
                out.flush();
                Thread.sleep(100);
            }
        })) {
            CheckResult r = check(HealthCheck.http("/").connectTimeout(Duration.ofMillis(500)).build(), raw.port());
            assertFalse(r.success());
            assertTrue(r.reason().startsWith("no complete HTTP header from 127.0.0.1:" + raw.port() + " within 500 ms"),
                    r.reason());
        }
    }

    @Test
    void requestIsWhatKeepalivedSends() throws Exception {
        List<String> heads = new CopyOnWriteArrayList<>();
        int rawPort;
        try (RawServer raw = new RawServer((s, in, out) -> {
            heads.add(readRequestHead(in));
            out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        })) {
            rawPort = raw.port();
            assertTrue(check(HealthCheck.http("/a?b=1").build(), raw.port()).success());
            assertTrue(check(HealthCheck.http("/").protocol(HttpCheck.HttpProtocol.HTTP_1_1).virtualHost("v.test").build(),
                    raw.port()).success());
        }
        assertEquals("GET /a?b=1 HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 127.0.0.1:" + rawPort + "\r\n\r\n",
                heads.get(0));
        assertEquals("GET / HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: v.test\r\n\r\n", heads.get(1));
    }

    @Test
    void ipv6HostHeaderIsBracketed() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        HttpServer server6 = HttpServer.create(new InetSocketAddress(v6, 0), 10);
        server6.createContext("/", ex -> {
            hostHeaders.add(ex.getRequestHeaders().getFirst("Host"));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server6.start();
        try {
            int p6 = server6.getAddress().getPort();
            CheckResult r = await(new HttpChecker(HealthCheck.http("/").build(), reactor, tls)
                    .attempt(new dev.hadirector.checks.CheckTarget(v6, p6)));
            assertTrue(r.success(), r.reason());
            assertEquals(List.of("[::1]:" + p6), hostHeaders);
        } finally {
            server6.stop(0);
        }
    }
}
