package dev.hadirector.checks.http;

import static dev.hadirector.checks.support.Loopback.await;
import static dev.hadirector.checks.support.Loopback.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.hadirector.api.BodyRegex;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.HttpCheck;
import dev.hadirector.api.RegexOption;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.io.IoReactor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP_GET regex_options and regex_min_offset / regex_max_offset against a real HTTP server's body. */
class HttpRegexOptionsTest {

    /** Byte offsets: "Status" 0, "OK" 8, "first" 11, "caf\u00e9" 24 (é is two bytes), "GOOD" 38. */
    private static final String PAGE = "Status: OK\nfirst line caf\u00e9 x\nsecond: GOOD\n";
    private static final byte[] BODY = PAGE.getBytes(StandardCharsets.UTF_8);

    private final IoReactor reactor = IoReactor.start("http-regex-test", 1);
    private final TlsContexts tls = new TlsContexts(null);
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/page", ex -> {
            ex.sendResponseHeaders(200, BODY.length);
            ex.getResponseBody().write(BODY);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        reactor.close();
    }

    private boolean up(BodyRegex regex) {
        HttpCheck spec = HealthCheck.http("/page").regex(regex).build();
        CheckResult r = await(new HttpChecker(spec, reactor, tls).attempt(target(server.getAddress().getPort())));
        return r.success();
    }

    @Test
    void theOffsetsInTheTestPageAreWhereTheCommentSays() {
        assertEquals(8, PAGE.indexOf("OK"));
        assertEquals(38, new String(BODY, StandardCharsets.ISO_8859_1).indexOf("GOOD"));
    }

    @Test
    void javaFlagsChangeTheMatch() {
        assertFalse(up(BodyRegex.of("status: ok")));
        assertTrue(up(BodyRegex.of("status: ok").options(RegexOption.CASELESS)));
        assertFalse(up(BodyRegex.of("^second")));
        assertTrue(up(BodyRegex.of("^second").options(RegexOption.MULTILINE)));
        assertFalse(up(BodyRegex.of("OK.first")));
        assertTrue(up(BodyRegex.of("OK.first").options(RegexOption.DOTALL)));
        assertFalse(up(BodyRegex.of("Sta tus # the word")));
        assertTrue(up(BodyRegex.of("Sta tus # the word").options(RegexOption.EXTENDED)));
    }

    @Test
    void utfDecodesTheBodyAsUtf8() {
        assertFalse(up(BodyRegex.of("caf\u00e9 x")), "byte by byte, \u00e9 is two characters");
        assertTrue(up(BodyRegex.of("caf\u00e9 x").options(RegexOption.UTF)));
        assertTrue(up(BodyRegex.of("CAF\u00c9").options(RegexOption.UTF, RegexOption.CASELESS)));
        assertTrue(up(BodyRegex.of("caf\\w x").options(RegexOption.UTF, RegexOption.UCP)));
        assertFalse(up(BodyRegex.of("caf\\w x").options(RegexOption.UTF)), "without ucp \\w is ASCII only");
    }

    @Test
    void minOffsetStartsTheSearchThereButLookBehindSeesEarlierBytes() {
        assertTrue(up(BodyRegex.of("Status").offsets(0, Optional.empty())));
        assertFalse(up(BodyRegex.of("Status").offsets(1, Optional.empty())));
        assertFalse(up(BodyRegex.of("^").offsets(1, Optional.empty())), "^ matches only at the body's start");
        assertTrue(up(BodyRegex.of("(?<=Status: )OK").offsets(8, Optional.empty())));
        assertFalse(up(BodyRegex.of("OK").offsets(9, Optional.empty())));
        assertFalse(up(BodyRegex.of("x").offsets(BODY.length + 1, Optional.empty())), "past the end nothing matches");
    }

    @Test
    void maxOffsetIsTheLastByteAMatchMayStartAt() {
        assertTrue(up(BodyRegex.of("GOOD").offsets(0, Optional.of(38))));
        assertFalse(up(BodyRegex.of("GOOD").offsets(0, Optional.of(37))));
        // in bytes also when the body is decoded as UTF-8: "GOOD" is char 37 but byte 38
        assertTrue(up(BodyRegex.of("GOOD").options(RegexOption.UTF).offsets(0, Optional.of(38))));
        assertFalse(up(BodyRegex.of("GOOD").options(RegexOption.UTF).offsets(0, Optional.of(37))));
    }

    @Test
    void firstlineLimitsTheStartToTheFirstLine() {
        assertTrue(up(BodyRegex.of("OK").options(RegexOption.FIRSTLINE)));
        assertFalse(up(BodyRegex.of("first").options(RegexOption.FIRSTLINE)));
        assertTrue(up(BodyRegex.of("first").options(RegexOption.FIRSTLINE).offsets(11, Optional.empty())),
                "the first line counts from the start offset");
    }

    @Test
    void regexNoMatchInvertsWithOptions() {
        assertFalse(up(BodyRegex.of("status").options(RegexOption.CASELESS).noMatch(true)));
        assertTrue(up(BodyRegex.of("status").noMatch(true)));
    }

    @Test
    void noEffectOptionsAreAcceptedAndRefusedOnesAreNamed() {
        assertTrue(up(BodyRegex.of("Status").options(RegexOption.NO_AUTO_POSSESS, RegexOption.NO_START_OPTIMIZE,
                RegexOption.USE_OFFSET_LIMIT, RegexOption.DUPNAMES)));
        for (RegexOption o : RegexOption.values()) {
            if (o.kind() == RegexOption.Kind.REFUSED) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> BodyRegex.of("x").options(o));
                assertTrue(e.getMessage().startsWith("regex option " + o.word() + " not supported: "), e.getMessage());
            }
        }
        assertEquals("regex option \"greedy\" unknown: must be one of allow_empty_class alt_bsux auto_callout caseless "
                + "dollar_endonly dotall dupnames extended firstline match_unset_backref multiline never_ucp never_utf "
                + "no_auto_capture no_auto_possess no_dotstar_anchor no_start_optimize ucp ungreedy utf "
                + "never_backslash_c alt_circumflex alt_verbnames use_offset_limit",
                assertThrows(IllegalArgumentException.class, () -> RegexOption.of("greedy")).getMessage());
        assertEquals("regexMaxOffset 3 out of range: must be at least regexMinOffset 4",
                assertThrows(IllegalArgumentException.class,
                        () -> BodyRegex.of("x").offsets(4, Optional.of(3))).getMessage());
        assertEquals("regexOptions set on url /page without a regex: call regex(...) first",
                assertThrows(IllegalStateException.class,
                        () -> HealthCheck.http("/page").regexOptions(RegexOption.CASELESS)).getMessage());
    }
}
