package dev.hadirector.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * HTTP_GET / SSL_GET: GET each URL in turn; all must answer as expected.
 *
 * @param tls         SSL_GET (true) or HTTP_GET (false)
 * @param urls        the URLs, checked in order
 * @param virtualHost virtualhost: the Host header (and the SNI name); default the connect address
 * @param sni         enable_sni: send Server Name Indication (TLS only)
 * @param verifyTls   verify the server's certificate chain and name against the JVM's trust store
 * @param protocol    http_protocol
 * @param tlsFiles    the client certificate and key to present, and the CA to verify the server against (TLS only)
 */
public record HttpCheck(CheckTiming timing, CheckEndpoint endpoint, boolean tls, List<UrlCheck> urls,
                        Optional<String> virtualHost, boolean sni, boolean verifyTls, HttpProtocol protocol,
                        Optional<TlsFiles> tlsFiles)
        implements HealthCheck {

    /** The request line's version and connection handling (genhash -P). */
    public enum HttpProtocol {
        HTTP_1_0("HTTP/1.0", false),
        HTTP_1_0_CLOSE("HTTP/1.0", true),
        HTTP_1_1("HTTP/1.1", true);

        private final String version;
        private final boolean connectionClose;

        HttpProtocol(String version, boolean connectionClose) {
            this.version = version;
            this.connectionClose = connectionClose;
        }

        public String version() {
            return version;
        }

        /** Whether the request carries {@code Connection: close}. */
        public boolean connectionClose() {
            return connectionClose;
        }
    }

    public HttpCheck {
        SpecRules.notNull("timing", timing);
        SpecRules.notNull("endpoint", endpoint);
        SpecRules.notNull("urls", urls);
        SpecRules.notNull("virtualHost", virtualHost);
        SpecRules.notNull("protocol", protocol);
        SpecRules.notNull("tlsFiles", tlsFiles);
        if (!tls && tlsFiles.isPresent()) {
            throw new IllegalArgumentException("tlsFiles " + tlsFiles.get() + " set on an HTTP_GET check: they apply "
                    + "to SSL_GET (https) only");
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("urls empty: an " + (tls ? "SSL_GET" : "HTTP_GET")
                    + " check needs at least one url");
        }
        urls = List.copyOf(urls);
        virtualHost.ifPresent(v -> {
            if (v.isBlank() || v.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
                throw new IllegalArgumentException("virtualHost \"" + v
                        + "\" invalid: must be a host name without spaces or control characters");
            }
        });
        if (!tls && (sni || verifyTls)) {
            throw new IllegalArgumentException("sni " + sni + " / verifyTls " + verifyTls
                    + " set on an HTTP_GET check: they apply to SSL_GET (https) only");
        }
    }

    @Override
    public String kind() {
        return tls ? "SSL_GET" : "HTTP_GET";
    }

    /**
     * Builder of {@link HttpCheck}. {@code url(path)} starts a URL; the expectations that follow
     * ({@code expectStatus}, {@code digest}, {@code regex}) apply to the URL started last.
     */
    public static final class Builder extends CheckBuilder<Builder, HttpCheck> {
        private final boolean tls;
        private final List<UrlCheck> urls = new ArrayList<>();
        private String virtualHost;
        private boolean sni;
        private boolean verifyTls;
        private HttpProtocol protocol = HttpProtocol.HTTP_1_0;
        private TlsFiles tlsFiles;

        Builder(boolean tls) {
            super(1, java.time.Duration.ofSeconds(3));
            this.tls = tls;
        }

        /** Adds a URL with keepalived's default expectation (status 200-299). */
        public Builder url(String path) {
            urls.add(UrlCheck.of(path));
            return this;
        }

        /** Adds a fully specified URL. */
        public Builder url(UrlCheck url) {
            urls.add(SpecRules.notNull("url", url));
            return this;
        }

        private UrlCheck last(String field) {
            if (urls.isEmpty()) {
                throw new IllegalStateException(field + " set before any url: call url(path) first");
            }
            return urls.get(urls.size() - 1);
        }

        private Builder replaceLast(UrlCheck url) {
            urls.set(urls.size() - 1, url);
            return this;
        }

        /** status_code of the last URL: single codes. */
        public Builder expectStatus(int... codes) {
            UrlCheck u = last("expectStatus");
            return replaceLast(new UrlCheck(u.path(), StatusCodes.of(codes), u.digest(), u.regex()));
        }

        /** status_code of the last URL: codes and ranges, e.g. {@code "200-299 503"}. */
        public Builder expectStatus(String codesAndRanges) {
            UrlCheck u = last("expectStatus");
            return replaceLast(new UrlCheck(u.path(), StatusCodes.parse(codesAndRanges), u.digest(), u.regex()));
        }

        /** digest of the last URL's body (MD5 hex, as genhash prints it). */
        public Builder digest(String md5Hex) {
            UrlCheck u = last("digest");
            return replaceLast(new UrlCheck(u.path(), u.statusCodes(), Optional.of(SpecRules.notNull("digest", md5Hex)),
                    u.regex()));
        }

        /** regex the last URL's body must match. */
        public Builder regex(String regex) {
            UrlCheck u = last("regex");
            return replaceLast(u.withRegex(Optional.of(onUrl(u, () -> BodyRegex.of(SpecRules.notNull("regex", regex))))));
        }

        /** regex the last URL's body must not match (regex_no_match). */
        public Builder regexNoMatch(String regex) {
            UrlCheck u = last("regexNoMatch");
            return replaceLast(u.withRegex(Optional.of(onUrl(u,
                    () -> BodyRegex.of(SpecRules.notNull("regex", regex)).noMatch(true)))));
        }

        /** The last URL's regex with all its settings. */
        public Builder regex(BodyRegex regex) {
            UrlCheck u = last("regex");
            return replaceLast(u.withRegex(Optional.of(SpecRules.notNull("regex", regex))));
        }

        /** regex_options of the last URL's regex (set the regex first). */
        public Builder regexOptions(RegexOption... options) {
            BodyRegex r = lastRegex("regexOptions");
            UrlCheck u = last("regexOptions");
            return replaceLast(u.withRegex(Optional.of(onUrl(u, () -> r.options(options)))));
        }

        /** regex_min_offset and regex_max_offset of the last URL's regex, in bytes (set the regex first). */
        public Builder regexOffsets(int minOffset, int maxOffset) {
            BodyRegex r = lastRegex("regexOffsets");
            UrlCheck u = last("regexOffsets");
            return replaceLast(u.withRegex(Optional.of(onUrl(u, () -> r.offsets(minOffset, Optional.of(maxOffset))))));
        }

        /** regex_min_offset of the last URL's regex, in bytes (set the regex first). */
        public Builder regexMinOffset(int minOffset) {
            BodyRegex r = lastRegex("regexMinOffset");
            UrlCheck u = last("regexMinOffset");
            return replaceLast(u.withRegex(Optional.of(onUrl(u, () -> r.offsets(minOffset,
                    r.maxOffset().isPresent() ? Optional.of(r.maxOffset().getAsInt()) : Optional.empty())))));
        }

        /** Builds a regex setting; a refusal names the url it was for. */
        private static BodyRegex onUrl(UrlCheck u, java.util.function.Supplier<BodyRegex> step) {
            try {
                return step.get();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("url " + u.path() + ": " + e.getMessage(), e);
            }
        }

        private BodyRegex lastRegex(String field) {
            return last(field).regex().orElseThrow(() -> new IllegalStateException(field
                    + " set on url " + last(field).path() + " without a regex: call regex(...) first"));
        }

        /** virtualhost. */
        public Builder virtualHost(String host) {
            this.virtualHost = SpecRules.notBlank("virtualHost", host);
            return this;
        }

        /** enable_sni (SSL_GET only): the virtual host is sent as the server name; without one, none is sent. */
        public Builder sni(boolean enable) {
            this.sni = enable;
            return this;
        }

        /** Verify the certificate (SSL_GET only); keepalived does not, so the default is off. */
        public Builder verifyTls(boolean verify) {
            this.verifyTls = verify;
            return this;
        }

        /** http_protocol. */
        public Builder protocol(HttpProtocol protocol) {
            this.protocol = SpecRules.notNull("protocol", protocol);
            return this;
        }

        /** The SSL block's files (SSL_GET only): a client certificate and key, and a CA for the server's chain. */
        public Builder tlsFiles(TlsFiles files) {
            this.tlsFiles = SpecRules.notNull("tlsFiles", files);
            return this;
        }

        @Override
        public HttpCheck build() {
            return new HttpCheck(timing(), endpoint(), tls, urls, Optional.ofNullable(virtualHost), sni, verifyTls,
                    protocol, Optional.ofNullable(tlsFiles));
        }
    }
}
