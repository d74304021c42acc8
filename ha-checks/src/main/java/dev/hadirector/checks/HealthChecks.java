package dev.hadirector.checks;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.ping.EchoSocketFactory;
import dev.hadirector.checks.ping.RawEchoSocketFactory;
import dev.hadirector.checks.schedule.HealthCheckScheduler;
import java.util.Objects;
import java.util.Random;
import javax.net.ssl.SSLContext;

/**
 * The health-check runtime a director owns: a fixed pool of I/O threads and the listener that hears every
 * change. The rounds are timed on the first I/O thread, so with one I/O thread (the default) a check's timer,
 * connection and verdict never change thread. Adding a check never adds a thread.
 */
public final class HealthChecks implements AutoCloseable {

    private final IoReactor reactor;
    private final Checkers checkers;
    private final HealthCheckScheduler scheduler;

    private HealthChecks(Builder b) {
        this.reactor = IoReactor.start(b.threadName + "-io", b.ioThreads);
        this.checkers = new Checkers(reactor, b.verifyingTls, b.echoSockets);
        this.scheduler = new HealthCheckScheduler(reactor.loop(0), new Random(), b.listener);
    }

    public static Builder builder(RealServerHealthListener listener) {
        return new Builder(listener);
    }

    /** Starts checking one real server with one check. */
    public HealthCheckScheduler.ScheduledCheck add(String checkId, CheckTarget target, HealthCheck spec) {
        return scheduler.start(checkId, target, spec.timing(), checkers.forSpec(spec));
    }

    @Override
    public void close() {
        checkers.close();
        reactor.close();
    }

    /** Options of the runtime. */
    public static final class Builder {
        private final RealServerHealthListener listener;
        private int ioThreads = 1;
        private String threadName = "ha-checks";
        private SSLContext verifyingTls;
        private EchoSocketFactory echoSockets = new RawEchoSocketFactory();

        private Builder(RealServerHealthListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
        }

        /** I/O threads shared by all network checks (default 1). */
        public Builder ioThreads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("ioThreads " + threads + " out of range: must be 1..64");
            }
            this.ioThreads = threads;
            return this;
        }

        public Builder threadName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("threadName \"" + name + "\" is blank: must name the threads");
            }
            this.threadName = name;
            return this;
        }

        /** Trust for SSL_GET checks that verify certificates (default: the JVM's). */
        public Builder verifyingTls(SSLContext context) {
            this.verifyingTls = context;
            return this;
        }

        /**
         * ICMP sockets for PING_CHECK; default raw sockets through ha-kernel (they need root or
         * CAP_NET_RAW when the first ping runs). Null refuses PING_CHECK specs.
         */
        public Builder echoSockets(EchoSocketFactory factory) {
            this.echoSockets = factory;
            return this;
        }

        public HealthChecks start() {
            return new HealthChecks(this);
        }
    }
}
