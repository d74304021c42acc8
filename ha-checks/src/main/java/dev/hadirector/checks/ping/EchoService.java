package dev.hadirector.checks.ping;

import dev.hadirector.checks.CheckResult;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import dev.hadirector.checks.io.IoLoop;
import dev.hadirector.checks.io.Timeout;

/**
 * Echo requests for every PING_CHECK: one socket per family and bind address, one identifier,
 * a sequence number per request, replies matched by (identifier, sequence, source, data). All
 * state lives on one I/O loop; sockets hand replies over to it.
 */
public final class EchoService implements AutoCloseable {

    private static final int DATA_LENGTH = 16;
    private static final int V4_DESTINATION_UNREACHABLE = 3;
    private static final int V6_DESTINATION_UNREACHABLE = 1;

    private record SocketKey(StandardProtocolFamily family, Optional<InetAddress> bind, Optional<String> device) {
    }

    private record Pending(InetAddress target, byte[] data, CompletableFuture<CheckResult> result, Timeout timeout,
                           long startNanos) {
    }

    private final IoLoop loop;
    private final EchoSocketFactory factory;
    private final int identifier = ThreadLocalRandom.current().nextInt(0x10000);
    private final Map<SocketKey, EchoSocket> sockets = new HashMap<>();
    private final Map<Integer, Pending> pending = new HashMap<>();
    private int nextSequence;

    public EchoService(IoLoop loop, EchoSocketFactory factory) {
        this.loop = loop;
        this.factory = factory;
    }

    /** Sends one echo request; the result completes on a matching reply or at the timeout. */
    public CompletableFuture<CheckResult> echo(InetAddress target, Optional<InetAddress> bind, Duration timeout) {
        return echo(target, bind, Optional.empty(), timeout);
    }

    /** Sends one echo request out of {@code device} (bind_if) when given. */
    public CompletableFuture<CheckResult> echo(InetAddress target, Optional<InetAddress> bind, Optional<String> device,
                                               Duration timeout) {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        loop.execute(() -> send(target, bind, device, timeout, result));
        return result;
    }

    private void send(InetAddress target, Optional<InetAddress> bind, Optional<String> device, Duration timeout,
                      CompletableFuture<CheckResult> result) {
        boolean v6 = target instanceof Inet6Address;
        StandardProtocolFamily family = v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        int sequence = nextFreeSequence();
        if (sequence < 0) {
            result.complete(CheckResult.fail("too many echo requests in flight (65536)"));
            return;
        }
        byte[] data = new byte[DATA_LENGTH];
        ThreadLocalRandom.current().nextBytes(data);
        ByteBuffer message = ByteBuffer.allocate(IcmpEcho.HEADER_LENGTH + DATA_LENGTH);
        IcmpEcho.writeRequest(message, v6, identifier, sequence, data);
        String what = (v6 ? "ICMPv6" : "ICMP") + " echo to " + dev.hadirector.checks.HostPort.address(target);
        Timeout timer = loop.schedule(timeout, () -> {
            Pending p = pending.remove(sequence);
            if (p != null) {
                p.result.complete(CheckResult.fail("no " + what + " reply within " + timeout.toMillis() + " ms"));
            }
        });
        pending.put(sequence, new Pending(target, data, result, timer, System.nanoTime()));
        try {
            EchoSocket socket = socket(new SocketKey(family, bind, device));
            socket.send(target, message);
        } catch (IOException | RuntimeException e) {
            timer.cancel();
            pending.remove(sequence);
            result.complete(CheckResult.fail(what + " failed: " + e.getMessage()));
        }
    }

    private int nextFreeSequence() {
        for (int i = 0; i < 0x10000; i++) {
            int candidate = nextSequence;
            nextSequence = (nextSequence + 1) & 0xffff;
            if (!pending.containsKey(candidate)) {
                return candidate;
            }
        }
        return -1;
    }

    private EchoSocket socket(SocketKey key) throws IOException {
        EchoSocket socket = sockets.get(key);
        if (socket == null) {
            socket = factory.open(key.family(), key.bind(), key.device(), (source, message) -> {
                ByteBuffer copy = ByteBuffer.allocate(message.remaining());
                copy.put(message.duplicate()).flip();
                loop.execute(() -> onMessage(source, copy, key.family() == StandardProtocolFamily.INET6));
            });
            sockets.put(key, socket);
        }
        return socket;
    }

    private void onMessage(InetAddress source, ByteBuffer message, boolean v6) {
        if (message.remaining() < IcmpEcho.HEADER_LENGTH) {
            return;
        }
        IcmpEcho echo = new IcmpEcho().wrap(message);
        if (echo.type() == (v6 ? V6_DESTINATION_UNREACHABLE : V4_DESTINATION_UNREACHABLE)) {
            onUnreachable(source, message, v6, echo.code());
            return;
        }
        if (echo.type() != (v6 ? IcmpEcho.V6_ECHO_REPLY : IcmpEcho.V4_ECHO_REPLY) || echo.code() != 0
                || echo.identifier() != identifier || (!v6 && !echo.checksumValid())) {
            return;
        }
        Pending p = pending.get(echo.sequence());
        if (p == null || !p.target.equals(source) || echo.dataLength() != p.data.length) {
            return;
        }
        for (int i = 0; i < p.data.length; i++) {
            if (echo.dataAt(i) != p.data[i]) {
                return;
            }
        }
        pending.remove(echo.sequence());
        p.timeout.cancel();
        long micros = (System.nanoTime() - p.startNanos) / 1000;
        p.result.complete(CheckResult.ok("echo reply from " + dev.hadirector.checks.HostPort.address(source) + " in " + micros + " us"));
    }

    /**
     * A destination unreachable quotes the start of our request (RFC 792: IP header plus 8 bytes;
     * RFC 4443: as much as fits): if it is one of ours, the attempt fails now instead of at the timeout.
     */
    private void onUnreachable(InetAddress source, ByteBuffer message, boolean v6, int code) {
        int quoted = message.position() + IcmpEcho.HEADER_LENGTH;
        int innerIcmp;
        if (v6) {
            innerIcmp = quoted + 40;
        } else {
            if (message.limit() < quoted + 20) {
                return;
            }
            innerIcmp = quoted + (message.get(quoted) & 0x0f) * 4;
        }
        if (message.limit() < innerIcmp + IcmpEcho.HEADER_LENGTH) {
            return;
        }
        IcmpEcho request = new IcmpEcho().wrap(message.duplicate().position(innerIcmp));
        if (request.type() != (v6 ? IcmpEcho.V6_ECHO_REQUEST : IcmpEcho.V4_ECHO_REQUEST)
                || request.identifier() != identifier) {
            return;
        }
        Pending p = pending.remove(request.sequence());
        if (p == null) {
            return;
        }
        p.timeout.cancel();
        p.result.complete(CheckResult.fail((v6 ? "ICMPv6" : "ICMP") + " destination unreachable (code " + code
                + ") for " + dev.hadirector.checks.HostPort.address(p.target) + " from "
                + dev.hadirector.checks.HostPort.address(source)));
    }

    /** Requests in flight (for tests). */
    public int inFlight() {
        CompletableFuture<Integer> n = new CompletableFuture<>();
        loop.execute(() -> n.complete(pending.size()));
        return n.join();
    }

    @Override
    public void close() {
        loop.execute(() -> {
            sockets.values().forEach(EchoSocket::close);
            sockets.clear();
            pending.values().forEach(p -> p.result.complete(CheckResult.fail("echo service closed")));
            pending.clear();
        });
    }
}
