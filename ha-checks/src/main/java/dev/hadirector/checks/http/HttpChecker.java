package dev.hadirector.checks.http;

import dev.hadirector.api.HttpCheck;
import dev.hadirector.api.UrlCheck;
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
    private final List<BodyMatcher> matchers;

    public HttpChecker(HttpCheck spec, IoReactor reactor, TlsContexts tls) {
        this.spec = spec;
        this.reactor = reactor;
        this.tls = tls;
        // the SSL block's files are read now, so a bad file fails the checker's creation, not every attempt
        spec.tlsFiles().ifPresent(files -> tls.prepare(files, spec.verifyTls()));
        this.matchers = spec.urls().stream().map(u -> u.regex().map(BodyMatcher::new).orElse(null)).toList();
    }

    @Override
    public CompletionStage<CheckResult> attempt(CheckTarget target) {
        InetSocketAddress remote = target.connectAddress(spec.endpoint());
        Optional<String> virtualHost = spec.virtualHost().or(target::virtualHost);
        return checkFrom(0, remote, virtualHost);
    }

    private CompletableFuture<CheckResult> checkFrom(int index, InetSocketAddress remote, Optional<String> virtualHost) {
        return checkUrl(index, remote, virtualHost).thenCompose(result -> {
            if (!result.success() || index + 1 >= spec.urls().size()) {
                return CompletableFuture.completedFuture(result);
            }
            return checkFrom(index + 1, remote, virtualHost);
        });
    }

    private CompletableFuture<CheckResult> checkUrl(int index, InetSocketAddress remote, Optional<String> virtualHost) {
        UrlCheck url = spec.urls().get(index);
        BodyMatcher matcher = matchers.get(index);
        String host = virtualHost.orElseGet(() -> HostPort.format(remote));
        SSLEngine engine = spec.tls() ? tls.engine(remote, virtualHost, spec.sni(), spec.verifyTls(), spec.tlsFiles()) : null;
        HttpFetch fetch = new HttpFetch(url.path(), host, spec.protocol(),
                done -> done.connection().finish(verdict(url, matcher, done.response())));
        return StreamConnection.open(reactor.next(), remote, CheckTarget.bindAddress(spec.endpoint()),
                        spec.endpoint().bindInterface(), engine,
                        spec.timing().connectTimeout(), fetch, HttpFetch.MAX_RESPONSE_BYTES)
                .thenApply(r -> r.success() || r.reason().contains(url.path()) ? r
                        : new CheckResult(false, r.reason() + " (GET " + url.path() + ")", r.weight()));
    }

    static CheckResult verdict(UrlCheck url, BodyMatcher matcher, HttpResponse response) {
        if (!url.statusCodes().contains(response.status())) {
            return CheckResult.fail("HTTP status " + response.status() + " not in " + url.statusCodes()
                    + " (GET " + url.path() + ")");
        }
        Optional<String> digest = url.digest();
        if (digest.isPresent()) {
            String actual = response.bodyMd5Hex();
            if (!actual.equals(digest.get())) {
                return CheckResult.fail("digest mismatch (GET " + url.path() + "): body MD5 " + actual
                        + ", expected " + digest.get());
            }
        }
        if (matcher != null) {
            boolean found;
            try {
                found = matcher.find(response.body());
            } catch (StackOverflowError tooDeep) {
                return CheckResult.fail("regex \"" + matcher.regex().pattern() + "\" too deep for the thread stack on a "
                        + response.body().length + "-byte body (GET " + url.path() + ")");
            }
            if (found == url.regexNoMatch()) {
                return CheckResult.fail("body " + (found ? "matches" : "does not match") + " regex \""
                        + matcher.regex().pattern() + "\" (GET " + url.path() + ")");
            }
        }
        return CheckResult.ok("HTTP status " + response.status() + " (GET " + url.path() + ")");
    }
}
