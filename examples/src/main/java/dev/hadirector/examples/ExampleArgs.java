package dev.hadirector.examples;

import java.time.Duration;
import java.util.Optional;

/**
 * The few options every example takes, so it can run on a real machine ({@code --iface eth0}) or in a test's
 * namespace ({@code --namespace lab-d1 --iface eth0 --seconds 5}).
 *
 * @param iface     the interface that carries VRRP and the VIP
 * @param vip       the virtual address with its prefix length
 * @param namespace the network namespace to run in, empty for the current one
 * @param runFor    how long to run before closing, empty for "until Ctrl-C"
 */
record ExampleArgs(String iface, String vip, Optional<String> namespace, Optional<Duration> runFor) {

    static final String DEFAULT_IFACE = "eth0";
    static final String DEFAULT_VIP = "192.168.1.200/24";

    /** Parses {@code --iface NAME --vip ADDR/LEN --namespace NAME --seconds N}; throws naming the bad option. */
    static ExampleArgs parse(String... args) {
        String iface = DEFAULT_IFACE;
        String vip = DEFAULT_VIP;
        Optional<String> namespace = Optional.empty();
        Optional<Duration> runFor = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " has no value: expected "
                        + "--iface NAME, --vip ADDRESS/PREFIX, --namespace NAME or --seconds N");
            }
            String value = args[++i];
            switch (option) {
                case "--iface" -> iface = value;
                case "--vip" -> vip = value;
                case "--namespace" -> namespace = Optional.of(value);
                case "--seconds" -> {
                    try {
                        long seconds = Long.parseLong(value);
                        if (seconds <= 0) {
                            throw new NumberFormatException();
                        }
                        runFor = Optional.of(Duration.ofSeconds(seconds));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seconds " + value + " is invalid: must be a positive whole number");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + option
                        + ": expected --iface, --vip, --namespace or --seconds");
            }
        }
        return new ExampleArgs(iface, vip, namespace, runFor);
    }

    /** Blocks for {@link #runFor()}, or until the JVM is asked to exit. */
    void awaitEnd() throws InterruptedException {
        if (runFor.isPresent()) {
            Thread.sleep(runFor.get().toMillis());
        } else {
            Thread.currentThread().join();
        }
    }
}
