package dev.hadirector.api;

import java.nio.file.Path;

/**
 * FILE_CHECK: the file holds an integer. With weight 0 a zero means up and anything else down.
 * Otherwise the value times the weight (negated with {@code reverse}) is the result: with
 * {@code dynamic} it is added to the real server's weight and the server stays up; without, a
 * negative result means down. A missing, unreadable or non-numeric file means down.
 */
public record FileCheck(CheckTiming timing, CheckEndpoint endpoint, Path file, int weight, boolean reverse,
                        boolean dynamic) implements HealthCheck {

    public FileCheck {
        SpecRules.notNull("timing", timing);
        SpecRules.notNull("endpoint", endpoint);
        SpecRules.notNull("file", file);
        if (weight == Integer.MIN_VALUE) {
            throw new IllegalArgumentException("weight " + weight + " out of range: must be -2147483647..2147483647");
        }
        if (!endpoint.equals(CheckEndpoint.DEFAULT)) {
            throw new IllegalArgumentException("endpoint " + endpoint + " set on a FILE_CHECK: it reads a local file, leave it unset");
        }
    }

    @Override
    public String kind() {
        return "FILE_CHECK";
    }

    /** Builder of {@link FileCheck}. */
    public static final class Builder extends CheckBuilder<Builder, FileCheck> {
        private final Path file;
        private int weight = 1;
        private boolean reverse;
        private boolean dynamic;

        Builder(Path file) {
            super(0, DEFAULT_DELAY_BEFORE_RETRY);
            this.file = SpecRules.notNull("file", file);
        }

        public Builder weight(int weight) {
            this.weight = weight;
            return this;
        }

        public Builder reverse(boolean reverse) {
            this.reverse = reverse;
            return this;
        }

        public Builder dynamic(boolean dynamic) {
            this.dynamic = dynamic;
            return this;
        }

        @Override
        public FileCheck build() {
            return new FileCheck(timing(), endpoint(), file, weight, reverse, dynamic);
        }
    }
}
