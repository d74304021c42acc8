package dev.hadirector.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The SMTP dialogue against a scripted server on loopback: what is sent, and every way a server can fail. */
class SmtpClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ZonedDateTime WHEN = ZonedDateTime.of(2026, 3, 7, 9, 5, 3, 0, ZoneOffset.ofHours(1));

    private static MailMessage mail(String body, String... to) {
        return new MailMessage("director@example.com", List.of(to), "[R1] VRRP Instance VI_1 - Entering MASTER state",
                body, WHEN);
    }

    /** A server that takes everything. */
    private static void accepting(ScriptedSmtpServer.Conversation c, int recipients) throws Exception {
        c.send("220 mail.test ESMTP ready\r\n").answer("250 mail.test\r\n").answer("250 2.1.0 Ok\r\n");
        for (int i = 0; i < recipients; i++) {
            c.answer("250 2.1.5 Ok\r\n");
        }
        c.answer("354 End data with <CR><LF>.<CR><LF>\r\n");
        c.data();
        c.send("250 2.0.0 Ok: queued\r\n").answer("221 2.0.0 Bye\r\n");
        c.untilClosed();
    }

    @Test
    void fullDialogueWithDotStuffingAndCrlf() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> accepting(c, 2))) {
            List<String> refused = server.client(TIMEOUT).send(mail(".leading dot\nbare LF\r\n..two", "ops@example.com",
                    "oncall@example.org"));
            assertEquals(List.of(), refused);
            assertEquals(List.of(
                    "HELO director.test",
                    "MAIL FROM:<director@example.com>",
                    "RCPT TO:<ops@example.com>",
                    "RCPT TO:<oncall@example.org>",
                    "DATA",
                    "Date: Sat, 07 Mar 2026 09:05:03 +0100\r\n"
                            + "From: director@example.com\r\n"
                            + "Subject: [R1] VRRP Instance VI_1 - Entering MASTER state\r\n"
                            + "X-Mailer: " + MailMessage.MAILER + "\r\n"
                            + "To: ops@example.com, oncall@example.org\r\n"
                            + "\r\n"
                            + "..leading dot\r\nbare LF\r\n...two\r\n",
                    "QUIT"), server.received());
        }
    }

    @Test
    void multiLineRepliesAreReadWhole() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.send("220-mail.test first line\r\n220-second line\r\n220 ready\r\n")
                    .answer("250-mail.test\r\n250 HELP\r\n").answer("250 Ok\r\n").answer("251 2.1.5 will forward\r\n")
                    .answer("354 go\r\n");
            c.data();
            c.send("250 Ok\r\n");
            c.untilClosed(); // no reply to QUIT at all: the mail is taken, nothing changes
        })) {
            assertEquals(List.of(), server.client(Duration.ofSeconds(1)).send(mail("x", "ops@example.com")));
            List<String> got = server.received();
            assertEquals("RCPT TO:<ops@example.com>", got.get(2));
            assertEquals("QUIT", got.get(got.size() - 1));
        }
    }

    @Test
    void aRefusedRecipientIsReportedAndTheOthersStillGetTheMail() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.send("220 ready\r\n").answer("250 Ok\r\n").answer("250 Ok\r\n").answer("550 5.1.1 no such user\r\n")
                    .answer("250 Ok\r\n").answer("354 go\r\n");
            c.data();
            c.send("250 Ok\r\n").answer("221 Bye\r\n");
            c.untilClosed();
        })) {
            List<String> refused = server.client(TIMEOUT).send(mail("x", "nobody@example.com", "ops@example.com"));
            assertEquals(List.of("nobody@example.com (550 5.1.1 no such user)"), refused);
            assertTrue(server.received().contains("DATA"));
        }
    }

    @Test
    void everyRecipientRefusedFailsWithTheReplyAndQuits() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.send("220 ready\r\n").answer("250 Ok\r\n").answer("250 Ok\r\n").answer("550 5.7.1 relay denied\r\n");
            c.untilClosed();
        })) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> server.client(TIMEOUT).send(mail("x", "ops@example.com")));
            assertEquals(OptionalInt.of(550), e.replyCode());
            assertEquals("SMTP server 127.0.0.1:" + server.port() + ", RCPT TO: every recipient refused: "
                    + "ops@example.com (550 5.7.1 relay denied)", e.getMessage());
            assertEquals("QUIT", server.received().get(server.received().size() - 1));
        }
    }

    @Test
    void transientFailureAtMailFromNamesStepAndReply() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.send("220 ready\r\n").answer("250 Ok\r\n").answer("451 4.3.0 try again later\r\n");
            c.untilClosed();
        })) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> server.client(TIMEOUT).send(mail("x", "ops@example.com")));
            assertEquals(OptionalInt.of(451), e.replyCode());
            assertEquals("MAIL FROM:<director@example.com>", e.step());
            assertTrue(e.getMessage().endsWith("refused with 451 4.3.0 try again later (expected 250)"),
                    e.getMessage());
            assertEquals(List.of("HELO director.test", "MAIL FROM:<director@example.com>", "QUIT"), server.received());
        }
    }

    @Test
    void refusingGreetingAndRefusedDataAreFailures() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.send("554 5.3.2 not accepting mail\r\n");
            c.untilClosed();
        })) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> server.client(TIMEOUT).send(mail("x", "ops@example.com")));
            assertEquals("greeting", e.step());
            assertEquals(OptionalInt.of(554), e.replyCode());
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.send("220 ready\r\n").answer("250 Ok\r\n").answer("250 Ok\r\n").answer("250 Ok\r\n")
                    .answer("354 go\r\n");
            c.data();
            c.send("552 5.3.4 message too big\r\n");
            c.untilClosed();
        })) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> server.client(TIMEOUT).send(mail("x", "ops@example.com")));
            assertEquals("end of data", e.step());
            assertEquals(OptionalInt.of(552), e.replyCode());
        }
    }

    @Test
    void garbageRepliesAreRefusedNamingWhatCame() throws Exception {
        for (String garbage : List.of("hello there\r\n", "22\r\n", "999 weird\r\n", "220x\r\n", "\u0000\u0001\r\n")) {
            try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
                c.send(garbage);
                c.untilClosed();
            })) {
                SmtpException e = assertThrows(SmtpException.class,
                        () -> server.client(TIMEOUT).send(mail("x", "ops@example.com")), garbage);
                assertTrue(e.getMessage().contains("greeting: garbled reply"), e.getMessage());
                assertEquals(OptionalInt.empty(), e.replyCode());
            }
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.send("220-first\r\n250 changed code\r\n");
            c.untilClosed();
        })) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> server.client(TIMEOUT).send(mail("x", "ops@example.com")));
            assertTrue(e.getMessage().contains("changes the code 220"), e.getMessage());
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.send("220 " + "x".repeat(SmtpClient.MAX_REPLY_LINE) + "\r\n");
            c.untilClosed();
        })) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> server.client(TIMEOUT).send(mail("x", "ops@example.com")));
            assertTrue(e.getMessage().contains("a line longer than " + SmtpClient.MAX_REPLY_LINE), e.getMessage());
        }
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            c.send("220 ready\r\n").line(); // reads HELO, never answers
            c.untilClosed();
        })) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> server.client(Duration.ofMillis(300)).send(mail("x", "ops@example.com")));
            assertEquals("HELO director.test", e.step());
            assertTrue(e.getMessage().endsWith("no complete reply within 300 ms (timeout)"), e.getMessage());
        }
    }

    @Test
    void aServerTricklingItsReplyTimesOutToo() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> {
            // each byte comes well within the timeout, the whole reply never does
            for (int i = 0; i < 100; i++) {
                c.send("2");
                Thread.sleep(100);
            }
        })) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> server.client(Duration.ofMillis(500)).send(mail("x", "ops@example.com")));
            assertEquals("greeting", e.step());
            assertTrue(e.getMessage().contains("(timeout)"), e.getMessage());
        }
    }

    @Test
    void aServerHangingUpMidDialogueIsAFailure() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(c -> c.send("220 ready\r\n").line())) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> server.client(TIMEOUT).send(mail("x", "ops@example.com")));
            assertEquals("HELO director.test", e.step());
            assertTrue(e.getMessage().contains("connection closed by the server"), e.getMessage());
        }
    }

    @Test
    void connectionRefusedNamesTheServer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SmtpClient client = new SmtpClient(SocketOpener.HERE, "127.0.0.1", port, TIMEOUT, "director.test");
        SmtpException e = assertThrows(SmtpException.class, () -> client.send(mail("x", "ops@example.com")));
        assertEquals("connect", e.step());
        assertTrue(e.getMessage().startsWith("SMTP server 127.0.0.1:" + port + ", connect: connection refused"),
                e.getMessage());
    }

    @Test
    void unresolvableHostAndIpv6LiteralAreNamedAsGiven() throws Exception {
        SmtpClient client = new SmtpClient(SocketOpener.HERE, "no-such-host.invalid", 25, TIMEOUT, "x");
        SmtpException e = assertThrows(SmtpException.class, () -> client.send(mail("x", "ops@example.com")));
        assertEquals("SMTP server no-such-host.invalid:25, connect: host name no-such-host.invalid does not resolve",
                e.getMessage());
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            port = s.getLocalPort();
        } catch (java.io.IOException noIpv6) {
            return; // loopback without IPv6: nothing more to see
        }
        SmtpClient v6 = new SmtpClient(SocketOpener.HERE, "::1", port, TIMEOUT, "x");
        SmtpException refused = assertThrows(SmtpException.class, () -> v6.send(mail("x", "ops@example.com")));
        assertTrue(refused.getMessage().startsWith("SMTP server [::1]:" + port + ", connect:"), refused.getMessage());
    }

    @Test
    void dataLinesNormaliseLineEndsAndStuffDots() {
        assertEquals("a\r\nb\r\nc\r\n", SmtpClient.dataLines("a\nb\rc"));
        assertEquals("..\r\n...x\r\n", SmtpClient.dataLines(".\r\n..x\r\n"));
        assertEquals("\r\n", SmtpClient.dataLines(""));
        assertEquals("x.\r\n", SmtpClient.dataLines("x."));
    }
}
