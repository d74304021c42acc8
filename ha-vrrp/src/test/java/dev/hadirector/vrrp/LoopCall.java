package dev.hadirector.vrrp;

import dev.hadirector.vrrp.time.RealEventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs a test's action on a router's event loop (the only thread that may touch its state) and waits for it. */
public final class LoopCall {
    private static final long WAIT_SECONDS = 60;

    private LoopCall() {
    }

    /** {@code action}'s value, or what it threw; fails after a minute. */
    public static <T> T onLoop(RealEventLoop loop, Supplier<T> action) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(action.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
