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
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** TCP_CHECK: success as soon as the three-way handshake completes; the connection is closed at once. */
public final class TcpChecker implements Checker {

    private final TcpCheck spec;
    private final IoReactor reactor;
    private final Optional<InetSocketAddress> bind;
    /** What every attempt against the last target shares; a checker normally serves one target for its life. */
    private volatile Prepared prepared;

    public TcpChecker(TcpCheck spec, IoReactor reactor) {
        this.spec = spec;
        this.reactor = reactor;
        this.bind = CheckTarget.bindAddress(spec.endpoint());
    }

    @Override
    public CompletionStage<CheckResult> attempt(CheckTarget target) {
        Prepared p = prepared;
        if (p == null || !p.target.equals(target)) {
            p = new Prepared(target, target.connectAddress(spec.endpoint()));
            prepared = p;
        }
        return StreamConnection.open(reactor.next(), p.remote, bind,
                spec.endpoint().bindInterface(), null, spec.timing().connectTimeout(), p, 1);
    }

    /** The target's address and verdict, built once; as the exchange it is stateless, so attempts share it. */
    private static final class Prepared implements StreamExchange {
        final CheckTarget target;
        final InetSocketAddress remote;
        final CheckResult connected;

        Prepared(CheckTarget target, InetSocketAddress remote) {
            this.target = target;
            this.remote = remote;
            this.connected = CheckResult.ok("connected to " + HostPort.format(remote));
        }

        @Override
        public void onOpen(StreamConnection c) {
            c.finish(connected);
        }

        @Override
        public void onData(StreamConnection c) {
        }

        @Override
        public void onEnd(StreamConnection c) {
        }
    }
}
