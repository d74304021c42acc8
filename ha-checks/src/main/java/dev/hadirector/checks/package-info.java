/**
 * Health checks of real servers: the {@link dev.hadirector.checks.Checker} of each check kind, the
 * scheduler that runs them (interval, retries, rise/fall, alpha, warmup jitter) and the
 * {@link dev.hadirector.checks.RealServerHealthListener} the director binds to IPVS weights.
 */
package dev.hadirector.checks;
