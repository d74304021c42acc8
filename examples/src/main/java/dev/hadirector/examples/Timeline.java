package dev.hadirector.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's readable log: every line carries the seconds since the demo started. Client answers are gathered onto
 * one line per second so a request every 200 ms stays readable; any other line first flushes the answers before it,
 * so the order on screen is the order things happened.
 */
final class Timeline {

    private static final long ANSWER_LINE_MILLIS = 1000;

    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final StringBuilder answers = new StringBuilder();
    private long answersSince = -1;
    private final List<String> printed = new ArrayList<>();

    Timeline(PrintStream out) {
        this.out = out;
    }

    /** Milliseconds since the demo started. */
    long now() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Prints a phase heading. */
    synchronized void phase(String title) {
        flushAnswers();
        emit("");
        emit("== " + title + " ==");
    }

    /** Prints one event with its time. */
    synchronized void event(String who, String what) {
        flushAnswers();
        emit(stamp(now()) + String.format(Locale.ROOT, "%-7s %s", who, what));
    }

    /** Adds one client answer (a server name, or a failure) to the current answer line. */
    synchronized void answer(long atMillis, String shortText) {
        if (answersSince >= 0 && atMillis - answersSince >= ANSWER_LINE_MILLIS) {
            flushAnswers();
        }
        if (answersSince < 0) {
            answersSince = atMillis;
        }
        answers.append(' ').append(shortText);
    }

    /** Prints a line without a time stamp (headings, the summary). */
    synchronized void plain(String line) {
        flushAnswers();
        emit(line);
    }

    synchronized void flushAnswers() {
        if (answersSince >= 0) {
            emit(stamp(answersSince) + String.format(Locale.ROOT, "%-7s", "client") + " <-" + answers);
            answers.setLength(0);
            answersSince = -1;
        }
    }

    /** Every line printed so far, for tests of the demo's output. */
    synchronized List<String> lines() {
        return List.copyOf(printed);
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f s", millis / 1000.0);
    }

    private static String stamp(long millis) {
        return String.format(Locale.ROOT, "[%8.3f s] ", millis / 1000.0);
    }

    private void emit(String line) {
        printed.add(line);
        out.println(line);
        out.flush();
    }
}
