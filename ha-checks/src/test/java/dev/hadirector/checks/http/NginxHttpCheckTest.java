package dev.hadirector.checks.http;

import static dev.hadirector.checks.support.Loopback.await;
import static dev.hadirector.checks.support.Loopback.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.support.NginxServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP_GET against a real web server: Debian's nginx-light on loopback. */
class NginxHttpCheckTest {

    @Test
    void checksAgainstNginx(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("www"));
        String page = "nginx says hello\n";
        Files.writeString(root.resolve("health.html"), page);
        try (NginxServer nginx = NginxServer.start(dir, root, "location = /teapot { return 418; }");
             IoReactor reactor = IoReactor.start("nginx-test", 1)) {
            TlsContexts tls = new TlsContexts(null);
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(page.getBytes(StandardCharsets.UTF_8)));
            CheckResult ok = await(new HttpChecker(HealthCheck.http("/health.html").digest(md5).regex("hello").build(),
                    reactor, tls).attempt(target(nginx.port())));
            assertTrue(ok.success(), ok.reason());
            CheckResult missing = await(new HttpChecker(HealthCheck.http("/absent.html").build(), reactor, tls)
                    .attempt(target(nginx.port())));
            assertEquals("HTTP status 404 not in [200-299] (GET /absent.html)", missing.reason());
            CheckResult teapot = await(new HttpChecker(HealthCheck.http("/teapot").expectStatus("200 418").build(), reactor, tls)
                    .attempt(target(nginx.port())));
            assertTrue(teapot.success(), teapot.reason());
        }
    }
}
