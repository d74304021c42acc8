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
        String peerHost = virtualHost.orElseGet(() -> dev.hadirector.checks.HostPort.address(remote.getAddress()));
        SSLEngine engine = (verify ? verifying : trustingAll).createSSLEngine(peerHost, remote.getPort());
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
