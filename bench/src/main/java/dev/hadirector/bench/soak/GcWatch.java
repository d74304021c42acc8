package dev.hadirector.bench.soak;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Collects the JVM's own account of its collections: for each collector bean (G1: "G1 Young Generation",
 * "G1 Old Generation"; ZGC in 17: "ZGC Cycles", "ZGC Pauses") the number of collections and the longest and
 * total duration the collection notifications report. For G1 young/mixed collections and "ZGC Pauses" those
 * durations are stop-the-world pauses; "ZGC Cycles" are concurrent cycles, not pauses.
 */
public final class GcWatch {
    private final Map<String, long[]> byCollector = new TreeMap<>(); // name -> {count, totalMillis, maxMillis}

    private GcWatch() {
    }

    public static GcWatch start() {
        GcWatch w = new GcWatch();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((n, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        GarbageCollectionNotificationInfo info =
                                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                        w.record(info.getGcName(), info.getGcInfo().getDuration());
                    }
                }, null, null);
            }
        }
        return w;
    }

    synchronized void record(String collector, long millis) {
        long[] s = byCollector.computeIfAbsent(collector, k -> new long[3]);
        s[0]++;
        s[1] += millis;
        s[2] = Math.max(s[2], millis);
    }

    /** One line per collector: {@code gc NAME count N total_ms T max_ms M} (beans' counts, notifications' durations). */
    public synchronized List<String> report() {
        List<String> lines = new ArrayList<>();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            long[] s = byCollector.getOrDefault(bean.getName(), new long[3]);
            lines.add(String.format(Locale.ROOT, "gc %s count %d time_ms %d notified_max_ms %d",
                    bean.getName().replace(' ', '_'), bean.getCollectionCount(), bean.getCollectionTime(), s[2]));
        }
        return lines;
    }
}
