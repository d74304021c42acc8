package dev.hadirector.checks.http;

import static dev.hadirector.checks.support.Loopback.await;
import static dev.hadirector.checks.support.Loopback.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.HttpCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.support.Loopback.RawServer;
import dev.hadirector.checks.support.SelfSignedCertificate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpsCheckerTest {

    private static final String PAGE = "secure and healthy\n";
    private static final List<String> SNI_NAMES = new CopyOnWriteArrayList<>();

    private static SelfSignedCertificate certificate;
    private static HttpsServer server;
    private static IoReactor reactor;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        certificate = SelfSignedCertificate.generate(dir);
        SSLContext serverContext = certificate.serverContext();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = serverContext.getDefaultSSLParameters();
                p.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        SNI_NAMES.add(((SNIHostName) name).getAsciiName());
                        return true;
                    }
                }));
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", ex -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/") ? 200 : 404, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        reactor = IoReactor.start("https-test", 1);
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        reactor.close();
    }

    @BeforeEach
    void clear() {
        SNI_NAMES.clear();
    }

    private static CheckResult check(HttpCheck spec, SSLContext verifying) {
        return await(new HttpChecker(spec, reactor, new TlsContexts(verifying)).attempt(target(server.getAddress().getPort())));
    }

    @Test
    void selfSignedIsAcceptedWithoutVerificationAndDigestMatches() throws Exception {
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(PAGE.getBytes(StandardCharsets.UTF_8)));
        CheckResult r = check(HealthCheck.https("/").digest(md5).build(), null);
        assertTrue(r.success(), r.reason());
        assertEquals(List.of(), SNI_NAMES, "no SNI unless enabled");
    }

    @Test
    void wrongStatusOverTls() {
        CheckResult r = check(HealthCheck.https("/missing").build(), null);
        assertEquals("HTTP status 404 not in [200-299] (GET /missing)", r.reason());
    }

    @Test
    void sniCarriesTheVirtualHost() {
        CheckResult r = check(HealthCheck.https("/").virtualHost("www.example.test").sni(true).build(), null);
        assertTrue(r.success(), r.reason());
        assertEquals(List.of("www.example.test"), SNI_NAMES);
    }

    @Test
    void virtualHostWithoutSniSendsNoServerName() {
        assertTrue(check(HealthCheck.https("/").virtualHost("www.example.test").build(), null).success());
        assertEquals(List.of(), SNI_NAMES);
    }

    @Test
    void verificationAgainstTheJvmTrustRefusesASelfSignedCertificate() {
        CheckResult r = check(HealthCheck.https("/").verifyTls(true).build(), null);
        assertFalse(r.success());
        assertTrue(r.reason().startsWith("TLS handshake with 127.0.0.1:" + server.getAddress().getPort() + " failed: "),
                r.reason());
    }

    @Test
    void verificationPassesWithTrustAndMatchingNames() throws Exception {
        SSLContext trusting = certificate.trustingContext();
        assertTrue(check(HealthCheck.https("/").verifyTls(true).build(), trusting).success(), "IP SAN 127.0.0.1");
        CheckResult named = check(HealthCheck.https("/").verifyTls(true).virtualHost("www.example.test").sni(true).build(),
                trusting);
        assertTrue(named.success(), named.reason());
    }

    @Test
    void verificationRefusesANameTheCertificateLacks() throws Exception {
        CheckResult r = check(HealthCheck.https("/").verifyTls(true).virtualHost("other.test").build(),
                certificate.trustingContext());
        assertFalse(r.success());
        assertTrue(r.reason().contains("TLS handshake"), r.reason());
    }

    @Test
    void plainHttpServerAnsweringATlsClientFails() throws Exception {
        try (RawServer raw = new RawServer((s, in, out) -> {
            in.read(new byte[512]);
            out.write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        })) {
            CheckResult r = await(new HttpChecker(HealthCheck.https("/").build(), reactor, new TlsContexts(null))
                    .attempt(target(raw.port())));
            assertFalse(r.success());
            assertTrue(r.reason().contains("TLS"), r.reason());
        }
    }

    @Test
    void silentServerCostsAHandshakeTimeout() throws Exception {
        try (RawServer raw = new RawServer((s, in, out) -> Thread.sleep(5_000))) {
            CheckResult r = await(new HttpChecker(HealthCheck.https("/").connectTimeout(Duration.ofMillis(300)).build(),
                    reactor, new TlsContexts(null)).attempt(target(raw.port())));
            assertEquals("TLS handshake timeout after 300 ms with 127.0.0.1:" + raw.port() + " (GET /)", r.reason());
        }
    }
}
