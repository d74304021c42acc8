package dev.hadirector.checks.http;

import static dev.hadirector.checks.support.Loopback.await;
import static dev.hadirector.checks.support.Loopback.readRequestHead;
import static dev.hadirector.checks.support.Loopback.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.HttpCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.support.Loopback.RawServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How HTTP_GET reads answers off the wire: where an answer ends (length, chunked framing, close), odd headers and
 * status lines, answers split over many reads. Servers that keep the connection open after their answer show that
 * the check ended on the answer's framing: a check that waited for the close would end in its 20 s timeout instead.
 */
class HttpAnswerFramingTest {

    private static final Duration LONG = Duration.ofSeconds(20);

    private final IoReactor reactor = IoReactor.start("http-framing-test", 1);
    private final TlsContexts tls = new TlsContexts(null);

    @AfterEach
    void stop() {
        reactor.close();
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Answers {@code answer} and then holds the connection until the client closes it. */
    private static RawServer answeringAndHolding(byte[] answer) throws Exception {
        return new RawServer((s, in, out) -> {
            readRequestHead(in);
            out.write(answer);
            out.flush();
            holdUntilClientCloses(in);
        });
    }

    /** Answers {@code answer} and closes. */
    private static RawServer answeringAndClosing(byte[] answer) throws Exception {
        return new RawServer((s, in, out) -> {
            readRequestHead(in);
            out.write(answer);
        });
    }

    private static void holdUntilClientCloses(InputStream in) throws Exception {
        while (in.read() >= 0) {
            // the client says nothing more; -1 when it closes
        }
    }

    private CheckResult check(HttpCheck spec, RawServer server) {
        return await(new HttpChecker(spec, reactor, tls).attempt(target(server.port())));
    }

    @Test
    void chunkedAnswerEndsWithItsLastChunkAndTheDigestIsOverTheRawBytes() throws Exception {
        String body = "6;ext=\"a;b\"\r\nall go\r\n3\r\nod!\r\n0;last\r\nX-Trailer: yes\r\n\r\n";
        byte[] answer = latin1("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
        try (RawServer server = answeringAndHolding(answer)) {
            CheckResult r = check(HealthCheck.http("/health").digest(md5(latin1(body))).regex("all go\\r\\n3")
                    .connectTimeout(LONG).build(), server);
            assertTrue(r.success(), r.reason());
            assertEquals("HTTP status 200 (GET /health)", r.reason());
        }
    }

    @Test
    void chunkedAnswerWithLfOnlyLines() throws Exception {
        byte[] answer = latin1("HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\n\r\n\r\n2\nok\n0\n\n");
        try (RawServer server = answeringAndHolding(answer)) {
            assertTrue(check(HealthCheck.http("/health").connectTimeout(LONG).build(), server).success());
        }
    }

    @Test
    void brokenChunkedFramingIsReadToTheClose() throws Exception {
        String body = "zz\r\nnot a chunk\r\n";
        byte[] answer = latin1("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
        try (RawServer server = answeringAndClosing(answer)) {
            CheckResult r = check(HealthCheck.http("/health").digest(md5(latin1(body))).build(), server);
            assertTrue(r.success(), r.reason());
        }
    }

    @Test
    void contentLengthEndsTheAnswerInAnyCaseAndTheRestIsNotHashed() throws Exception {
        byte[] answer = latin1("HTTP/1.0 200 OK\r\ncOnTeNt-LeNgTh:\t 4 \t\r\n\r\nbodyEXTRA");
        try (RawServer server = answeringAndHolding(answer)) {
            CheckResult r = check(HealthCheck.http("/health").digest(md5(latin1("body"))).connectTimeout(LONG).build(), server);
            assertTrue(r.success(), r.reason());
        }
    }

    @Test
    void contentLengthWinsOverChunked() throws Exception {
        // as before chunked framing was followed: the length decides, so an answer with both is read by its length
        byte[] answer = latin1("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n");
        try (RawServer server = answeringAndHolding(answer)) {
            CheckResult r = check(HealthCheck.http("/health").digest(md5(latin1("0\r\n"))).connectTimeout(LONG).build(),
                    server);
            assertTrue(r.success(), r.reason());
        }
    }

    @Test
    void hugeContentLengthIsCutShort() throws Exception {
        byte[] answer = latin1("HTTP/1.0 200 OK\r\nContent-Length: 123456789012345678\r\n\r\nshort");
        try (RawServer server = answeringAndClosing(answer)) {
            assertEquals("HTTP body from 127.0.0.1:" + server.port() + " cut short: 5 of 123456789012345678 bytes (GET /health)",
                    check(HealthCheck.http("/health").build(), server).reason());
        }
    }

    @Test
    void contentLengthOfNineteenDigitsIsIgnoredAndTheBodyReadToTheClose() throws Exception {
        byte[] answer = latin1("HTTP/1.0 200 OK\r\nContent-Length: 1234567890123456789\r\n\r\nshort");
        try (RawServer server = answeringAndClosing(answer)) {
            CheckResult r = check(HealthCheck.http("/health").digest(md5(latin1("short"))).build(), server);
            assertTrue(r.success(), r.reason());
        }
    }

    @Test
    void lfOnlyFieldLinesCountButTheHeaderEndsOnlyAtCrLfCrLf() throws Exception {
        byte[] lfLines = latin1("HTTP/1.0 200 OK\r\nServer: x\nContent-Length: 2\nX: y\r\n\r\nok");
        try (RawServer server = answeringAndHolding(lfLines)) {
            assertTrue(check(HealthCheck.http("/health").connectTimeout(LONG).build(), server).success());
        }
        byte[] lfOnly = latin1("HTTP/1.0 200 OK\nContent-Length: 2\n\nok");
        try (RawServer server = answeringAndClosing(lfOnly)) {
            assertEquals("incomplete HTTP header from 127.0.0.1:" + server.port()
                    + ": \"HTTP/1.0 200 OK.Content-Length: 2..ok\" (GET /health)", check(HealthCheck.http("/health").build(), server)
                    .reason());
        }
    }

    @Test
    void statusLineVariants() throws Exception {
        try (RawServer server = answeringAndClosing(latin1("HTTP/1.1 204\r\n\r\n"))) {
            assertEquals("HTTP status 204 (GET /health)", check(HealthCheck.http("/health").build(), server).reason());
        }
        try (RawServer server = answeringAndClosing(latin1("HTTP/1.1 503 Busy \u00e9 \u0001\r\n\r\n"))) {
            assertEquals("HTTP status 503 not in [200-299] (GET /health)", check(HealthCheck.http("/health").build(), server).reason());
        }
        try (RawServer server = answeringAndClosing(latin1("http/1.1 200 OK\r\n\r\n"))) {
            assertEquals("malformed HTTP status line from 127.0.0.1:" + server.port() + ": \"http/1.1 200 OK\" (GET /health)",
                    check(HealthCheck.http("/health").build(), server).reason());
        }
        try (RawServer server = answeringAndClosing(latin1("HTTP/1.1 200 OK\nX: y\r\n\r\n"))) {
            assertEquals("malformed HTTP status line from 127.0.0.1:" + server.port() + ": \"HTTP/1.1 200 OK.X: y\" (GET /health)",
                    check(HealthCheck.http("/health").build(), server).reason());
        }
    }

    @Test
    void binaryGarbageIsShownPrintableAndCut() throws Exception {
        byte[] garbage = new byte[200];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i % 7 == 0 ? 0x01 : 'g');
        }
        byte[] answer = new byte[garbage.length + 4];
        System.arraycopy(garbage, 0, answer, 0, garbage.length);
        System.arraycopy(latin1("\r\n\r\n"), 0, answer, garbage.length, 4);
        String shown = new String(garbage, 0, 60, StandardCharsets.ISO_8859_1).replace('\u0001', '.') + "...";
        try (RawServer server = answeringAndClosing(answer)) {
            assertEquals("malformed HTTP status line from 127.0.0.1:" + server.port() + ": \"" + shown + "\" (GET /health)",
                    check(HealthCheck.http("/health").build(), server).reason());
        }
        try (RawServer server = answeringAndClosing(garbage)) {
            assertEquals("incomplete HTTP header from 127.0.0.1:" + server.port() + ": \"" + shown + "\" (GET /health)",
                    check(HealthCheck.http("/health").build(), server).reason());
        }
    }

    @Test
    void truncatedHeaderAndBody() throws Exception {
        try (RawServer server = answeringAndClosing(latin1("HTTP/1.1 200 OK\r\nContent-Len"))) {
            assertEquals("incomplete HTTP header from 127.0.0.1:" + server.port()
                    + ": \"HTTP/1.1 200 OK..Content-Len\" (GET /health)", check(HealthCheck.http("/health").build(), server).reason());
        }
        try (RawServer server = answeringAndClosing(latin1("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"))) {
            assertEquals("HTTP body from 127.0.0.1:" + server.port() + " cut short: 0 of 10 bytes (GET /health)",
                    check(HealthCheck.http("/health").build(), server).reason());
        }
        try (RawServer server = answeringAndClosing(latin1("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"))) {
            assertTrue(check(HealthCheck.http("/health").build(), server).success(),
                    "a chunked body cut short is read to the close, as any body without a length");
        }
    }

    @Test
    void headerLongerThanTheLimitFails() throws Exception {
        byte[] answer = latin1("HTTP/1.1 200 OK\r\nX-Padding: " + "p".repeat(HttpFetch.MAX_HEADER_BYTES) + "\r\n\r\n");
        try (RawServer server = answeringAndHolding(answer)) {
            assertEquals("HTTP header from 127.0.0.1:" + server.port() + " longer than 65536 bytes (GET /health)",
                    check(HealthCheck.http("/health").connectTimeout(LONG).build(), server).reason());
        }
    }

    @Test
    void answerWrittenOneByteAtATime() throws Exception {
        String body = "4\r\nslow\r\n0\r\n\r\n";
        byte[] answer = latin1("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
        try (RawServer server = new RawServer((s, in, out) -> {
            readRequestHead(in);
            s.setTcpNoDelay(true);
            writeByteByByte(out, answer);
            holdUntilClientCloses(in);
        })) {
            CheckResult r = check(HealthCheck.http("/health").digest(md5(latin1(body))).connectTimeout(LONG).build(), server);
            assertTrue(r.success(), r.reason());
        }
    }

    private static void writeByteByByte(OutputStream out, byte[] answer) throws Exception {
        for (byte b : answer) {
            out.write(b);
            out.flush();
        }
    }
}
