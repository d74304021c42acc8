package dev.hadirector.checks.http;

import static dev.hadirector.checks.support.Loopback.await;
import static dev.hadirector.checks.support.Loopback.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.HttpCheck;
import dev.hadirector.api.TlsFiles;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.support.NginxServer;
import dev.hadirector.testkit.Rig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSL_GET with the SSL block's PEM files against nginx with {@code ssl_verify_client on}; every key and certificate
 * is made by openssl for the test: a CA, the server's certificate, client keys as PKCS#1 RSA, SEC1 EC, encrypted
 * PKCS#8, and a client certificate from another CA that nginx must refuse.
 */
class ClientCertificateTest {

    @TempDir
    static Path dir;
    private static NginxServer nginx;
    private static IoReactor reactor;
    private final TlsContexts tls = new TlsContexts(null);

    @BeforeAll
    static void start() throws Exception {
        Rig.requireCommand("openssl");
        Rig.requireCommand("/usr/sbin/nginx");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=checks test CA");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.pem",
                "-days", "2", "-subj", "/CN=another CA");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key",
                "-out", "server.csr", "-subj", "/CN=localhost");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
        openssl("genrsa", "-traditional", "-out", "client-rsa.key", "2048");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "client-ec.key");
        openssl("pkcs8", "-topk8", "-in", "client-rsa.key", "-out", "client-rsa-enc.key", "-passout", "pass:s3cret");
        openssl("pkcs8", "-topk8", "-v2", "des3", "-v2prf", "hmacWithSHA512", "-in", "client-ec.key", "-out",
                "client-ec-des3.key", "-passout", "pass:s3cret");
        clientCertificate("client-rsa", "ca");
        clientCertificate("client-ec", "ca");
        clientCertificate("stranger", "other-ca", "client-rsa.key");
        Path root = Files.createDirectories(dir.resolve("www"));
        nginx = NginxServer.start(Files.createDirectories(dir.resolve("nginx")), root, "ssl", """
                ssl_certificate %1$s/server.pem;
                ssl_certificate_key %1$s/server.key;
                ssl_client_certificate %1$s/ca.pem;
                ssl_verify_client on;
                location = /health { return 200 "client $ssl_client_s_dn\\n"; }
                """.formatted(dir));
        reactor = IoReactor.start("client-cert-test", 1);
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (reactor != null) {
            reactor.close();
        }
    }

    private static void clientCertificate(String name, String ca) throws Exception {
        clientCertificate(name, ca, name + ".key");
    }

    private static void clientCertificate(String name, String ca, String key) throws Exception {
        openssl("req", "-new", "-key", key, "-out", name + ".csr", "-subj", "/CN=" + name);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2");
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private CheckResult check(TlsFiles files) {
        HttpCheck.Builder b = HealthCheck.https("/health");
        if (files != null) {
            b.tlsFiles(files);
        }
        return await(new HttpChecker(b.build(), reactor, tls).attempt(target(nginx.port())));
    }

    private static TlsFiles.Builder identity(String cert, String key) {
        return TlsFiles.builder().certificate(dir.resolve(cert)).key(dir.resolve(key));
    }

    @Test
    void upWithTheRightCertificateInEveryKeyFormat() {
        CheckResult rsa = check(identity("client-rsa.pem", "client-rsa.key").build());
        assertTrue(rsa.success(), rsa.reason());
        CheckResult ec = check(identity("client-ec.pem", "client-ec.key").build());
        assertTrue(ec.success(), ec.reason());
        CheckResult encrypted = check(identity("client-rsa.pem", "client-rsa-enc.key").password("s3cret").build());
        assertTrue(encrypted.success(), encrypted.reason());
        CheckResult des3 = check(identity("client-ec.pem", "client-ec-des3.key").password("s3cret").build());
        assertTrue(des3.success(), des3.reason());
    }

    @Test
    void downWithoutACertificateOrWithOneFromAnotherCa() {
        CheckResult none = check(null);
        assertFalse(none.success());
        assertEquals("HTTP status 400 not in [200-299] (GET /health)", none.reason(), "nginx: no required certificate");
        CheckResult stranger = check(identity("stranger.pem", "client-rsa.key").build());
        assertFalse(stranger.success());
        assertEquals("HTTP status 400 not in [200-299] (GET /health)", stranger.reason(),
                "nginx: the certificate does not lead to its CA");
    }

    @Test
    void caVerifiesTheServersChain() {
        CheckResult trusted = check(identity("client-ec.pem", "client-ec.key").ca(dir.resolve("ca.pem")).build());
        assertTrue(trusted.success(), trusted.reason());
        CheckResult untrusted = check(TlsFiles.builder().ca(dir.resolve("other-ca.pem")).build());
        assertFalse(untrusted.success());
        assertTrue(untrusted.reason().startsWith("TLS handshake with 127.0.0.1:" + nginx.port() + " failed: "),
                untrusted.reason());
    }

    @Test
    void unusableFilesAreRefusedNamingTheFile() {
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> PemTls.load(identity("client-ec.pem", "client-rsa.key").build()));
        assertTrue(mismatch.getMessage().startsWith("key \"" + dir.resolve("client-rsa.key") + "\" does not belong "
                + "to certificate \"" + dir.resolve("client-ec.pem") + "\""), mismatch.getMessage());
        IllegalArgumentException wrongPassword = assertThrows(IllegalArgumentException.class,
                () -> PemTls.load(identity("client-rsa.pem", "client-rsa-enc.key").password("nope").build()));
        assertEquals("key \"" + dir.resolve("client-rsa-enc.key") + "\" does not decrypt with the password given: "
                + "wrong password", wrongPassword.getMessage());
        IllegalArgumentException noPassword = assertThrows(IllegalArgumentException.class,
                () -> PemTls.load(identity("client-rsa.pem", "client-rsa-enc.key").build()));
        assertEquals("key \"" + dir.resolve("client-rsa-enc.key") + "\" is encrypted: set its password",
                noPassword.getMessage());
        IllegalArgumentException notACertificate = assertThrows(IllegalArgumentException.class,
                () -> PemTls.load(identity("client-rsa.key", "client-rsa.key").build()));
        assertEquals("certificate \"" + dir.resolve("client-rsa.key") + "\" holds no CERTIFICATE block (found "
                + "[RSA PRIVATE KEY])", notACertificate.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TlsFiles.builder().ca(dir.resolve("nope.pem")).build());
        assertEquals("ca \"" + dir.resolve("nope.pem") + "\" not found: must be an existing PEM file",
                missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HttpChecker(HealthCheck.https("/health")
                .tlsFiles(identity("client-ec.pem", "client-rsa.key").build()).build(), reactor, tls),
                "a checker with unusable files is not made");
    }
}
