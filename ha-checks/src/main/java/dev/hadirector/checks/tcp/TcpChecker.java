package dev.hadirector.checks.tcp;

import dev.hadirector.api.TcpCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.Checker;
import dev.hadirector.checks.HostPort;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.io.StreamConnection;
import dev.hadirector.checks.io.StreamExchange;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/** TCP_CHECK: success as soon as the three-way handshake completes; the connection is closed at once. */
public final class TcpChecker implements Checker {

    private final TcpCheck spec;
    private final IoReactor reactor;

    public TcpChecker(TcpCheck spec, IoReactor reactor) {
        this.spec = spec;
        this.reactor = reactor;
    }

    @Override
    public CompletionStage<CheckResult> attempt(CheckTarget target) {
        InetSocketAddress remote = target.connectAddress(spec.endpoint());
        return StreamConnection.open(reactor.next(), remote, CheckTarget.bindAddress(spec.endpoint()),
                spec.endpoint().bindInterface(), null,
                spec.timing().connectTimeout(), new StreamExchange() {
                    @Override
                    public void onOpen(StreamConnection c) {
                        c.finish(CheckResult.ok("connected to " + HostPort.format(remote)));
                    }

                    @Override
                    public void onData(StreamConnection c) {
                    }

                    @Override
                    public void onEnd(StreamConnection c) {
                    }
                }, 1);
    }
}
