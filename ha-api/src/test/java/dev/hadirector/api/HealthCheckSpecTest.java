package dev.hadirector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthCheckSpecTest {

    private static void assertRefused(String expectedMessagePart, org.junit.jupiter.api.function.Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(expectedMessagePart),
                () -> "message \"" + e.getMessage() + "\" lacks \"" + expectedMessagePart + "\"");
    }

    @Test
    void tcpDefaultsAreKeepalivedDefaults() {
        TcpCheck tcp = HealthCheck.tcp().build();
        CheckTiming t = tcp.timing();
        assertEquals(Duration.ofSeconds(60), t.interval());
        assertEquals(Duration.ofSeconds(5), t.connectTimeout());
        assertEquals(1, t.retry());
        assertEquals(Duration.ofSeconds(1), t.delayBeforeRetry());
        assertEquals(Duration.ofSeconds(60), t.warmup(), "warmup defaults to delay_loop");
        assertEquals(1, t.riseAfter());
        assertEquals(1, t.fallAfter());
        assertFalse(t.alpha());
        assertEquals(CheckEndpoint.DEFAULT, tcp.endpoint());
        assertEquals("TCP_CHECK", tcp.kind());
    }

    @Test
    void perKindDefaultsFollowTheManPage() {
        HttpCheck http = HealthCheck.http("/").build();
        assertEquals(Duration.ofSeconds(3), http.timing().delayBeforeRetry());
        assertEquals(StatusCodes.DEFAULT, http.urls().get(0).statusCodes());
        assertTrue(http.urls().get(0).statusCodes().contains(204));
        assertFalse(http.urls().get(0).statusCodes().contains(301));
        DnsCheck dns = HealthCheck.dns().every(Duration.ofSeconds(7)).build();
        assertEquals(3, dns.timing().retry());
        assertEquals(Duration.ofSeconds(7), dns.timing().delayBeforeRetry(), "DNS retries after delay_loop");
        assertEquals(".", dns.name());
        assertEquals(DnsCheck.Type.SOA, dns.type());
        MiscCheck misc = HealthCheck.misc("true").every(Duration.ofSeconds(9)).build();
        assertEquals(0, misc.timing().retry());
        assertEquals(Duration.ofSeconds(9), misc.timeout(), "misc_timeout defaults to delay_loop");
    }

    @Test
    void fluentHttpBuilderAppliesExpectationsToTheLastUrl() {
        HttpCheck check = HealthCheck.https("/health").expectStatus(200)
                .url("/ready").expectStatus("200-299 503").digest("9B3A0C85A887A256D6939DA88AABD8CD").regex("ok|fine")
                .virtualHost("www.example.test").sni(true).verifyTls(true)
                .every(Duration.ofSeconds(1)).fallAfter(3).riseAfter(2).alpha(true)
                .connectIp("127.0.0.1").connectPort(8443).bindTo("127.0.0.1")
                .build();
        assertEquals("SSL_GET", check.kind());
        assertEquals(List.of("/health", "/ready"), check.urls().stream().map(UrlCheck::path).toList());
        assertEquals("[200]", check.urls().get(0).statusCodes().toString());
        assertEquals("[200-299, 503]", check.urls().get(1).statusCodes().toString());
        assertTrue(check.urls().get(1).statusCodes().contains(503));
        assertFalse(check.urls().get(1).statusCodes().contains(500));
        assertEquals(Optional.of("9b3a0c85a887a256d6939da88aabd8cd"), check.urls().get(1).digest());
        assertEquals(8443, check.endpoint().connectPort());
        assertEquals(3, check.timing().fallAfter());
        assertEquals(2, check.timing().riseAfter());
        assertTrue(check.timing().alpha());
    }

    @Test
    void badValuesAreRefusedNamingFieldValueAndRule() {
        assertRefused("url /x: regex \"([a-z\" invalid", () -> HealthCheck.http("/x").regex("([a-z").build());
        assertRefused("digest \"abc\" of /x invalid: must be 32 hexadecimal digits",
                () -> HealthCheck.http("/x").digest("abc").build());
        assertRefused("connectPort 70000 out of range: must be 1..65535", () -> HealthCheck.tcp().connectPort(70000));
        assertRefused("bindPort 0 out of range", () -> HealthCheck.tcp().bindPort(0));
        assertRefused("connectIp \"no-such-host.invalid\" does not resolve",
                () -> HealthCheck.tcp().connectIp("no-such-host.invalid"));
        assertRefused("statusCode 700 out of range: must be 100..599", () -> HealthCheck.http("/").expectStatus(700));
        assertRefused("statusCode range 300-200 invalid", () -> HealthCheck.http("/").expectStatus("300-200"));
        assertRefused("statusCodes item \"2xx\"", () -> HealthCheck.http("/").expectStatus("2xx"));
        assertRefused("path \"health\" invalid: must start with '/'", () -> HealthCheck.http("health"));
        assertRefused("urls empty", () -> HealthCheck.http().build());
        assertRefused("interval PT0S out of range: must be positive", () -> HealthCheck.tcp().every(Duration.ZERO));
        assertRefused("fallAfter 0 out of range: must be 1..1000", () -> HealthCheck.tcp().fallAfter(0));
        assertRefused("retry -1 out of range", () -> HealthCheck.tcp().retry(-1));
        assertRefused("sni true / verifyTls false set on an HTTP_GET", () -> HealthCheck.http("/").sni(true).build());
        assertRefused("heloName \"two words\" invalid", () -> HealthCheck.smtp().heloName("two words").build());
        assertRefused("expectAnswer \"example.com\" invalid for type A",
                () -> HealthCheck.dns().type(DnsCheck.Type.A).expectAnswer("example.com").build());
        assertRefused("has a label of 64 characters",
                () -> HealthCheck.dns().name("a".repeat(64) + ".example").build());
        assertRefused("payload \"zz\" has 'z'", () -> HealthCheck.udp().payload("zz"));
        assertRefused("maxReplyLength 3 below minReplyLength 5", () -> HealthCheck.udp().requireReply().replyLength(5, 3).build());
        assertRefused("command[0] \"/no/such/script\" not found", () -> HealthCheck.misc("/no/such/script").build());
        assertRefused("command[0] \"no-such-program-xyz\" not found on PATH",
                () -> HealthCheck.misc("no-such-program-xyz").build());
        assertRefused("connectPort 80 / bindPort 0 set on a PING_CHECK", () -> HealthCheck.ping().connectPort(80).build());
    }

    @Test
    void nonExecutableScriptIsRefused(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("check.sh"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        assertRefused("not executable: must have execute permission", () -> HealthCheck.misc(script.toString()).build());
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        MiscCheck ok = HealthCheck.misc(script.toString(), "--flag", "a b").dynamic(true).build();
        assertEquals(List.of(script.toString(), "--flag", "a b"), ok.command());
        assertTrue(ok.dynamic());
    }

    @Test
    void udpHexFollowsKeepalivedsFreeFormat() {
        UdpCheck udp = HealthCheck.udp().payload("Ab12f 3 456 546443123").requireReply("aXX0").build();
        assertEquals(Optional.of("ab120f034506546443120 3".replace(" ", "")), udp.payloadHex());
        assertEquals(Optional.of("axx0"), udp.replyHex());
        assertEquals(11, udp.payload().orElseThrow().length);
    }

    @Test
    void specsAreValuesComparedByContent() {
        assertEquals(HealthCheck.http("/a").expectStatus(200).build(), HealthCheck.http("/a").expectStatus(200).build());
        assertFalse(HealthCheck.http("/a").build().equals(HealthCheck.http("/b").build()));
    }
}
