package dev.hadirector.checks.lvs;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.HealthChecks;
import dev.hadirector.checks.RealServerHealthListener;
import java.util.function.Consumer;
import java.util.function.Function;

/** Starts and stops the checks the load balancer asks for; their events go to the listener it was made with. */
public interface CheckRunner extends AutoCloseable {

    /** Starts one check of one real server; the first event comes only on a change of state. */
    Running start(String checkId, CheckTarget target, HealthCheck spec);

    @Override
    void close();

    /** A started check. */
    @FunctionalInterface
    interface Running {
        void stop();
    }

    /** Checks run by a {@link HealthChecks} runtime, configured by {@code options} (threads, TLS, ICMP). */
    static Function<RealServerHealthListener, CheckRunner> healthChecks(Consumer<HealthChecks.Builder> options) {
        return listener -> {
            HealthChecks.Builder builder = HealthChecks.builder(listener);
            options.accept(builder);
            HealthChecks checks = builder.start();
            return new CheckRunner() {
                @Override
                public Running start(String checkId, CheckTarget target, HealthCheck spec) {
                    return checks.add(checkId, target, spec)::stop;
                }

                @Override
                public void close() {
                    checks.close();
                }
            };
        };
    }
}
