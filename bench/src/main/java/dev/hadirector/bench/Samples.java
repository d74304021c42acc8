package dev.hadirector.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Repeated timings of one measurement, in milliseconds: median and spread. */
public final class Samples {
    private final String name;
    private final List<Double> millis = new ArrayList<>();

    public Samples(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void add(long nanos) {
        millis.add(nanos / 1e6);
    }

    public int count() {
        return millis.size();
    }

    public double median() {
        if (millis.isEmpty()) {
            throw new IllegalStateException("no samples of " + name + ": nothing to take the median of");
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public double min() {
        return Collections.min(millis);
    }

    public double max() {
        return Collections.max(millis);
    }

    /** One table row: name, median, min..max, count. */
    public String row() {
        return String.format(Locale.ROOT, "%-52s %10.1f %10.1f %10.1f %3d", name, median(), min(), max(), count());
    }
}
