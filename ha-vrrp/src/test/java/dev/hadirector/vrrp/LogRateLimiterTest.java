package dev.hadirector.vrrp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogRateLimiterTest {
    @Test
    void oncePerIntervalPerKey() {
        LogRateLimiter limiter = new LogRateLimiter(2, 100);
        assertTrue(limiter.allow(0, 5_000));
        assertFalse(limiter.allow(0, 5_000));
        assertFalse(limiter.allow(0, 5_099));
        assertTrue(limiter.allow(1, 5_050), "keys are independent");
        assertTrue(limiter.allow(0, 5_100));
        assertFalse(limiter.allow(0, 5_150));
        assertTrue(limiter.allow(0, 1_000_000));
        assertTrue(new LogRateLimiter(1, 100).allow(0, Long.MIN_VALUE + 1), "first call is always allowed");
    }
}
