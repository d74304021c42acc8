package dev.hadirector.checks.smtp;

import static dev.hadirector.checks.support.Loopback.await;
import static dev.hadirector.checks.support.Loopback.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.SmtpCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.support.Loopback;
import dev.hadirector.checks.support.Loopback.RawServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmtpCheckerTest {

    private final IoReactor reactor = IoReactor.start("smtp-test", 1);
    private final List<String> commands = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        reactor.close();
    }

    private static void say(OutputStream out, String text) throws Exception {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A tiny SMTP server: the given greeting, then the given answer to HELO, then 221 to QUIT. */
    private RawServer server(String greeting, String heloAnswer) throws Exception {
        return new RawServer((s, in, out) -> {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            say(out, greeting);
            String line;
            while ((line = reader.readLine()) != null) {
                commands.add(line);
                if (line.startsWith("HELO")) {
                    say(out, heloAnswer);
                } else if (line.equals("QUIT")) {
                    say(out, "221 bye\r\n");
                    return;
                }
            }
        });
    }

    private CheckResult check(SmtpCheck spec, int port) {
        return await(new SmtpChecker(spec, reactor).attempt(target(port)));
    }

    @Test
    void upOnGreetingAndHelo() throws Exception {
        try (RawServer smtp = server("220-mail.test ESMTP\r\n220 ready\r\n", "250 mail.test hello\r\n")) {
            CheckResult r = check(HealthCheck.smtp().heloName("checker.test").build(), smtp.port());
            assertTrue(r.success(), r.reason());
        }
        // The server records HELO before it answers, so it is there once the check passed.
        assertEquals("HELO checker.test", commands.get(0));
    }

    @Test
    void busyGreetingIsDown() throws Exception {
        try (RawServer smtp = server("421 too busy\r\n", "250 ok\r\n")) {
            CheckResult r = check(HealthCheck.smtp().build(), smtp.port());
            assertEquals("SMTP greeting 421 from 127.0.0.1:" + smtp.port() + ", expected 220: \"421 too busy\"", r.reason());
        }
    }

    @Test
    void refusedHeloIsDown() throws Exception {
        try (RawServer smtp = server("220 ready\r\n", "501 syntax\r\n")) {
            CheckResult r = check(HealthCheck.smtp().build(), smtp.port());
            assertEquals("HELO reply 501 from 127.0.0.1:" + smtp.port() + ", expected 250: \"501 syntax\"", r.reason());
        }
    }

    @Test
    void garbageIsDown() throws Exception {
        try (RawServer smtp = server("HTTP/1.1 400 Bad Request\r\n", "")) {
            CheckResult r = check(HealthCheck.smtp().build(), smtp.port());
            assertEquals("malformed SMTP greeting from 127.0.0.1:" + smtp.port() + ": \"HTTP/1.1 400 Bad Request\"", r.reason());
        }
    }

    @Test
    void silentServerTimesOut() throws Exception {
        try (RawServer smtp = new RawServer((s, in, out) -> Thread.sleep(5_000))) {
            CheckResult r = check(HealthCheck.smtp().connectTimeout(Duration.ofMillis(300)).build(), smtp.port());
            assertEquals("no SMTP greeting from 127.0.0.1:" + smtp.port() + " within 300 ms", r.reason());
        }
    }

    @Test
    void nothingListening() throws Exception {
        int port = Loopback.closedPort();
        CheckResult r = check(HealthCheck.smtp().build(), port);
        assertFalse(r.success());
        assertEquals("connection refused by 127.0.0.1:" + port, r.reason());
    }
}
