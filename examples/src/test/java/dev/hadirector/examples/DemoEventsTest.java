package dev.hadirector.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import dev.hadirector.examples.DemoEvents.Event;
import dev.hadirector.examples.DemoEvents.Kind;
import org.junit.jupiter.api.Test;

class DemoEventsTest {

    private final Timeline timeline = new Timeline(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    private final DemoEvents events = new DemoEvents(timeline);

    @Test
    void awaitFindsOnlyTheMatchingEventAndEveryEventIsPrinted() throws InterruptedException {
        events.report("dir1", Kind.REAL_SERVER_DOWN, "rs1", "real server rs1 DOWN");
        events.report("dir2", Kind.REAL_SERVER_DOWN, "rs1", "real server rs1 DOWN");
        Optional<Event> found = events.await(0, "dir2", Kind.REAL_SERVER_DOWN, "rs1", 1);
        assertEquals(Optional.of("dir2"), found.map(Event::director));
        assertTrue(events.await(0, "dir1", Kind.REAL_SERVER_UP, "rs1", 1).isEmpty());
        assertTrue(events.await(0, "dir1", Kind.REAL_SERVER_DOWN, "rs2", 1).isEmpty());
        long later = events.all().get(1).atMillis() + 1;
        assertTrue(events.await(later, "dir1", Kind.REAL_SERVER_DOWN, "rs1", 1).isEmpty(), "events before fromMillis are ignored");
        assertEquals(2, timeline.lines().size());
        assertTrue(timeline.lines().get(0).endsWith("dir1    real server rs1 DOWN"), timeline.lines().get(0));
    }

    @Test
    void aWaiterWakesWhenTheEventArrives() throws InterruptedException {
        Thread reporter = new Thread(() -> events.report("dir2", Kind.MASTER, "VI_1", "MASTER"));
        reporter.start();
        // No time limit is asserted: the waiter gets a generous bound and must return the event, not time out.
        Optional<Event> master = events.await(0, "dir2", Kind.MASTER, null, 60_000);
        reporter.join();
        assertEquals(Optional.of("VI_1"), master.map(Event::subject));
    }

    @Test
    void theOutcomePassesOnlyWhenEveryCheckPassed() {
        DemoCheck ok = new DemoCheck("dir2 became MASTER", true, "after 0.6 s");
        DemoCheck bad = new DemoCheck("traffic continued", false, "");
        assertEquals(0, new SeedDemo.Outcome(List.of(ok)).exitCode());
        assertEquals(1, new SeedDemo.Outcome(List.of(ok, bad)).exitCode());
        assertFalse(new SeedDemo.Outcome(List.of()).passed(), "a run without checks proves nothing");
        assertEquals(Optional.of(bad), new SeedDemo.Outcome(List.of(ok, bad)).check("traffic"));
        assertEquals("  PASS  dir2 became MASTER (after 0.6 s)", ok.line());
        assertEquals("  FAIL  traffic continued", bad.line());
    }
}
