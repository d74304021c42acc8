package dev.hadirector.vrrp.track;

/**
 * keepalived's rise/fall hysteresis: the status turns bad after {@code fall} consecutive failures and good
 * after {@code rise} consecutive successes.
 */
public final class RiseFall {
    private final int rise;
    private final int fall;
    private boolean ok;
    private int streak;

    public RiseFall(int rise, int fall, boolean initiallyOk) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise " + rise + " / fall " + fall + " out of range: must be >= 1");
        }
        this.rise = rise;
        this.fall = fall;
        this.ok = initiallyOk;
    }

    /** Records one result; returns the (possibly new) status. */
    public boolean record(boolean success) {
        if (success == ok) {
            streak = 0;
            return ok;
        }
        streak++;
        if (streak >= (ok ? fall : rise)) {
            ok = success;
            streak = 0;
        }
        return ok;
    }

    public boolean ok() {
        return ok;
    }
}
