package dev.hadirector.cli;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs a reload on SIGHUP, as keepalived does. The reload runs on one thread of its own, so signals that
 * arrive during a reload queue up and are served one after the other, and the JVM's signal thread is never
 * held up.
 */
final class ReloadSignal {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadSignal.class);
    private static final Signal HUP = new Signal("HUP");

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ha-director-reload");
        t.setDaemon(true);
        return t;
    });
    private SignalHandler previous;

    private ReloadSignal() {
    }

    static ReloadSignal install(Runnable reload) {
        ReloadSignal s = new ReloadSignal();
        s.previous = Signal.handle(HUP, signal -> {
            LOG.info("SIGHUP received: reloading the configuration");
            try {
                s.worker.execute(() -> {
                    try {
                        reload.run();
                    } catch (RuntimeException e) {
                        LOG.error("reload failed", e);
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.info("SIGHUP ignored: stopping");
            }
        });
        return s;
    }

    /** No more reloads: the running one (if any) finishes first; the previous handler is back. */
    void release() {
        Signal.handle(HUP, previous);
        worker.shutdown();
        try {
            if (!worker.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("a reload still runs after 60 s; stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
