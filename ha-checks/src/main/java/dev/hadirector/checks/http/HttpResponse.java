package dev.hadirector.checks.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A received HTTP response as a health check sees it: the raw header block (status line to the
 * blank line, inclusive) and the raw body bytes that followed it. Like keepalived, the body is not
 * de-chunked: the digest is over exactly what the server sent.
 *
 * @param bodyReads where, in the body, each socket read ended (genhash -v dumps the body per read)
 * @param bodyBeganWithHeader whether the first body bytes came in the same read as the header's end
 * @param headerComplete false when the server closed before the blank line that ends the header
 *                       (only a lenient fetch reports such a response; header then holds what came)
 */
public record HttpResponse(int status, byte[] header, byte[] body, long elapsedNanos, List<Integer> bodyReads,
                           boolean bodyBeganWithHeader, boolean headerComplete) {

    public HttpResponse {
        bodyReads = List.copyOf(bodyReads);
    }

    /** The body cut where the reads that brought it ended. */
    public List<byte[]> bodySegments() {
        List<byte[]> segments = new ArrayList<>();
        int from = 0;
        for (int end : bodyReads) {
            if (end > from && end <= body.length) {
                segments.add(Arrays.copyOfRange(body, from, end));
                from = end;
            }
        }
        if (from < body.length) {
            segments.add(Arrays.copyOfRange(body, from, body.length));
        }
        return segments;
    }

    public String headerText() {
        return new String(header, StandardCharsets.ISO_8859_1);
    }

    /** MD5 of the body, lower-case hex, as genhash prints it. */
    public String bodyMd5Hex() {
        return HexFormat.of().formatHex(bodyMd5());
    }

    public byte[] bodyMd5() {
        try {
            return MessageDigest.getInstance("MD5").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }
}
