package dev.hadirector.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The PEM files of SSL_GET checks (keepalived's global {@code SSL { password, ca, certificate, key }} block): a client
 * certificate (its chain may follow it in the same file) with its private key, the key's password, and the CA
 * certificates the server's chain must lead to. The files are read when a checker is made; here they must exist.
 *
 * @param certificate the client certificate chain, PEM
 * @param key         its private key, PEM: PKCS#8 (plain or encrypted), PKCS#1 RSA or SEC1 EC; may be the
 *                    certificate's own file
 * @param password    the password of an encrypted key
 * @param ca          CA certificates, PEM: with them, the server's chain is verified
 */
public record TlsFiles(Optional<Path> certificate, Optional<Path> key, Optional<String> password, Optional<Path> ca) {

    public TlsFiles {
        SpecRules.notNull("certificate", certificate);
        SpecRules.notNull("key", key);
        SpecRules.notNull("password", password);
        SpecRules.notNull("ca", ca);
        certificate.ifPresent(p -> readable("certificate", p));
        key.ifPresent(p -> readable("key", p));
        ca.ifPresent(p -> readable("ca", p));
        if (certificate.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException(certificate.isPresent()
                    ? "certificate \"" + certificate.get() + "\" without a key: set key (it may be the same file)"
                    : "key \"" + key.get() + "\" without a certificate: set certificate");
        }
        if (password.isPresent() && key.isEmpty()) {
            throw new IllegalArgumentException("password set without a key: it decrypts the key, set key");
        }
        if (certificate.isEmpty() && ca.isEmpty()) {
            throw new IllegalArgumentException("TLS files empty: set certificate and key, or ca, or both");
        }
    }

    private static void readable(String field, Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(field + " \"" + path + "\" not found: must be an existing PEM file");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(field + " \"" + path + "\" not readable: check its permissions");
        }
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "TlsFiles[certificate=" + certificate.map(Path::toString).orElse("-") + ", key="
                + key.map(Path::toString).orElse("-") + ", password=" + (password.isPresent() ? "(set)" : "-")
                + ", ca=" + ca.map(Path::toString).orElse("-") + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link TlsFiles}. */
    public static final class Builder {
        private Path certificate;
        private Path key;
        private String password;
        private Path ca;

        private Builder() {
        }

        /** The client certificate (chain), PEM. */
        public Builder certificate(Path file) {
            this.certificate = SpecRules.notNull("certificate", file);
            return this;
        }

        /** The client certificate's private key, PEM. */
        public Builder key(Path file) {
            this.key = SpecRules.notNull("key", file);
            return this;
        }

        /** The password of an encrypted key. */
        public Builder password(String password) {
            this.password = SpecRules.notNull("password", password);
            return this;
        }

        /** The CA certificates the server's chain must lead to, PEM. */
        public Builder ca(Path file) {
            this.ca = SpecRules.notNull("ca", file);
            return this;
        }

        public TlsFiles build() {
            return new TlsFiles(Optional.ofNullable(certificate), Optional.ofNullable(key),
                    Optional.ofNullable(password), Optional.ofNullable(ca));
        }
    }
}
