package dev.hadirector.checks.http;

import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.HostPort;
import dev.hadirector.checks.io.Inbox;
import dev.hadirector.checks.io.StreamConnection;
import dev.hadirector.checks.io.StreamExchange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One GET over a {@link StreamConnection}: sends the request as keepalived does, reads the answer
 * until the server closes or Content-Length bytes of body arrived, and hands the parsed response
 * to {@code onResponse} (which then finishes the connection with a verdict).
 */
public final class HttpFetch implements StreamExchange {

    /** The most an answer may hold; a health page is small. */
    public static final int MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d\\.\\d (\\d{3})(?: .*)?");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:[ \\t]*(\\d{1,18})[ \\t]*\\r?$");

    private final byte[] request;
    private final Consumer<Completed> onResponse;
    private final boolean lenient;
    private int headerLength = -1;
    private int status;
    private long contentLength = -1;
    private final List<Integer> readEnds = new ArrayList<>();

    /** The response and the connection to finish with a verdict. */
    public record Completed(StreamConnection connection, HttpResponse response) {
    }

    public HttpFetch(String path, String hostHeader, dev.hadirector.api.HttpCheck.HttpProtocol protocol,
                     Consumer<Completed> onResponse) {
        this(path, hostHeader, protocol, onResponse, false);
    }

    private HttpFetch(String path, String hostHeader, dev.hadirector.api.HttpCheck.HttpProtocol protocol,
                      Consumer<Completed> onResponse, boolean lenient) {
        this(requestBytes(path, hostHeader, protocol), onResponse, lenient);
    }

    /** A fetch sending {@code request} as it is (built by {@link #requestBytes}, shared by every attempt). */
    HttpFetch(byte[] request, Consumer<Completed> onResponse, boolean lenient) {
        this.request = request;
        this.onResponse = onResponse;
        this.lenient = lenient;
    }

    /**
     * A fetch that judges nothing, as genhash: an unreadable status line gives status -1, and a
     * close before the header's end still yields a response (with {@code headerComplete} false).
     */
    public static HttpFetch lenient(String path, String hostHeader, dev.hadirector.api.HttpCheck.HttpProtocol protocol,
                                    Consumer<Completed> onResponse) {
        return new HttpFetch(path, hostHeader, protocol, onResponse, true);
    }

    /** The request genhash and keepalived send. */
    static byte[] requestBytes(String path, String hostHeader, dev.hadirector.api.HttpCheck.HttpProtocol protocol) {
        StringBuilder r = new StringBuilder(128)
                .append("GET ").append(path).append(' ').append(protocol.version()).append("\r\n")
                .append("User-Agent: KeepAliveClient\r\n");
        if (protocol.connectionClose()) {
            r.append("Connection: close\r\n");
        }
        r.append("Host: ").append(hostHeader).append("\r\n\r\n");
        return r.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void onOpen(StreamConnection c) {
        c.send(request);
    }

    @Override
    public void onData(StreamConnection c) {
        Inbox in = c.inbox();
        readEnds.add(in.length());
        if (headerLength < 0) {
            int end = in.indexOf(HEADER_END, 0);
            if (end < 0) {
                if (in.length() >= 64 * 1024) {
                    c.finish(CheckResult.fail("HTTP header from " + HostPort.format(c.remote())
                            + " longer than 65536 bytes"));
                }
                return;
            }
            headerLength = end + HEADER_END.length;
            String head = new String(in.copy(0, headerLength), StandardCharsets.ISO_8859_1);
            String firstLine = head.substring(0, head.indexOf("\r\n"));
            Matcher m = STATUS_LINE.matcher(firstLine);
            if (!m.matches() && !lenient) {
                c.finish(CheckResult.fail("malformed HTTP status line from " + HostPort.format(c.remote()) + ": \""
                        + printable(firstLine) + "\""));
                return;
            }
            status = m.matches() ? Integer.parseInt(m.group(1)) : -1;
            Matcher length = CONTENT_LENGTH.matcher(head);
            if (length.find()) {
                contentLength = Long.parseLong(length.group(1));
            }
        }
        if (contentLength >= 0 && in.length() - headerLength >= contentLength) {
            complete(c, (int) Math.min(in.length(), headerLength + contentLength));
        }
    }

    @Override
    public void onEnd(StreamConnection c) {
        Inbox in = c.inbox();
        if (headerLength < 0 && lenient) {
            HttpResponse partial = new HttpResponse(-1, in.copy(0, in.length()), new byte[0], c.elapsedNanos(),
                    List.of(), false, false);
            onResponse.accept(new Completed(c, partial));
            if (!c.done()) {
                c.finish(CheckResult.fail("no complete HTTP header from " + HostPort.format(c.remote())));
            }
            return;
        }
        if (headerLength < 0) {
            if (in.length() == 0) {
                c.finish(CheckResult.fail("connection closed by " + HostPort.format(c.remote()) + " without an answer"));
            } else {
                c.finish(CheckResult.fail("incomplete HTTP header from " + HostPort.format(c.remote()) + ": \""
                        + printable(new String(in.copy(0, Math.min(in.length(), 60)), StandardCharsets.ISO_8859_1))
                        + "\""));
            }
            return;
        }
        if (contentLength >= 0 && in.length() - headerLength < contentLength && !lenient) {
            c.finish(CheckResult.fail("HTTP body from " + HostPort.format(c.remote()) + " cut short: "
                    + (in.length() - headerLength) + " of " + contentLength + " bytes"));
            return;
        }
        complete(c, in.length());
    }

    @Override
    public String timeoutReason(StreamConnection c, long timeoutMillis) {
        return (headerLength < 0 ? "no complete HTTP header" : "HTTP body incomplete") + " from "
                + HostPort.format(c.remote()) + " within " + timeoutMillis + " ms (" + c.inbox().length()
                + " bytes received)";
    }

    private void complete(StreamConnection c, int end) {
        Inbox in = c.inbox();
        List<Integer> bodyReads = new ArrayList<>();
        boolean beganWithHeader = false;
        boolean headerSeen = false;
        for (int readEnd : readEnds) {
            if (readEnd < headerLength) {
                continue;
            }
            if (!headerSeen) {
                headerSeen = true;
                beganWithHeader = readEnd > headerLength;
            }
            if (readEnd > headerLength) {
                bodyReads.add(Math.min(readEnd, end) - headerLength);
            }
        }
        HttpResponse response = new HttpResponse(status, in.copy(0, headerLength), in.copy(headerLength, end),
                c.elapsedNanos(), bodyReads, beganWithHeader, true);
        onResponse.accept(new Completed(c, response));
        if (!c.done()) {
            c.finish(CheckResult.ok("HTTP status " + status));
        }
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            b.append(ch >= 0x20 && ch < 0x7f ? ch : '.');
            if (b.length() >= 60) {
                b.append("...");
                break;
            }
        }
        return b.toString();
    }
}
