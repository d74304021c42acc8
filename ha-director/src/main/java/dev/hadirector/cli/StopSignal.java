package dev.hadirector.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Waits for SIGTERM or SIGINT. The signals are caught (rather than left to the JVM's shutdown hooks) so the
 * director stops gracefully on the main thread and the process exits 0 as keepalived does. A shutdown hook
 * covers every other way the JVM may end (System.exit elsewhere): it runs the same graceful stop.
 */
final class StopSignal {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);

    private final CountDownLatch signalled = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private SignalHandler previousTerm;
    private SignalHandler previousInt;
    private Thread hook;

    private StopSignal() {
    }

    static StopSignal install() {
        StopSignal s = new StopSignal();
        SignalHandler handler = signal -> {
            LOG.info("SIG{} received: stopping", signal.getName());
            s.signalled.countDown();
        };
        s.previousTerm = Signal.handle(new Signal("TERM"), handler);
        s.previousInt = Signal.handle(new Signal("INT"), handler);
        s.hook = new Thread(() -> {
            s.signalled.countDown();
            try {
                s.released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ha-director-shutdown");
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** Blocks until a stop signal (or JVM shutdown). */
    void await() {
        boolean interrupted = false;
        while (true) {
            try {
                signalled.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The graceful stop is done: a pending JVM shutdown may go on; the old signal handlers are back. */
    void release() {
        released.countDown();
        Signal.handle(new Signal("TERM"), previousTerm);
        Signal.handle(new Signal("INT"), previousInt);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running and returns once released
        }
    }
}
