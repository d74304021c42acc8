package dev.hadirector.checks;

import dev.hadirector.api.DnsCheck;
import dev.hadirector.api.FileCheck;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.HttpCheck;
import dev.hadirector.api.MiscCheck;
import dev.hadirector.api.PingCheck;
import dev.hadirector.api.SmtpCheck;
import dev.hadirector.api.TcpCheck;
import dev.hadirector.api.UdpCheck;
import dev.hadirector.checks.dns.DnsChecker;
import dev.hadirector.checks.file.FileChecker;
import dev.hadirector.checks.http.HttpChecker;
import dev.hadirector.checks.http.TlsContexts;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.misc.MiscChecker;
import dev.hadirector.checks.ping.EchoService;
import dev.hadirector.checks.ping.EchoSocketFactory;
import dev.hadirector.checks.ping.PingChecker;
import dev.hadirector.checks.smtp.SmtpChecker;
import dev.hadirector.checks.tcp.TcpChecker;
import dev.hadirector.checks.udp.UdpChecker;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Makes the {@link Checker} of a spec. All network checkers share the reactor's threads; PING_CHECK
 * needs an {@link EchoSocketFactory} (normally {@link dev.hadirector.checks.ping.RawEchoSocketFactory}).
 */
public final class Checkers implements AutoCloseable {

    private final IoReactor reactor;
    private final TlsContexts tls;
    private final Optional<EchoService> echo;

    /**
     * @param reactor     the I/O threads
     * @param verifyingTls the trust used by SSL_GET checks that verify certificates (null: the JVM's)
     * @param echoSockets  the ICMP sockets for PING_CHECK, or null when there are none
     */
    public Checkers(IoReactor reactor, SSLContext verifyingTls, EchoSocketFactory echoSockets) {
        this.reactor = Objects.requireNonNull(reactor, "reactor");
        this.tls = new TlsContexts(verifyingTls);
        this.echo = Optional.ofNullable(echoSockets).map(f -> new EchoService(reactor.next(), f));
    }

    public Checker forSpec(HealthCheck spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec instanceof TcpCheck tcp) {
            return new TcpChecker(tcp, reactor);
        } else if (spec instanceof HttpCheck http) {
            return new HttpChecker(http, reactor, tls);
        } else if (spec instanceof SmtpCheck smtp) {
            return new SmtpChecker(smtp, reactor);
        } else if (spec instanceof DnsCheck dns) {
            return new DnsChecker(dns, reactor);
        } else if (spec instanceof UdpCheck udp) {
            return new UdpChecker(udp, reactor);
        } else if (spec instanceof PingCheck ping) {
            return new PingChecker(ping, echo.orElseThrow(() -> new IllegalStateException(
                    "PING_CHECK needs ICMP sockets: no EchoSocketFactory was given (ha-kernel provides raw sockets)")));
        } else if (spec instanceof FileCheck file) {
            return new FileChecker(file, reactor.next()::execute);
        } else if (spec instanceof MiscCheck misc) {
            return new MiscChecker(misc, reactor);
        }
        throw new IllegalArgumentException("spec " + spec.kind() + " has no checker");
    }

    @Override
    public void close() {
        echo.ifPresent(EchoService::close);
    }
}
