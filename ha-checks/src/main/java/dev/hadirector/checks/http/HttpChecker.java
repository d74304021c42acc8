package dev.hadirector.checks.http;

import dev.hadirector.api.HttpCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.Checker;
import dev.hadirector.checks.HostPort;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.io.StreamConnection;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLEngine;

/**
 * HTTP_GET / SSL_GET: each URL in turn over its own connection; the first URL whose status,
 * digest or regex does not match fails the attempt with that reason.
 */
public final class HttpChecker implements Checker {

    private final HttpCheck spec;
    private final IoReactor reactor;
    private final TlsContexts tls;
    /** One per URL, shared by every attempt: each keeps its compiled regex, expected digest and verdict texts. */
    private final List<UrlVerdict> verdicts;
    private final Optional<InetSocketAddress> bind;
    private volatile Prepared prepared;

    public HttpChecker(HttpCheck spec, IoReactor reactor, TlsContexts tls) {
        this.spec = spec;
        this.reactor = reactor;
        this.tls = tls;
        // the SSL block's files are read now, so a bad file fails the checker's creation, not every attempt
        spec.tlsFiles().ifPresent(files -> tls.prepare(files, spec.verifyTls()));
        this.verdicts = spec.urls().stream().map(UrlVerdict::new).toList();
        this.bind = CheckTarget.bindAddress(spec.endpoint());
    }

    @Override
    public CompletionStage<CheckResult> attempt(CheckTarget target) {
        Prepared p = prepared;
        if (p == null || !p.target.equals(target)) {
            p = prepare(target);
            prepared = p;
        }
        return checkFrom(0, p);
    }

    private Prepared prepare(CheckTarget target) {
        InetSocketAddress remote = target.connectAddress(spec.endpoint());
        Optional<String> virtualHost = spec.virtualHost().or(target::virtualHost);
        String host = virtualHost.orElseGet(() -> HostPort.format(remote));
        byte[][] requests = new byte[spec.urls().size()][];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = HttpFetch.requestBytes(spec.urls().get(i).path(), host, spec.protocol());
        }
        return new Prepared(target, remote, virtualHost, requests);
    }

    private CompletableFuture<CheckResult> checkFrom(int index, Prepared p) {
        CompletableFuture<CheckResult> url = checkUrl(index, p);
        if (index + 1 >= spec.urls().size()) {
            return url;
        }
        return url.thenCompose(result -> result.success() ? checkFrom(index + 1, p)
                : CompletableFuture.completedFuture(result));
    }

    private CompletableFuture<CheckResult> checkUrl(int index, Prepared p) {
        SSLEngine engine = spec.tls()
                ? tls.engine(p.remote, p.virtualHost, spec.sni(), spec.verifyTls(), spec.tlsFiles()) : null;
        UrlVerdict verdict = verdicts.get(index);
        HttpFetch fetch = new HttpFetch(p.requests[index], verdict);
        return StreamConnection.open(reactor.next(), p.remote, bind, spec.endpoint().bindInterface(), engine,
                        spec.timing().connectTimeout(), fetch, HttpFetch.MAX_RESPONSE_BYTES)
                .thenApply(verdict.namingTheUrl);
    }

    /** What every attempt against the last target shares; a checker normally serves one target for its life. */
    private record Prepared(CheckTarget target, InetSocketAddress remote, Optional<String> virtualHost,
                            byte[][] requests) {
    }
}
