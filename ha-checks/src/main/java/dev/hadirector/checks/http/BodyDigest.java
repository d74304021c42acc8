package dev.hadirector.checks.http;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * MD5 of a received body, read where it lies. One per I/O thread: the digest, the staging chunk and the result are
 * reused, so checking a digest allocates nothing (a MessageDigest lookup per answer would cost more than the hash).
 */
final class BodyDigest {

    private static final ThreadLocal<BodyDigest> PER_THREAD = ThreadLocal.withInitial(BodyDigest::new);
    private static final int CHUNK = 4096;

    private final MessageDigest md5;
    private final byte[] chunk = new byte[CHUNK];
    private final byte[] result = new byte[16];

    private BodyDigest() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }

    /**
     * The MD5 of bytes [from, to): an array owned by this thread's digest, valid until the thread's next call
     * (copy it to keep it).
     */
    static byte[] md5(ReceivedBytes bytes, int from, int to) {
        return PER_THREAD.get().digest(bytes, from, to);
    }

    private byte[] digest(ReceivedBytes bytes, int from, int to) {
        md5.reset();
        for (int at = from; at < to; at += CHUNK) {
            int n = Math.min(CHUNK, to - at);
            bytes.copyTo(at, chunk, 0, n);
            md5.update(chunk, 0, n);
        }
        try {
            md5.digest(result, 0, result.length);
        } catch (DigestException e) {
            throw new IllegalStateException("an MD5 digest is 16 bytes", e);
        }
        return result;
    }
}
