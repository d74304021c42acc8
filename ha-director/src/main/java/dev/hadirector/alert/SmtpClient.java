package dev.hadirector.alert;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A plain SMTP client (RFC 5321, no TLS and no extensions, like keepalived's): connect, the 220 greeting,
 * {@code HELO}, {@code MAIL FROM}, one {@code RCPT TO} per recipient, {@code DATA} with the dot-stuffed message,
 * {@code QUIT}. Every reply code is checked; a multi-line reply is read whole. The connection and each reply must
 * come within the timeout (a server that trickles a reply byte by byte gets the same bound), so a dead or slow
 * server costs at most a few timeouts, never a stuck caller. Recipients the server refuses are reported and the
 * mail still goes to the others. Blocking: run it on its own thread.
 */
final class SmtpClient implements MailTransport {
    /** RFC 5321 4.5.3.1.5 allows 512 octets per reply line; more than this is garbage, not SMTP. */
    static final int MAX_REPLY_LINE = 4096;
    static final int MAX_REPLY_LINES = 256;

    private final SocketOpener opener;
    private final String host;
    private final int port;
    private final Duration timeout;
    private final String heloName;
    private final String server;

    SmtpClient(SocketOpener opener, String host, int port, Duration timeout, String heloName) {
        this.opener = Objects.requireNonNull(opener, "opener");
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.heloName = Objects.requireNonNull(heloName, "heloName");
        this.server = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    static SmtpClient of(SmtpAlerts settings, SocketOpener opener) {
        return new SmtpClient(opener, settings.server().orElseThrow(() -> new IllegalArgumentException(
                "SMTP alerts have no server")), settings.port(), settings.timeout(), settings.heloName());
    }

    @Override
    public List<String> send(MailMessage message) throws SmtpException, InterruptedException {
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(opener.resolve(host), port);
        } catch (UnknownHostException e) {
            throw new SmtpException(server, "connect", "host name " + host + " does not resolve", e);
        } catch (RuntimeException e) {
            throw new SmtpException(server, "connect", "looking up " + host + " failed: " + e.getMessage(), e);
        }
        SocketChannel channel;
        try {
            channel = opener.open();
        } catch (IOException | RuntimeException e) {
            throw new SmtpException(server, "connect", "cannot create a socket: " + e.getMessage(), e);
        }
        try {
            Socket socket = channel.socket();
            connect(socket, address);
            Dialogue d = new Dialogue(socket);
            try {
                return converse(d, message);
            } catch (SmtpException e) {
                if (e.replyCode().isPresent()) {
                    d.quitQuietly(false); // the server answered: leave politely, without waiting any longer
                }
                throw e;
            }
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                // the mail's fate is already decided
            }
        }
    }

    private List<String> converse(Dialogue d, MailMessage message) throws SmtpException, InterruptedException {
        d.expect("greeting", d.reply("greeting"), 220);
        d.command("HELO " + heloName, 250);
        d.command("MAIL FROM:<" + message.from() + ">", 250);
        List<String> refused = new ArrayList<>();
        int accepted = 0;
        Reply last = null;
        for (String r : message.recipients()) {
            String step = "RCPT TO:<" + r + ">";
            d.write(step + "\r\n", step);
            last = d.reply(step);
            if (last.code == 250 || last.code == 251) {
                accepted++;
            } else {
                refused.add(r + " (" + last + ")");
            }
        }
        if (accepted == 0) {
            throw new SmtpException(server, "RCPT TO", last == null ? 0 : last.code,
                    "every recipient refused: " + (refused.isEmpty() ? "no recipients" : String.join(", ", refused)),
                    null);
        }
        d.command("DATA", 354);
        d.write(dataLines(message.text()) + ".\r\n", "message data");
        d.expect("end of data", d.reply("end of data"), 250);
        d.quitQuietly(true);
        return refused;
    }

    private void connect(Socket socket, InetSocketAddress address) throws SmtpException, InterruptedException {
        try {
            socket.connect(address, millis(timeout));
        } catch (SocketTimeoutException e) {
            throw new SmtpException(server, "connect", "no connection within " + timeout.toMillis() + " ms", e);
        } catch (ClosedByInterruptException e) {
            throw interrupted();
        } catch (ConnectException e) {
            throw new SmtpException(server, "connect", "connection refused or unreachable (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new SmtpException(server, "connect", "connection failed: " + e, e);
        }
    }

    /**
     * The message as DATA sends it: every line ending made CRLF (a bare CR or LF would be refused by strict servers
     * and could end the data early), a dot doubled at the start of a line (RFC 5321 4.5.2), ending with CRLF.
     */
    static String dataLines(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        boolean lineStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                out.append("\r\n");
                lineStart = true;
                continue;
            }
            if (lineStart && c == '.') {
                out.append('.');
            }
            out.append(c);
            lineStart = false;
        }
        if (!lineStart || out.length() == 0) {
            out.append("\r\n");
        }
        return out.toString();
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    private static InterruptedException interrupted() {
        Thread.currentThread().interrupt();
        return new InterruptedException("SMTP dialogue interrupted");
    }

    /** One reply: its code and its lines' texts. */
    private record Reply(int code, List<String> lines) {
        @Override
        public String toString() {
            return code + " " + String.join(" | ", lines);
        }
    }

    /** The reading and writing of one connection, every reply bounded by the timeout. */
    private final class Dialogue {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[1024];
        private int position;
        private int limit;

        Dialogue(Socket socket) throws SmtpException {
            this.socket = socket;
            try {
                this.in = socket.getInputStream();
                this.out = socket.getOutputStream();
            } catch (IOException e) {
                throw new SmtpException(server, "connect", "connection unusable: " + e, e);
            }
        }

        void command(String command, int expected) throws SmtpException, InterruptedException {
            write(command + "\r\n", command);
            expect(command, reply(command), expected);
        }

        void expect(String step, Reply reply, int expected) throws SmtpException {
            if (reply.code != expected) {
                throw new SmtpException(server, step, reply.code, "refused with " + reply + " (expected "
                        + expected + ")", null);
            }
        }

        void write(String text, String step) throws SmtpException, InterruptedException {
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (ClosedByInterruptException e) {
                throw interrupted();
            } catch (IOException e) {
                throw new SmtpException(server, step, "sending failed: " + e, e);
            }
        }

        /** Best effort: the mail is decided, a server that does not take the QUIT changes nothing. */
        void quitQuietly(boolean awaitReply) {
            try {
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (awaitReply) {
                    reply("QUIT");
                }
            } catch (IOException | SmtpException | InterruptedException e) {
                // ignored: see above
            }
        }

        Reply reply(String step) throws SmtpException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<String> texts = new ArrayList<>();
            int code = -1;
            while (true) {
                String line = line(step, deadline);
                if (line.length() < 3 || !digits(line) || line.charAt(0) < '2' || line.charAt(0) > '5'
                        || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                    throw new SmtpException(server, step, "garbled reply \"" + MailAddress.printable(clip(line))
                            + "\": must be a code 200..599 then ' ' or '-'", null);
                }
                int lineCode = Integer.parseInt(line.substring(0, 3));
                if (code >= 0 && lineCode != code) {
                    throw new SmtpException(server, step, "garbled reply: line \"" + MailAddress.printable(clip(line))
                            + "\" changes the code " + code + " of its first line", null);
                }
                code = lineCode;
                texts.add(line.length() > 4 ? line.substring(4) : "");
                if (line.length() == 3 || line.charAt(3) == ' ') {
                    return new Reply(code, texts);
                }
                if (texts.size() >= MAX_REPLY_LINES) {
                    throw new SmtpException(server, step, "garbled reply: more than " + MAX_REPLY_LINES + " lines",
                            null);
                }
            }
        }

        private boolean digits(String line) {
            for (int i = 0; i < 3; i++) {
                if (line.charAt(i) < '0' || line.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        private String clip(String line) {
            return line.length() > 80 ? line.substring(0, 80) + "..." : line;
        }

        /** One line without its CRLF (a bare LF is taken too). */
        private String line(String step, long deadline) throws SmtpException, InterruptedException {
            StringBuilder line = new StringBuilder();
            while (true) {
                if (position == limit) {
                    fill(step, deadline);
                }
                byte b = buffer[position++];
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                if (line.length() >= MAX_REPLY_LINE) {
                    throw new SmtpException(server, step, "garbled reply: a line longer than " + MAX_REPLY_LINE
                            + " octets", null);
                }
                line.append((char) (b & 0xff));
            }
        }

        private void fill(String step, long deadline) throws SmtpException, InterruptedException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timedOut(step, null);
            }
            try {
                socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
                int n = in.read(buffer);
                if (n < 0) {
                    throw new SmtpException(server, step, "connection closed by the server before its reply", null);
                }
                position = 0;
                limit = n;
            } catch (SocketTimeoutException e) {
                throw timedOut(step, e);
            } catch (ClosedByInterruptException e) {
                throw interrupted();
            } catch (IOException e) {
                throw new SmtpException(server, step, "reading the reply failed: " + e, e);
            }
        }

        private SmtpException timedOut(String step, Throwable cause) {
            return new SmtpException(server, step, "no complete reply within " + timeout.toMillis() + " ms (timeout)",
                    cause);
        }
    }
}
