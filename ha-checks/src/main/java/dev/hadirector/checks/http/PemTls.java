package dev.hadirector.checks.http;

import dev.hadirector.api.TlsFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Key and trust managers from PEM files, with the JDK only: certificates (X.509), private keys as PKCS#8 (plain or
 * password-encrypted), PKCS#1 RSA or SEC1 EC (rewrapped as PKCS#8), CA certificates as trust anchors. Every error
 * names the file and what is wrong with it.
 */
public final class PemTls {

    /** rsaEncryption, 1.2.840.113549.1.1.1, with its NULL parameters: the AlgorithmIdentifier of PKCS#1 keys. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** id-ecPublicKey, 1.2.840.10045.2.1. */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02,
            0x01};
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA");
    private static final char[] STORE_PASSWORD = new char[0];

    /** What the SSL block's files give a TLS context. */
    public record Material(Optional<KeyManager[]> keyManagers, Optional<TrustManager[]> trustManagers) {
    }

    private PemTls() {
    }

    /**
     * Reads and checks the files: certificates parse, the key decrypts and belongs to the first certificate.
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    public static Material load(TlsFiles files) {
        Optional<KeyManager[]> keys = Optional.empty();
        if (files.certificate().isPresent()) {
            List<X509Certificate> chain = certificates("certificate", files.certificate().get());
            PrivateKey key = privateKey(files.key().orElseThrow(), files.password());
            requireMatch(key, chain.get(0), files);
            keys = Optional.of(keyManagers(key, chain));
        }
        Optional<TrustManager[]> trust = files.ca().map(ca -> trustManagers(certificates("ca", ca)));
        return new Material(keys, trust);
    }

    static List<X509Certificate> certificates(String field, Path path) {
        PemFile pem = PemFile.read(field, path);
        List<PemFile.Block> blocks = pem.withLabel("CERTIFICATE");
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException(field + " \"" + path + "\" holds no CERTIFICATE block (found "
                    + pem.blocks().stream().map(PemFile.Block::label).toList() + ")");
        }
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (PemFile.Block b : blocks) {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException(field + " \"" + path + "\": certificate " + (out.size() + 1)
                    + " does not parse as X.509: " + e.getMessage(), e);
        }
        return out;
    }

    static PrivateKey privateKey(Path path, Optional<String> password) {
        PemFile pem = PemFile.read("key", path);
        PemFile.Block block = pem.blocks().stream().filter(b -> b.label().endsWith("PRIVATE KEY")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("key \"" + path + "\" holds no PRIVATE KEY block "
                        + "(found " + pem.blocks().stream().map(PemFile.Block::label).toList() + ")"));
        if (block.hasHeaders()) {
            throw new IllegalArgumentException("key \"" + path + "\": " + block.label() + " with PEM headers "
                    + "(OpenSSL's legacy encryption) not supported: convert it with openssl pkcs8 -topk8");
        }
        byte[] pkcs8 = switch (block.label()) {
            case "PRIVATE KEY" -> {
                if (password.isPresent()) {
                    throw new IllegalArgumentException("key \"" + path + "\" is not encrypted but a password is set: "
                            + "remove the password or encrypt the key");
                }
                yield block.der();
            }
            case "ENCRYPTED PRIVATE KEY" -> decrypt(path, block.der(), password);
            case "RSA PRIVATE KEY" -> unencryptedOnly(path, password, Der.sequence(Der.integer(0), RSA_ALGORITHM,
                    Der.octetString(block.der())));
            case "EC PRIVATE KEY" -> unencryptedOnly(path, password, Der.sequence(Der.integer(0),
                    Der.sequence(EC_PUBLIC_KEY_OID, Der.ecCurve(path, block.der())), Der.octetString(block.der())));
            default -> throw new IllegalArgumentException("key \"" + path + "\": " + block.label()
                    + " not supported: must be PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY");
        };
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | RuntimeException notThisOne) {
                // the next algorithm may read it
            }
        }
        throw new IllegalArgumentException("key \"" + path + "\": " + block.label() + " is not a key the JDK reads "
                + "(tried " + String.join(", ", KEY_ALGORITHMS) + ")");
    }

    private static byte[] unencryptedOnly(Path path, Optional<String> password, byte[] pkcs8) {
        if (password.isPresent()) {
            throw new IllegalArgumentException("key \"" + path + "\" is not encrypted but a password is set: "
                    + "remove the password or encrypt the key");
        }
        return pkcs8;
    }

    private static byte[] decrypt(Path path, byte[] der, Optional<String> password) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("key \"" + path + "\" is encrypted: set its password");
        }
        try {
            byte[] plain = Pbes2.isPbes2(der) ? Pbes2.decrypt(der, password.get().toCharArray())
                    : decryptPbes1(der, password.get().toCharArray());
            return plain;
        } catch (javax.crypto.BadPaddingException | java.security.spec.InvalidKeySpecException e) {
            throw new IllegalArgumentException("key \"" + path + "\" does not decrypt with the password given: "
                    + "wrong password", e);
        } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException
                 | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("key \"" + path + "\": encryption not supported: " + e.getMessage(), e);
        }
    }

    /** The older password-based schemes (PKCS#5 v1.5, PKCS#12 PBE), which the JDK names and runs itself. */
    private static byte[] decryptPbes1(byte[] der, char[] password) throws GeneralSecurityException,
            java.io.IOException {
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
        SecretKeyFactory factory = SecretKeyFactory.getInstance(info.getAlgName());
        Cipher cipher = Cipher.getInstance(info.getAlgName());
        cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password)), info.getAlgParameters());
        return info.getKeySpec(cipher).getEncoded();
    }

    /** The key must sign what the certificate's public key verifies, or the server would refuse us later. */
    private static void requireMatch(PrivateKey key, X509Certificate certificate, TlsFiles files) {
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        boolean match;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            match = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            match = false;
        }
        if (!match) {
            throw new IllegalArgumentException("key \"" + files.key().orElseThrow() + "\" does not belong to "
                    + "certificate \"" + files.certificate().orElseThrow() + "\" (" + certificate
                    .getSubjectX500Principal().getName() + "): must be that certificate's private key");
        }
    }

    private static KeyManager[] keyManagers(PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, STORE_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, STORE_PASSWORD);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("the JDK cannot hold the client key: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(List<X509Certificate> cas) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("the JDK cannot hold the CA certificates: " + e.getMessage(), e);
        }
    }

    /** The few DER pieces PKCS#1 and SEC1 keys need to become PKCS#8 (ITU-T X.690). */
    static final class Der {
        private Der() {
        }

        static byte[] sequence(byte[]... parts) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            for (byte[] p : parts) {
                content.writeBytes(p);
            }
            return tlv(0x30, content.toByteArray());
        }

        static byte[] integer(int small) {
            return new byte[] {0x02, 0x01, (byte) small};
        }

        static byte[] octetString(byte[] content) {
            return tlv(0x04, content);
        }

        static byte[] tlv(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
            out.write(tag);
            int n = content.length;
            if (n < 0x80) {
                out.write(n);
            } else {
                int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
                out.write(0x80 | bytes);
                for (int i = bytes - 1; i >= 0; i--) {
                    out.write(n >>> (8 * i));
                }
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        /**
         * The curve OID (whole TLV) of a SEC1 ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING key,
         * [0] parameters OPTIONAL, [1] public key OPTIONAL } (RFC 5915).
         */
        static byte[] ecCurve(Path path, byte[] sec1) {
            try {
                int[] pos = {0};
                expectHeader(sec1, pos, 0x30);
                skip(sec1, pos, 0x02);
                skip(sec1, pos, 0x04);
                if (pos[0] < sec1.length && (sec1[pos[0]] & 0xff) == 0xa0) {
                    expectHeader(sec1, pos, 0xa0);
                    int start = pos[0];
                    skip(sec1, pos, 0x06);
                    return java.util.Arrays.copyOfRange(sec1, start, pos[0]);
                }
            } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                throw new IllegalArgumentException("key \"" + path + "\": EC PRIVATE KEY is not valid SEC1 DER", e);
            }
            throw new IllegalArgumentException("key \"" + path + "\": EC PRIVATE KEY names no named curve: "
                    + "write it with openssl ec -param_enc named_curve");
        }

        private static int expectHeader(byte[] der, int[] pos, int tag) {
            if ((der[pos[0]] & 0xff) != tag) {
                throw new IllegalArgumentException("tag " + (der[pos[0]] & 0xff) + " where " + tag + " expected");
            }
            pos[0]++;
            int first = der[pos[0]++] & 0xff;
            if (first < 0x80) {
                return first;
            }
            int length = 0;
            for (int i = 0; i < (first & 0x7f); i++) {
                length = (length << 8) | (der[pos[0]++] & 0xff);
            }
            return length;
        }

        private static void skip(byte[] der, int[] pos, int tag) {
            int length = expectHeader(der, pos, tag);
            pos[0] += length;
            if (pos[0] > der.length) {
                throw new IllegalArgumentException("length past the end");
            }
        }
    }

}
