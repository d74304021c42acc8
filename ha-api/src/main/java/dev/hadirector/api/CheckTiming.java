package dev.hadirector.api;

import java.time.Duration;

/**
 * The timing of a health check.
 *
 * @param interval         delay_loop: time between two checks
 * @param connectTimeout   connect_timeout: the whole attempt (connect and exchange) must end within it
 * @param retry            retry (nb_get_retry): extra attempts after a failed one before it counts as a failure
 * @param delayBeforeRetry delay_before_retry: pause before each retry
 * @param warmup           warmup: the first check starts after a random delay in [0, warmup)
 * @param riseAfter        consecutive successful checks that bring a down server up
 * @param fallAfter        consecutive failed checks that take an up server down
 * @param alpha            start with the server down until a check succeeds
 */
public record CheckTiming(Duration interval, Duration connectTimeout, int retry, Duration delayBeforeRetry,
                          Duration warmup, int riseAfter, int fallAfter, boolean alpha) {

    public CheckTiming {
        SpecRules.positive("interval", interval);
        SpecRules.positive("connectTimeout", connectTimeout);
        SpecRules.range("retry", retry, 0, 1_000);
        SpecRules.notNegative("delayBeforeRetry", delayBeforeRetry);
        SpecRules.notNegative("warmup", warmup);
        SpecRules.range("riseAfter", riseAfter, 1, 1_000);
        SpecRules.range("fallAfter", fallAfter, 1, 1_000);
    }
}
