package dev.hadirector.checks.http;

import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS client side of SSL_GET: without verification (keepalived's behaviour) any certificate is
 * accepted; with it, the chain must lead to the given trust and the name (virtual host, else the
 * IP address) must match.
 */
public final class TlsContexts {

    private final SSLContext verifying;
    private final SSLContext trustingAll;
    /** One context per SSL block and verification mode: the files are read once, not per connection. */
    private final java.util.Map<FilesKey, SSLContext> withFiles = new java.util.concurrent.ConcurrentHashMap<>();

    private record FilesKey(dev.hadirector.api.TlsFiles files, boolean verify) {
    }

    /** @param verifying the context used when a check asks for verification (the JVM default if null) */
    public TlsContexts(SSLContext verifying) {
        try {
            this.verifying = verifying != null ? verifying : SSLContext.getDefault();
            this.trustingAll = SSLContext.getInstance("TLS");
            this.trustingAll.init(null, new TrustManager[] {new AcceptAnyCertificate()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot create a TLS context: " + e.getMessage(), e);
        }
    }

    /** A client engine for one connection. */
    public SSLEngine engine(InetSocketAddress remote, Optional<String> virtualHost, boolean sni, boolean verify) {
        return engine(remote, virtualHost, sni, verify, Optional.empty());
    }

    /**
     * A client engine for one connection that presents the files' client certificate and, when they hold a CA,
     * verifies the server's chain against it (the name too only with {@code verify}).
     */
    public SSLEngine engine(InetSocketAddress remote, Optional<String> virtualHost, boolean sni, boolean verify,
                            Optional<dev.hadirector.api.TlsFiles> files) {
        String peerHost = virtualHost.orElseGet(() -> dev.hadirector.checks.HostPort.address(remote.getAddress()));
        SSLContext context = files.map(f -> prepare(f, verify)).orElse(verify ? verifying : trustingAll);
        SSLEngine engine = context.createSSLEngine(peerHost, remote.getPort());
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        if (sni && virtualHost.isPresent()) {
            params.setServerNames(List.of(new SNIHostName(virtualHost.get())));
        } else {
            params.setServerNames(List.of());
        }
        if (verify) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(params);
        return engine;
    }

    /**
     * The context of these files, made (files read and checked) on first use.
     *
     * @throws IllegalArgumentException naming the file that cannot be used
     */
    public SSLContext prepare(dev.hadirector.api.TlsFiles files, boolean verify) {
        return withFiles.computeIfAbsent(new FilesKey(files, verify), k -> {
            PemTls.Material material = PemTls.load(files);
            TrustManager[] trust = material.trustManagers()
                    .orElse(verify ? null : new TrustManager[] {new AcceptAnyCertificate()});
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(material.keyManagers().orElse(null), trust, null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK cannot create a TLS context for " + files + ": "
                        + e.getMessage(), e);
            }
        });
    }

    /** keepalived does not verify checked servers' certificates unless asked to. */
    private static final class AcceptAnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
