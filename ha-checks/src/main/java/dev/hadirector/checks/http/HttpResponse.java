package dev.hadirector.checks.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A received HTTP response as a health check sees it: the raw header block (status line to the
 * blank line, inclusive) and the raw body bytes that followed it. Like keepalived, the body is not
 * de-chunked: the digest is over exactly what the server sent.
 */
public record HttpResponse(int status, byte[] header, byte[] body, long elapsedNanos) {

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
