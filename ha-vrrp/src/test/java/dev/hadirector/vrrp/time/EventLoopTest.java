package dev.hadirector.vrrp.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLoopTest {

    @Test
    void virtualLoopRunsInDueThenSchedulingOrder() {
        VirtualEventLoop loop = new VirtualEventLoop(1000);
        List<String> ran = new ArrayList<>();
        loop.schedule(30, () -> ran.add("c@" + loop.nanoTime()));
        loop.schedule(10, () -> ran.add("a@" + loop.nanoTime()));
        loop.schedule(10, () -> {
            ran.add("b@" + loop.nanoTime());
            loop.execute(() -> ran.add("b-child@" + loop.nanoTime()));
        });
        EventLoop.Cancellable cancelled = loop.schedule(20, () -> ran.add("never"));
        cancelled.cancel();
        loop.runFor(25);
        assertEquals(List.of("a@1010", "b@1010", "b-child@1010"), ran);
        assertEquals(1025, loop.nanoTime());
        assertEquals(1030, loop.nextDue());
        loop.runFor(100);
        assertEquals("c@1030", ran.get(3));
        assertEquals(Long.MAX_VALUE, loop.nextDue());
        assertTrue(loop.inEventLoop());
    }

    @Test
    void virtualLoopPropagatesOrLogsTaskFailures() {
        VirtualEventLoop loop = new VirtualEventLoop();
        loop.execute(() -> {
            throw new IllegalStateException("bug");
        });
        assertThrows(IllegalStateException.class, loop::runDue);
        List<String> ran = new ArrayList<>();
        loop.rethrowTaskExceptions(false);
        loop.execute(() -> {
            throw new IllegalStateException("bug");
        });
        loop.execute(() -> ran.add("next"));
        loop.runDue();
        assertEquals(List.of("next"), ran);
    }

    @Test
    void realLoopRunsTasksOnItsThreadAndSurvivesFailures() throws Exception {
        try (RealEventLoop loop = new RealEventLoop("vrrp-test-loop")) {
            assertFalse(loop.inEventLoop());
            loop.execute(() -> {
                throw new IllegalStateException("task bug, logged on purpose");
            });
            CompletableFuture<String> thread = new CompletableFuture<>();
            loop.schedule(TimeUnit.MILLISECONDS.toNanos(5), () -> thread.complete(
                    Thread.currentThread().getName() + " " + loop.inEventLoop()));
            assertEquals("vrrp-test-loop true", thread.get(30, TimeUnit.SECONDS));
            CountDownLatch never = new CountDownLatch(1);
            loop.schedule(TimeUnit.MILLISECONDS.toNanos(50), never::countDown).cancel();
            CountDownLatch later = new CountDownLatch(1);
            loop.schedule(TimeUnit.MILLISECONDS.toNanos(100), later::countDown);
            assertTrue(later.await(30, TimeUnit.SECONDS));
            assertEquals(1, never.getCount(), "a cancelled task never runs");
        }
    }

    @Test
    void aStalledVirtualLoopRunsWhatFellDueInTheStallLateAndInOrder() {
        VirtualEventLoop loop = new VirtualEventLoop();
        List<String> ran = new ArrayList<>();
        loop.schedule(30, () -> ran.add("b at " + loop.nanoTime()));
        loop.schedule(10, () -> ran.add("a at " + loop.nanoTime()));
        loop.stall(50);
        assertEquals(List.of(), ran, "nothing runs during the stall");
        loop.runDue();
        assertEquals(List.of("a at 50", "b at 50"), ran);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loop.stall(-1));
        assertEquals("stall of -1 ns invalid: must not be negative", e.getMessage());
    }
}
