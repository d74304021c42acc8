package dev.hadirector.bench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AllocationPacerTest {
    private static final long GB = 1_000_000_000L;

    @Test
    void aheadOfTheRateWaitsUntilTheBytesAreDue() {
        AllocationPacer pacer = new AllocationPacer(GB);
        // 1 MB is due after 1 ms at 1 GB/s; 0.25 ms have passed
        assertEquals(750_000, pacer.nanosToWait(1_000_000, 250_000));
    }

    @Test
    void behindOrOnTheRateDoesNotWait() {
        AllocationPacer pacer = new AllocationPacer(GB);
        assertEquals(0, pacer.nanosToWait(1_000_000, 1_000_000));
        assertEquals(0, pacer.nanosToWait(1_000_000, 50_000_000)); // after a pause: catch up at full speed
    }

    @Test
    void manyGigabytesDoNotOverflow() {
        AllocationPacer pacer = new AllocationPacer(GB);
        // 300 GB (a 5-minute soak) due at 300 s; bytes * 10^9 alone would overflow a long
        assertEquals(1_500_000_000L, pacer.nanosToWait(300 * GB + GB / 2, 299 * 1_000_000_000L));
        AllocationPacer odd = new AllocationPacer(3);
        assertEquals(3_333_333_333L, odd.nanosToWait(10, 0));
    }

    @Test
    void rejectsRatesItCannotPaceNamingTheValue() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new AllocationPacer(0));
        assertEquals("allocation rate 0 B/s out of range: must be 1..9223372036", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AllocationPacer(AllocationPacer.MAX_BYTES_PER_SECOND + 1));
        AllocationPacer pacer = new AllocationPacer(GB);
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> pacer.nanosToWait(-1, 0));
        assertEquals("bytes -1 / elapsed 0 ns invalid: must not be negative", negative.getMessage());
    }
}
