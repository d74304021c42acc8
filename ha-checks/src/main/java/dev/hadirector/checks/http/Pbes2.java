package dev.hadirector.checks.http;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * PBES2 (RFC 8018 section 6.2) decryption of an EncryptedPrivateKeyInfo, read field by field: the JDK's own
 * parser only knows AES, while OpenSSL also writes des-ede3-cbc (its {@code req -keyout} default). PBKDF2 with any
 * HMAC-SHA PRF; AES-128/192/256-CBC or 3DES-CBC.
 */
final class Pbes2 {

    private static final byte[] PBES2 = oid(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d);
    private static final byte[] PBKDF2 = oid(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c);
    /** 1.2.840.113549.2.x: hmacWithSHA1 (7), SHA224 (8), SHA256 (9), SHA384 (10), SHA512 (11). */
    private static final byte[] HMAC_PREFIX = oid(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02);
    private static final byte[] DES_EDE3_CBC = oid(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x03, 0x07);
    /** 2.16.840.1.101.3.4.1.x: aes128-CBC (2), aes192-CBC (22), aes256-CBC (42). */
    private static final byte[] AES_PREFIX = oid(0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01);

    private Pbes2() {
    }

    static boolean isPbes2(byte[] encryptedPrivateKeyInfo) {
        try {
            DerReader outer = new DerReader(encryptedPrivateKeyInfo).sequence();
            DerReader algorithm = outer.sequence();
            return Arrays.equals(algorithm.read(0x06), PBES2);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** The PKCS#8 PrivateKeyInfo inside; BadPaddingException (almost always) for a wrong password. */
    static byte[] decrypt(byte[] encryptedPrivateKeyInfo, char[] password) throws GeneralSecurityException {
        DerReader outer = new DerReader(encryptedPrivateKeyInfo).sequence();
        DerReader algorithm = outer.sequence();
        algorithm.read(0x06);
        DerReader params = algorithm.sequence();
        byte[] encrypted = outer.read(0x04);

        DerReader kdf = params.sequence();
        if (!Arrays.equals(kdf.read(0x06), PBKDF2)) {
            throw new NoSuchAlgorithmException("PBES2 key derivation other than PBKDF2");
        }
        DerReader kdfParams = kdf.sequence();
        byte[] salt = kdfParams.read(0x04);
        int iterations = kdfParams.integer();
        int keyLength = -1;
        if (kdfParams.more() && kdfParams.peek() == 0x02) {
            keyLength = kdfParams.integer();
        }
        String prf = "PBKDF2WithHmacSHA1";
        if (kdfParams.more()) {
            byte[] prfOid = kdfParams.sequence().read(0x06);
            prf = "PBKDF2WithHmac" + hmacName(prfOid);
        }

        DerReader scheme = params.sequence();
        byte[] cipherOid = scheme.read(0x06);
        byte[] iv = scheme.read(0x04);
        String transformation;
        String keyAlgorithm;
        int cipherKeyLength;
        if (Arrays.equals(cipherOid, DES_EDE3_CBC)) {
            transformation = "DESede/CBC/PKCS5Padding";
            keyAlgorithm = "DESede";
            cipherKeyLength = 24;
        } else if (startsWith(cipherOid, AES_PREFIX) && cipherOid.length == AES_PREFIX.length + 1) {
            cipherKeyLength = switch (cipherOid[cipherOid.length - 1]) {
                case 2 -> 16;
                case 22 -> 24;
                case 42 -> 32;
                default -> throw new NoSuchAlgorithmException("AES mode other than CBC in PBES2");
            };
            transformation = "AES/CBC/PKCS5Padding";
            keyAlgorithm = "AES";
        } else {
            throw new NoSuchAlgorithmException("PBES2 cipher other than AES-CBC or 3DES-CBC");
        }
        if (keyLength >= 0 && keyLength != cipherKeyLength) {
            throw new NoSuchAlgorithmException("PBES2 key length " + keyLength + " does not fit its cipher");
        }
        byte[] key = SecretKeyFactory.getInstance(prf)
                .generateSecret(new PBEKeySpec(password, salt, iterations, cipherKeyLength * 8)).getEncoded();
        Cipher cipher = Cipher.getInstance(transformation);
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, keyAlgorithm), new IvParameterSpec(iv));
        return cipher.doFinal(encrypted);
    }

    private static String hmacName(byte[] prfOid) throws NoSuchAlgorithmException {
        if (startsWith(prfOid, HMAC_PREFIX) && prfOid.length == HMAC_PREFIX.length + 1) {
            switch (prfOid[prfOid.length - 1]) {
                case 7: return "SHA1";
                case 8: return "SHA224";
                case 9: return "SHA256";
                case 10: return "SHA384";
                case 11: return "SHA512";
                default: break;
            }
        }
        throw new NoSuchAlgorithmException("PBKDF2 PRF other than HMAC-SHA1/SHA-2");
    }

    private static boolean startsWith(byte[] value, byte[] prefix) {
        return value.length >= prefix.length && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] oid(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return out;
    }

    /** Reads DER TLVs in order (definite lengths only, as DER requires). */
    static final class DerReader {
        private final byte[] der;
        private int pos;
        private final int end;

        DerReader(byte[] der) {
            this(der, 0, der.length);
        }

        private DerReader(byte[] der, int start, int end) {
            this.der = der;
            this.pos = start;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        int peek() {
            return der[pos] & 0xff;
        }

        /** The contents of the next TLV, which must carry {@code tag}. */
        byte[] read(int tag) {
            int[] range = next(tag);
            return Arrays.copyOfRange(der, range[0], range[1]);
        }

        DerReader sequence() {
            int[] range = next(0x30);
            return new DerReader(der, range[0], range[1]);
        }

        int integer() {
            byte[] value = read(0x02);
            if (value.length > 4) {
                throw new IllegalArgumentException("DER INTEGER of " + value.length + " bytes where a small one is expected");
            }
            int v = value.length > 0 && value[0] < 0 ? -1 : 0;
            for (byte b : value) {
                v = (v << 8) | (b & 0xff);
            }
            return v;
        }

        private int[] next(int tag) {
            if (pos >= end) {
                throw new IllegalArgumentException("DER ends where tag " + tag + " is expected");
            }
            int actual = der[pos++] & 0xff;
            if (actual != tag) {
                throw new IllegalArgumentException("DER tag " + actual + " where " + tag + " is expected");
            }
            int first = der[pos++] & 0xff;
            int length = first;
            if (first >= 0x80) {
                int n = first & 0x7f;
                if (n == 0 || n > 3) {
                    throw new IllegalArgumentException("DER length of " + n + " bytes not supported");
                }
                length = 0;
                for (int i = 0; i < n; i++) {
                    length = (length << 8) | (der[pos++] & 0xff);
                }
            }
            int start = pos;
            if (start + length > end) {
                throw new IllegalArgumentException("DER length " + length + " runs past its container");
            }
            pos = start + length;
            return new int[] {start, pos};
        }
    }
}
