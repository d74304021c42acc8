package dev.hadirector.vrrp;

/**
 * Decides whether a repeated condition may be logged at a loud level again: at most once per interval per
 * key, measured on the event loop's clock (so it behaves the same in virtual time). Allocation free.
 */
public final class LogRateLimiter {
    private final long intervalNanos;
    private final long[] last;
    private final boolean[] logged;

    public LogRateLimiter(int keys, long intervalNanos) {
        this.intervalNanos = intervalNanos;
        this.last = new long[keys];
        this.logged = new boolean[keys];
    }

    /** True for the first call per key, then again once {@code intervalNanos} have passed since the last true. */
    public boolean allow(int key, long nowNanos) {
        if (logged[key] && nowNanos - last[key] < intervalNanos) {
            return false;
        }
        logged[key] = true;
        last[key] = nowNanos;
        return true;
    }
}
