package dev.hadirector.checks.ping;

import dev.hadirector.api.PingCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.Checker;
import java.util.concurrent.CompletionStage;

/** PING_CHECK: one echo request per attempt through the shared {@link EchoService}. */
public final class PingChecker implements Checker {

    private final PingCheck spec;
    private final EchoService echo;

    public PingChecker(PingCheck spec, EchoService echo) {
        this.spec = spec;
        this.echo = echo;
    }

    @Override
    public CompletionStage<CheckResult> attempt(CheckTarget target) {
        return echo.echo(spec.endpoint().connectIp().orElse(target.address()), spec.endpoint().bindIp(),
                spec.endpoint().bindInterface(), spec.timing().connectTimeout());
    }
}
