package dev.hadirector.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.vrrp.time.RealEventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The same state machine on the production loop: real threads, real clock (outcomes only, no timing asserts). */
class RealLoopRouterTest {

    @Test
    void runsOnTheRealLoopAndRefusesOtherThreads() throws Exception {
        BlockingQueue<VrrpTransition> transitions = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> sentPriorities = new LinkedBlockingQueue<>();
        VrrpInstance spec = VrrpInstance.builder("VI_RT").iface("eth0").virtualRouterId(9).priority(200)
                .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(10)).virtualAddress("192.0.2.9")
                .onTransition(transitions::add).build();
        try (RealEventLoop loop = new RealEventLoop("vrrp-rt")) {
            VrrpRouter router = new VrrpRouter(spec, Vip.parseAddress("192.0.2.1"), loop,
                    (d, b, o, l) -> sentPriorities.add(b.get(o + 2) & 0xff), new VipManager() {
                        @Override
                        public void add(List<Vip> vips) {
                        }

                        @Override
                        public void remove(List<Vip> vips) {
                        }
                    }, v -> { });
            IllegalStateException wrongThread = assertThrows(IllegalStateException.class, router::start);
            assertTrue(wrongThread.getMessage().contains("may only be driven on its event loop"));

            loop.execute(router::start);
            assertEquals(VrrpState.BACKUP, transitions.poll(30, TimeUnit.SECONDS).to());
            VrrpTransition master = transitions.poll(30, TimeUnit.SECONDS);
            assertEquals(VrrpState.MASTER, master.to());
            assertEquals(200, sentPriorities.poll(30, TimeUnit.SECONDS));
            assertEquals(200, sentPriorities.poll(30, TimeUnit.SECONDS), "keeps advertising");

            CompletableFuture<VrrpState> afterStop = new CompletableFuture<>();
            loop.execute(() -> {
                router.stop();
                afterStop.complete(router.state());
            });
            assertEquals(VrrpState.INITIALIZE, afterStop.get(30, TimeUnit.SECONDS));
            Integer last = null;
            for (Integer p; (p = sentPriorities.poll()) != null; ) {
                last = p;
            }
            assertEquals(0, last, "the last advert resigns");
        }
    }
}
