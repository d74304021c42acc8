package dev.hadirector.checks.http;

import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.HostPort;
import dev.hadirector.checks.io.StreamConnection;
import dev.hadirector.checks.io.StreamExchange;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * One GET over a {@link StreamConnection}: sends the request as keepalived does, reads the answer until the server
 * closes, Content-Length bytes of body arrived, or a chunked body's last chunk and trailer came, and then either
 * has a {@link Judge} rule on the answer where it lies in the inbox (a health check: nothing is copied) or hands a
 * copied {@link HttpResponse} to {@code onResponse} (genhash). Either way the connection is finished with a verdict.
 *
 * <p>The header is read from the received bytes by {@link HeaderFields}, once, when its end has come; the search for
 * that end resumes where the previous read left it, and a chunked body is followed as it arrives, so no byte is
 * scanned twice however the answer is split.
 */
public final class HttpFetch implements StreamExchange {

    /** The most an answer may hold; a health page is small. */
    public static final int MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

    /** The longest header waited for. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    /** Rules on a complete answer read in place: the body is bytes [bodyFrom, bodyTo) of {@code received}. */
    @FunctionalInterface
    interface Judge {
        CheckResult judge(int status, ReceivedBytes received, int bodyFrom, int bodyTo);
    }

    /** The response and the connection to finish with a verdict. */
    public record Completed(StreamConnection connection, HttpResponse response) {
    }

    private final byte[] request;
    private final Judge judge;
    private final Consumer<Completed> onResponse;
    private final boolean lenient;

    private ReceivedBytes received;
    private int headerSearchFrom;
    private int headerLength = -1;
    private int status;
    private long contentLength = -1;
    private ChunkedFraming chunks;
    /** Where each read ended, for genhash's per-read dump; only kept for {@code onResponse}. */
    private int[] readEnds;
    private int reads;

    public HttpFetch(String path, String hostHeader, dev.hadirector.api.HttpCheck.HttpProtocol protocol,
                     Consumer<Completed> onResponse) {
        this(requestBytes(path, hostHeader, protocol), onResponse, false);
    }

    /** A fetch sending {@code request} as it is (built by {@link #requestBytes}, shared by every attempt). */
    HttpFetch(byte[] request, Consumer<Completed> onResponse, boolean lenient) {
        this.request = request;
        this.judge = null;
        this.onResponse = onResponse;
        this.lenient = lenient;
        this.readEnds = new int[8];
    }

    /** A health check's fetch: {@code judge} rules on the answer in place; nothing of it is copied. */
    HttpFetch(byte[] request, Judge judge) {
        this.request = request;
        this.judge = judge;
        this.onResponse = null;
        this.lenient = false;
    }

    /**
     * A fetch that judges nothing, as genhash: an unreadable status line gives status -1, and a
     * close before the header's end still yields a response (with {@code headerComplete} false).
     * Like keepalived's genhash it reads a body without a Content-Length to the server's close.
     */
    public static HttpFetch lenient(String path, String hostHeader, dev.hadirector.api.HttpCheck.HttpProtocol protocol,
                                    Consumer<Completed> onResponse) {
        return new HttpFetch(requestBytes(path, hostHeader, protocol), onResponse, true);
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
        ReceivedBytes in = received(c);
        int length = in.length();
        if (readEnds != null) {
            recordRead(length);
        }
        if (headerLength < 0 && !readHeader(c, in, length)) {
            return;
        }
        if (contentLength >= 0) {
            if (length - headerLength >= contentLength) {
                complete(c, (int) Math.min(length, headerLength + contentLength));
            }
        } else if (chunks != null) {
            int end = chunks.advance(in);
            if (end >= 0) {
                complete(c, end);
            }
        }
    }

    /** Reads the header once its end has come; false while it has not, or when the answer already failed. */
    private boolean readHeader(StreamConnection c, ReceivedBytes in, int length) {
        int end = HeaderFields.headerEnd(in, headerSearchFrom);
        if (end < 0) {
            headerSearchFrom = Math.max(0, length - 3);
            if (length >= MAX_HEADER_BYTES) {
                c.finish(CheckResult.fail("HTTP header from " + HostPort.format(c.remote())
                        + " longer than 65536 bytes"));
            }
            return false;
        }
        headerLength = end + 4;
        int statusLineEnd = HeaderFields.statusLineEnd(in, headerLength);
        status = HeaderFields.statusCode(in, statusLineEnd);
        if (status < 0 && !lenient) {
            c.finish(CheckResult.fail("malformed HTTP status line from " + HostPort.format(c.remote()) + ": \""
                    + printable(in, statusLineEnd) + "\""));
            return false;
        }
        contentLength = HeaderFields.contentLength(in, headerLength);
        if (contentLength < 0 && !lenient && HeaderFields.chunked(in, headerLength)) {
            chunks = new ChunkedFraming(headerLength);
        }
        return true;
    }

    @Override
    public void onEnd(StreamConnection c) {
        ReceivedBytes in = received(c);
        int length = in.length();
        if (headerLength < 0 && lenient) {
            HttpResponse partial = new HttpResponse(-1, c.inbox().copy(0, length), new byte[0], c.elapsedNanos(),
                    List.of(), false, false);
            onResponse.accept(new Completed(c, partial));
            if (!c.done()) {
                c.finish(CheckResult.fail("no complete HTTP header from " + HostPort.format(c.remote())));
            }
            return;
        }
        if (headerLength < 0) {
            if (length == 0) {
                c.finish(CheckResult.fail("connection closed by " + HostPort.format(c.remote()) + " without an answer"));
            } else {
                c.finish(CheckResult.fail("incomplete HTTP header from " + HostPort.format(c.remote()) + ": \""
                        + printable(in, Math.min(length, 60)) + "\""));
            }
            return;
        }
        if (contentLength >= 0 && length - headerLength < contentLength && !lenient) {
            c.finish(CheckResult.fail("HTTP body from " + HostPort.format(c.remote()) + " cut short: "
                    + (length - headerLength) + " of " + contentLength + " bytes"));
            return;
        }
        complete(c, length);
    }

    @Override
    public String timeoutReason(StreamConnection c, long timeoutMillis) {
        return (headerLength < 0 ? "no complete HTTP header" : "HTTP body incomplete") + " from "
                + HostPort.format(c.remote()) + " within " + timeoutMillis + " ms (" + c.inbox().length()
                + " bytes received)";
    }

    private ReceivedBytes received(StreamConnection c) {
        if (received == null) {
            received = new InboxBytes(c.inbox());
        }
        return received;
    }

    private void recordRead(int end) {
        if (reads == readEnds.length) {
            readEnds = Arrays.copyOf(readEnds, reads * 2);
        }
        readEnds[reads++] = end;
    }

    private void complete(StreamConnection c, int end) {
        if (judge != null) {
            c.finish(judge.judge(status, received, headerLength, end));
            return;
        }
        onResponse.accept(new Completed(c, response(c, end)));
        if (!c.done()) {
            c.finish(CheckResult.ok("HTTP status " + status));
        }
    }

    /** The answer copied out, with where each read that brought its body ended. */
    private HttpResponse response(StreamConnection c, int end) {
        Integer[] bodyReads = new Integer[reads];
        int count = 0;
        boolean beganWithHeader = false;
        boolean headerSeen = false;
        for (int r = 0; r < reads; r++) {
            int readEnd = readEnds[r];
            if (readEnd < headerLength) {
                continue;
            }
            if (!headerSeen) {
                headerSeen = true;
                beganWithHeader = readEnd > headerLength;
            }
            if (readEnd > headerLength) {
                bodyReads[count++] = Math.min(readEnd, end) - headerLength;
            }
        }
        return new HttpResponse(status, c.inbox().copy(0, headerLength), c.inbox().copy(headerLength, end),
                c.elapsedNanos(), Arrays.asList(bodyReads).subList(0, count), beganWithHeader, true);
    }

    /** The first {@code end} received bytes with what is not printable ASCII shown as '.', cut after 60. */
    static String printable(ReceivedBytes in, int end) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < end; i++) {
            int ch = in.byteAt(i) & 0xff;
            b.append(ch >= 0x20 && ch < 0x7f ? (char) ch : '.');
            if (b.length() >= 60) {
                b.append("...");
                break;
            }
        }
        return b.toString();
    }
}
