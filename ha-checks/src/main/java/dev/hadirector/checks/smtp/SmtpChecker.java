package dev.hadirector.checks.smtp;

import dev.hadirector.api.SmtpCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.Checker;
import dev.hadirector.checks.HostPort;
import dev.hadirector.checks.io.Inbox;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.io.StreamConnection;
import dev.hadirector.checks.io.StreamExchange;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * SMTP_CHECK (RFC 5321 replies): the greeting must be 220, the answer to HELO 250; then QUIT.
 * Multi-line replies ("250-...") are read to their last line.
 */
public final class SmtpChecker implements Checker {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final int MAX_REPLY = 16 * 1024;

    private final SmtpCheck spec;
    private final IoReactor reactor;

    public SmtpChecker(SmtpCheck spec, IoReactor reactor) {
        this.spec = spec;
        this.reactor = reactor;
    }

    @Override
    public CompletionStage<CheckResult> attempt(CheckTarget target) {
        return StreamConnection.open(reactor.next(), target.connectAddress(spec.endpoint()),
                CheckTarget.bindAddress(spec.endpoint()), spec.endpoint().bindInterface(), null,
                spec.timing().connectTimeout(),
                new Dialogue(spec.heloName()), MAX_REPLY);
    }

    private static final class Dialogue implements StreamExchange {
        private final String heloName;
        private boolean heloSent;

        Dialogue(String heloName) {
            this.heloName = heloName;
        }

        @Override
        public void onOpen(StreamConnection c) {
        }

        @Override
        public void onData(StreamConnection c) {
            Inbox in = c.inbox();
            int lineEnd;
            while (!c.done() && (lineEnd = in.indexOf(CRLF, 0)) >= 0) {
                String line = new String(in.copy(0, lineEnd), StandardCharsets.ISO_8859_1);
                in.discard(lineEnd + 2);
                String stage = heloSent ? "HELO reply" : "SMTP greeting";
                if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)
                        || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                    c.finish(CheckResult.fail("malformed " + stage + " from " + HostPort.format(c.remote()) + ": \""
                            + printable(line) + "\""));
                    return;
                }
                if (line.length() > 3 && line.charAt(3) == '-') {
                    continue;
                }
                int code = Integer.parseInt(line.substring(0, 3));
                int expected = heloSent ? 250 : 220;
                if (code != expected) {
                    c.finish(CheckResult.fail(stage + " " + code + " from " + HostPort.format(c.remote())
                            + ", expected " + expected + ": \"" + printable(line) + "\""));
                    return;
                }
                if (!heloSent) {
                    heloSent = true;
                    c.send(("HELO " + heloName + "\r\n").getBytes(StandardCharsets.US_ASCII));
                } else {
                    c.send("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                    c.finish(CheckResult.ok("SMTP 220 greeting and 250 HELO reply"));
                }
            }
            if (!c.done() && in.length() > 1024) {
                c.finish(CheckResult.fail("SMTP line from " + HostPort.format(c.remote()) + " longer than 1024 bytes"));
            }
        }

        @Override
        public void onEnd(StreamConnection c) {
            c.finish(CheckResult.fail("connection closed by " + HostPort.format(c.remote()) + " before the "
                    + (heloSent ? "HELO reply" : "SMTP greeting")));
        }

        @Override
        public String timeoutReason(StreamConnection c, long timeoutMillis) {
            return "no " + (heloSent ? "HELO reply" : "SMTP greeting") + " from " + HostPort.format(c.remote())
                    + " within " + timeoutMillis + " ms";
        }

        private static String printable(String s) {
            StringBuilder b = new StringBuilder();
            for (char ch : s.toCharArray()) {
                b.append(ch >= 0x20 && ch < 0x7f ? ch : '.');
            }
            return b.length() > 80 ? b.substring(0, 80) + "..." : b.toString();
        }
    }
}
