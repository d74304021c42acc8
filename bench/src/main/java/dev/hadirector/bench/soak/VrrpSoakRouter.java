package dev.hadirector.bench.soak;

import dev.hadirector.Director;
import dev.hadirector.DirectorListener;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.config.ConfigException;
import dev.hadirector.config.ConfigReader;
import dev.hadirector.config.ConfigTree;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One router of the VRRP soak ({@code bench/run-vrrp-soak}): a {@link Director} started from a keepalived.conf,
 * with a {@link GarbageChurn} allocating in the same JVM, until SIGTERM. Prints to stdout each transition as
 * {@code transition EPOCH_MILLIS TEXT} when it happens, and at the end the achieved allocation rate and the
 * collectors' figures, one {@code key value} per line for the script.
 *
 * <p>usage: {@code VrrpSoakRouter KEEPALIVED_CONF CONFIG_ID ALLOC_MB_PER_SECOND} (0: no allocator; MB = 10^6 B)
 */
public final class VrrpSoakRouter {
    private VrrpSoakRouter() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: VrrpSoakRouter KEEPALIVED_CONF CONFIG_ID ALLOC_MB_PER_SECOND");
            System.exit(2);
        }
        long megabytesPerSecond;
        try {
            megabytesPerSecond = Long.parseLong(args[2]);
        } catch (NumberFormatException e) {
            System.err.println("ALLOC_MB_PER_SECOND '" + args[2] + "' invalid: must be a whole number");
            System.exit(2);
            return;
        }
        ConfigTree tree;
        try {
            tree = ConfigReader.builder().configId(args[1]).build().read(Path.of(args[0]));
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        AtomicInteger transitions = new AtomicInteger();
        GcWatch gc = GcWatch.start();
        Director director;
        try {
            director = Director.builder().config(tree).listener(new DirectorListener() {
                @Override
                public void onTransition(VrrpTransition t) {
                    transitions.incrementAndGet();
                    System.out.println("transition " + System.currentTimeMillis() + " " + t);
                }
            }).start();
        } catch (ConfigException | RuntimeException e) {
            System.err.println("could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        GarbageChurn churn = megabytesPerSecond > 0 ? GarbageChurn.start(megabytesPerSecond * 1_000_000L) : null;
        CountDownLatch reported = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Report before closing: the close itself (priority-0 advert, VIP removed) is not part of the soak.
            if (churn != null) {
                churn.close();
            }
            report(churn, gc, transitions.get());
            director.close();
            reported.countDown();
        }, "soak-report"));
        System.out.println("running pid " + ProcessHandle.current().pid() + " gc "
                + ManagementFactory.getGarbageCollectorMXBeans().get(0).getName());
        reported.await();
    }

    private static void report(GarbageChurn churn, GcWatch gc, int transitions) {
        StringBuilder out = new StringBuilder();
        out.append("transitions_total ").append(transitions).append('\n');
        if (churn != null) {
            double seconds = churn.seconds();
            out.append(String.format(Locale.ROOT, "alloc_seconds %.1f%n", seconds));
            out.append(String.format(Locale.ROOT, "alloc_rate_mb_s %.0f%n", churn.bytesAllocated() / seconds / 1e6));
            long jvm = churn.bytesAllocatedByJvm();
            if (jvm >= 0) {
                out.append(String.format(Locale.ROOT, "alloc_rate_jvm_mb_s %.0f%n", jvm / seconds / 1e6));
            }
        }
        out.append("jvm_uptime_s ").append(ManagementFactory.getRuntimeMXBean().getUptime() / 1000).append('\n');
        out.append("jvm_args ").append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
                .append('\n');
        for (String line : gc.report()) {
            out.append(line).append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }
}
