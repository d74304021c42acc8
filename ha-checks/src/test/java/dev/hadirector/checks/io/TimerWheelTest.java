package dev.hadirector.checks.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The timer wheel in virtual time: the clock is a number the test sets. */
class TimerWheelTest {

    private static final long MS = 1_000_000L;
    private static final long ORIGIN = 5_000_000_123L;

    private final AtomicBoolean owner = new AtomicBoolean(true);
    private final List<String> ran = new ArrayList<>();
    private final List<RuntimeException> errors = new ArrayList<>();

    private TimerWheel wheel(int slots) {
        return new TimerWheel(MS, slots, ORIGIN, owner::get);
    }

    private int expire(TimerWheel w, long now) {
        return w.expire(now, (t, e) -> errors.add(e));
    }

    @Test
    void runsATimeoutAtTheFirstTickBoundaryAtOrAfterItsDeadlineNeverBefore() {
        TimerWheel w = wheel(64);
        w.add(ORIGIN + 2 * MS + 1, () -> ran.add("a"));
        assertEquals(0, expire(w, ORIGIN + 2 * MS + 1), "due only at the 3 ms boundary");
        assertEquals(0, expire(w, ORIGIN + 3 * MS - 1));
        assertEquals(1, expire(w, ORIGIN + 3 * MS));
        assertEquals(List.of("a"), ran);
        assertEquals(0, w.size());
    }

    @Test
    void runsInTickOrderAndInInsertionOrderWithinATick() {
        TimerWheel w = wheel(64);
        w.add(ORIGIN + 5 * MS, () -> ran.add("5 first"));
        w.add(ORIGIN + 2 * MS, () -> ran.add("2"));
        w.add(ORIGIN + 5 * MS - MS / 2, () -> ran.add("5 second"));
        w.add(ORIGIN + 9 * MS, () -> ran.add("9"));
        assertEquals(3, expire(w, ORIGIN + 8 * MS));
        assertEquals(List.of("2", "5 first", "5 second"), ran);
        assertEquals(1, w.size());
    }

    @Test
    void aTimeoutAlreadyDueRunsAtTheNextExpire() {
        TimerWheel w = wheel(64);
        expire(w, ORIGIN + 10 * MS);
        w.add(ORIGIN, () -> ran.add("late"));
        assertEquals(0, w.nanosUntilNext(ORIGIN + 11 * MS));
        assertEquals(1, expire(w, ORIGIN + 11 * MS));
        assertEquals(List.of("late"), ran);
    }

    @Test
    void cancelOnTheOwnerThreadLeavesTheWheelAtOnce() {
        TimerWheel w = wheel(64);
        Timeout a = w.add(ORIGIN + 3 * MS, () -> ran.add("a"));
        w.add(ORIGIN + 3 * MS, () -> ran.add("b"));
        Timeout c = w.add(ORIGIN + 7 * MS, () -> ran.add("c"));
        a.cancel();
        c.cancel();
        assertEquals(1, w.size());
        assertEquals(3 * MS, w.nanosUntilNext(ORIGIN), "the cancelled 7 ms timeout no longer counts");
        assertEquals(1, expire(w, ORIGIN + 100 * MS));
        assertEquals(List.of("b"), ran);
        assertEquals(-1, w.nanosUntilNext(ORIGIN + 100 * MS));
        a.cancel(); // again, after its tick: nothing happens
        assertEquals(0, w.size());
    }

    @Test
    void cancelFromAnotherThreadIsDroppedWhenItsTickComes() {
        TimerWheel w = wheel(64);
        Timeout a = w.add(ORIGIN + 3 * MS, () -> ran.add("a"));
        owner.set(false);
        a.cancel();
        owner.set(true);
        assertEquals(1, w.size(), "still linked until its tick");
        assertEquals(0, expire(w, ORIGIN + 3 * MS));
        assertEquals(0, w.size());
        assertEquals(List.of(), ran);
    }

    @Test
    void aTimeoutBeyondOneRevolutionWaitsAndRunsOnTime() {
        TimerWheel w = wheel(64);
        w.add(ORIGIN + 1000 * MS, () -> ran.add("far"));
        w.add(ORIGIN + 10 * MS, () -> ran.add("near"));
        w.add(ORIGIN + 70 * MS, () -> ran.add("next revolution"));
        assertEquals(10 * MS, w.nanosUntilNext(ORIGIN));
        for (long t = ORIGIN; t < ORIGIN + 999 * MS; t += 7 * MS) {
            expire(w, t);
        }
        assertEquals(List.of("near", "next revolution"), ran);
        assertEquals(0, expire(w, ORIGIN + 1000 * MS - 1));
        assertEquals(1, expire(w, ORIGIN + 1000 * MS));
        assertEquals(List.of("near", "next revolution", "far"), ran);
    }

    @Test
    void aClockJumpOfManyRevolutionsRunsEverythingInTickOrder() {
        TimerWheel w = wheel(64);
        w.add(ORIGIN + 500 * MS, () -> ran.add("500"));
        w.add(ORIGIN + 30 * MS, () -> ran.add("30"));
        w.add(ORIGIN + 200 * MS, () -> ran.add("200"));
        w.add(ORIGIN + 63 * MS, () -> ran.add("63"));
        assertEquals(4, expire(w, ORIGIN + 10_000 * MS));
        assertEquals(List.of("30", "63", "200", "500"), ran);
    }

    @Test
    void aTaskMayAddATimeoutThatIsAlreadyDueAndItRunsInTheSameExpire() {
        TimerWheel w = wheel(64);
        w.add(ORIGIN + 2 * MS, () -> {
            ran.add("first");
            w.add(ORIGIN, () -> ran.add("added"));
            w.add(ORIGIN + 50 * MS, () -> ran.add("later"));
        });
        assertEquals(2, expire(w, ORIGIN + 20 * MS));
        assertEquals(List.of("first", "added"), ran);
        assertEquals(1, w.size());
    }

    @Test
    void aTaskThatThrowsIsReportedAndTheOthersStillRun() {
        TimerWheel w = wheel(64);
        w.add(ORIGIN + MS, () -> {
            throw new IllegalStateException("boom");
        });
        w.add(ORIGIN + MS, () -> ran.add("after"));
        assertEquals(2, expire(w, ORIGIN + MS));
        assertEquals(List.of("after"), ran);
        assertEquals("boom", errors.get(0).getMessage());
    }

    @Test
    void refusesABadShape() {
        assertEquals("slots 100 out of range: must be a power of two >= 64",
                assertThrows(IllegalArgumentException.class, () -> new TimerWheel(MS, 100, 0, () -> true)).getMessage());
        assertEquals("tickNanos 0 out of range: must be positive",
                assertThrows(IllegalArgumentException.class, () -> new TimerWheel(0, 64, 0, () -> true)).getMessage());
    }

    /**
     * Random deadlines (some beyond a revolution), random cancels and random clock steps: every timeout not
     * cancelled runs exactly once, in the first expire whose clock reached its tick boundary, and runs are in
     * tick order.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void randomScheduleMatchesTheReference(long seed) {
        Random random = new Random(seed);
        TimerWheel w = wheel(128);
        long now = ORIGIN;
        Map<Integer, Long> boundary = new HashMap<>();
        java.util.Set<Integer> ran = new java.util.HashSet<>();
        List<Integer> newlyRun = new ArrayList<>();
        Map<Integer, Timeout> handles = new HashMap<>();
        List<Long> runTicks = new ArrayList<>();
        int next = 0;
        for (int step = 0; step < 2000; step++) {
            int adds = random.nextInt(4);
            for (int i = 0; i < adds; i++) {
                int id = next++;
                long deadline = now + (long) (random.nextDouble() * (random.nextInt(10) == 0 ? 600 : 100) * MS);
                long offset = deadline - ORIGIN;
                long tick = Math.floorDiv(offset + MS - 1, MS);
                // deadlines are never before the last expire, so no tick is clamped: the boundary is exact
                boundary.put(id, ORIGIN + tick * MS);
                long boundaryTick = tick;
                handles.put(id, w.add(deadline, () -> {
                    ran.add(id);
                    newlyRun.add(id);
                    runTicks.add(boundaryTick);
                }));
            }
            if (!handles.isEmpty() && random.nextInt(5) == 0) {
                int victim = random.nextInt(next);
                Timeout t = handles.get(victim);
                if (t != null && !ran.contains(victim)) {
                    t.cancel();
                    boundary.remove(victim);
                }
            }
            now += (long) (random.nextDouble() * 8 * MS);
            newlyRun.clear();
            expire(w, now);
            for (int id : newlyRun) {
                Long due = boundary.remove(id);
                assertTrue(due != null, "timeout " + id + " ran although cancelled or already run");
                assertTrue(now >= due, "timeout " + id + " due at " + due + " ran early at " + now);
                assertTrue(now - due < 8 * MS, "timeout " + id + " due at " + due + " not run at the first expire after");
            }
            for (Map.Entry<Integer, Long> e : boundary.entrySet()) {
                assertTrue(e.getValue() > now, "timeout " + e.getKey() + " due at " + e.getValue() + " still pending at "
                        + now);
            }
        }
        for (int i = 1; i < runTicks.size(); i++) {
            assertTrue(runTicks.get(i) >= runTicks.get(i - 1), "tick order at run " + i);
        }
        assertEquals(boundary.size(), w.size(), "what is left is what has not run");
    }
}
