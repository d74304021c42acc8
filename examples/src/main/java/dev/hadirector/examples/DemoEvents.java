package dev.hadirector.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the two directors reported through their listeners, with the time each report arrived, so the demo can wait
 * for an event and measure how long it took. Every event is also printed on the timeline.
 */
final class DemoEvents {

    enum Kind { STARTED, MASTER, BACKUP, FAULT, STOPPED, REAL_SERVER_DOWN, REAL_SERVER_UP }

    /** One report: {@code subject} is the VRRP instance for state changes, the real server's name otherwise. */
    record Event(long atMillis, String director, Kind kind, String subject) {
    }

    private final Timeline timeline;
    private final List<Event> events = new ArrayList<>();

    DemoEvents(Timeline timeline) {
        this.timeline = timeline;
    }

    /** Records and prints an event; called on a director's event loop, so it only appends and prints. */
    void report(String director, Kind kind, String subject, String text) {
        Event event = new Event(timeline.now(), director, kind, subject);
        // Printed before a waiter can see it, so the demo's reaction is printed after the event that caused it.
        timeline.event(director, text);
        synchronized (this) {
            events.add(event);
            notifyAll();
        }
    }

    synchronized List<Event> all() {
        return List.copyOf(events);
    }

    /** The first event at or after {@code fromMillis} from {@code director} of {@code kind} about {@code subject}. */
    Optional<Event> await(long fromMillis, String director, Kind kind, String subject, long timeoutMillis)
            throws InterruptedException {
        return await(fromMillis, e -> e.director().equals(director) && e.kind() == kind
                && (subject == null || e.subject().equals(subject)), timeoutMillis);
    }

    synchronized Optional<Event> await(long fromMillis, Predicate<Event> wanted, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            for (Event e : events) {
                if (e.atMillis() >= fromMillis && wanted.test(e)) {
                    return Optional.of(e);
                }
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return Optional.empty();
            }
            wait(left);
        }
    }
}
