package dev.hadirector.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SamplesTest {
    @Test
    void medianMinAndMaxOfOddAndEvenCounts() {
        Samples s = new Samples("x");
        s.add(3_000_000);
        s.add(1_000_000);
        s.add(10_000_000);
        assertEquals(3.0, s.median());
        assertEquals(1.0, s.min());
        assertEquals(10.0, s.max());
        s.add(4_000_000);
        assertEquals(3.5, s.median());
        assertEquals("x" + " ".repeat(51) + "        3.5        1.0       10.0   4", s.row());
    }

    @Test
    void medianOfNothingNamesTheMeasurement() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Samples("dump").median());
        assertEquals("no samples of dump: nothing to take the median of", e.getMessage());
    }
}
