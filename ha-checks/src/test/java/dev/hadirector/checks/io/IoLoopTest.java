package dev.hadirector.checks.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.socket.TcpSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The epoll loop itself: wakeups from other threads, registrations, and the end of the loop. */
class IoLoopTest {

    @Test
    void everyTaskSubmittedFromOtherThreadsRunsNoWakeupIsLost() throws Exception {
        int threads = 4;
        int roundTrips = 5_000;
        AtomicInteger offLoop = new AtomicInteger();
        AtomicInteger stalled = new AtomicInteger();
        try (IoReactor reactor = IoReactor.start("wakeups", 1)) {
            IoLoop loop = reactor.loop(0);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                // Each sender waits for its task before sending the next, so nearly every task needs a wakeup
                // of a sleeping loop: a lost one stalls the round trip (no timer is due to end the sleep).
                Thread sender = new Thread(() -> {
                    for (int i = 0; i < roundTrips; i++) {
                        CountDownLatch ran = new CountDownLatch(1);
                        loop.execute(() -> {
                            if (!loop.inLoop()) {
                                offLoop.incrementAndGet();
                            }
                            ran.countDown();
                        });
                        try {
                            if (!ran.await(10, TimeUnit.SECONDS)) {
                                stalled.incrementAndGet();
                                return;
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                senders.add(sender);
                sender.start();
            }
            for (Thread sender : senders) {
                sender.join();
            }
            assertEquals(0, stalled.get(), "senders whose task never ran");
            assertEquals(0, offLoop.get(), "tasks run on the loop thread only");
        }
    }

    @Test
    void aSocketClosedEarlierInTheSameBatchIsNotDispatched() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
             IoReactor reactor = IoReactor.start("batch", 1)) {
            IoLoop loop = reactor.loop(0);
            InetSocketAddress address = (InetSocketAddress) server.getLocalSocketAddress();
            AtomicInteger calls = new AtomicInteger();
            CompletableFuture<Void> registered = new CompletableFuture<>();
            Registration[] both = new Registration[2];
            loop.execute(() -> {
                for (int i = 0; i < 2; i++) {
                    int other = 1 - i;
                    TcpSocket socket = TcpSocket.open(address);
                    socket.connect();
                    both[i] = loop.register(socket.fileDescriptor(), Registration.WRITABLE, new IoHandler() {
                        @Override
                        public void onReady(int readyEvents) {
                            calls.incrementAndGet();
                            both[other].close();
                            both[1 - other].close();
                        }

                        @Override
                        public void onFailure(Throwable error) {
                            registered.completeExceptionally(error);
                        }
                    });
                }
                registered.complete(null);
            });
            registered.get(10, TimeUnit.SECONDS);
            server.accept().close();
            server.accept().close();
            CompletableFuture<Integer> left = new CompletableFuture<>();
            // Both sockets became writable; whichever ran first closed the other, which must not run.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (calls.get() == 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            loop.execute(() -> left.complete(loop.registeredChannels()));
            assertEquals(0, left.get(10, TimeUnit.SECONDS));
            assertEquals(1, calls.get(), "the closed registration's event was dropped");
            assertFalse(both[0].isOpen() || both[1].isOpen());
        }
    }

    @Test
    void closingEndsEveryRegistrationAndLaterTasksAreHarmless() throws Exception {
        IoReactor reactor = IoReactor.start("closing", 1);
        IoLoop loop = reactor.loop(0);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        CompletableFuture<Registration> registration = new CompletableFuture<>();
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            loop.execute(() -> {
                TcpSocket socket = TcpSocket.open((InetSocketAddress) server.getLocalSocketAddress());
                socket.connect();
                registration.complete(loop.register(socket.fileDescriptor(), Registration.READABLE, new IoHandler() {
                    @Override
                    public void onReady(int readyEvents) {
                    }

                    @Override
                    public void onFailure(Throwable error) {
                        failure.complete(error);
                    }
                }));
            });
            Registration open = registration.get(10, TimeUnit.SECONDS);
            reactor.close();
            assertTrue(failure.isDone(), "the handler heard of the end");
            assertFalse(open.isOpen(), "and its socket is closed");
            loop.execute(() -> { }); // after the end: neither runs nor throws
            reactor.close();
        }
    }
}
