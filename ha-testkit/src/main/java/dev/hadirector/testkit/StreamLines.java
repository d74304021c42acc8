package dev.hadirector.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Drains one output stream of a child process on a daemon thread, keeping its lines so callers can wait for a line.
 * A child's pipe must always be drained, or the child blocks once the pipe buffer is full.
 */
final class StreamLines {

    private final List<String> lines = new ArrayList<>();
    private final List<StreamLines> alsoInto;
    private final Thread reader;
    private boolean ended;

    private StreamLines(InputStream stream, String threadName, List<StreamLines> alsoInto) {
        this.alsoInto = alsoInto;
        this.reader = new Thread(() -> drain(stream), threadName);
        this.reader.setDaemon(true);
    }

    /** Starts draining {@code stream}; every line is also appended to each of {@code alsoInto} (not drained there). */
    static StreamLines drain(InputStream stream, String threadName, StreamLines... alsoInto) {
        StreamLines lines = new StreamLines(stream, threadName, List.of(alsoInto));
        lines.reader.start();
        return lines;
    }

    /** A collector fed only by other collectors, for a merged view of several streams. */
    static StreamLines merged() {
        return new StreamLines(InputStream.nullInputStream(), "merged-lines", List.of());
    }

    private void drain(InputStream stream) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                append(line);
                for (StreamLines other : alsoInto) {
                    other.append(line);
                }
            }
        } catch (IOException closed) {
            // The stream closes under us when the process is killed; what was read so far is kept.
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /** For a merged collector: no more lines will come. */
    synchronized void markEnded() {
        ended = true;
        notifyAll();
    }

    synchronized void append(String line) {
        lines.add(line);
        notifyAll();
    }

    synchronized List<String> snapshot() {
        return List.copyOf(lines);
    }

    synchronized String text() {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    /** Waits until the stream ends (the process and every child holding the pipe are gone), at most {@code timeout}. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(Math.max(1, timeout.toMillis()));
        return !reader.isAlive();
    }

    /**
     * Waits until a line matching {@code wanted} has been read, the stream ends, or {@code timeout} passes.
     *
     * @return the first matching line, or empty if none came
     */
    synchronized Optional<String> await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (wanted.test(lines.get(checked))) {
                    return Optional.of(lines.get(checked));
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits for {@code count} lines matching {@code wanted}; returns those seen (possibly fewer) when time is up. */
    synchronized List<String> awaitCount(Predicate<String> wanted, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> matching = lines.stream().filter(wanted).toList();
            long left = deadline - System.nanoTime();
            if (matching.size() >= count || ended || left <= 0) {
                return matching;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
