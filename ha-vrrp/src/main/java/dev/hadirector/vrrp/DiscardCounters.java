package dev.hadirector.vrrp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts discarded adverts by reason. Written on the event loop, readable from any thread (for stats).
 */
public final class DiscardCounters {
    private static final DiscardReason[] REASONS = DiscardReason.values();
    private final AtomicLongArray counts = new AtomicLongArray(REASONS.length);

    void increment(DiscardReason reason) {
        counts.incrementAndGet(reason.ordinal());
    }

    public long count(DiscardReason reason) {
        return counts.get(reason.ordinal());
    }

    public long total() {
        long total = 0;
        for (int i = 0; i < REASONS.length; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** The non-zero counters, for reports. */
    public Map<DiscardReason, Long> snapshot() {
        Map<DiscardReason, Long> map = new EnumMap<>(DiscardReason.class);
        for (DiscardReason r : REASONS) {
            long c = count(r);
            if (c != 0) {
                map.put(r, c);
            }
        }
        return map;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
