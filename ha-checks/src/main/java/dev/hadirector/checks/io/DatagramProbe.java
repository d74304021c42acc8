package dev.hadirector.checks.io;

import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.HostPort;
import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.socket.UdpSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One UDP request/answer of a check over a connected, non-blocking {@link UdpSocket}. Being
 * connected, the socket reports an ICMP port unreachable as an error on the next read.
 */
public final class DatagramProbe implements IoHandler {

    private final IoLoop loop;
    private final InetSocketAddress remote;
    private final Optional<InetSocketAddress> bind;
    private final Optional<String> device;
    private final Duration timeout;
    private final byte[] payload;
    private final DatagramExchange exchange;
    private final CompletableFuture<CheckResult> result = new CompletableFuture<>();
    private UdpSocket socket;
    private Registration registration;
    private Timeout deadline;

    private DatagramProbe(IoLoop loop, InetSocketAddress remote, Optional<InetSocketAddress> bind,
                          Optional<String> device, Duration timeout, byte[] payload, DatagramExchange exchange) {
        this.loop = loop;
        this.remote = remote;
        this.bind = bind;
        this.device = device;
        this.timeout = timeout;
        this.payload = payload;
        this.exchange = exchange;
    }

    public static CompletableFuture<CheckResult> open(IoLoop loop, InetSocketAddress remote,
                                                      Optional<InetSocketAddress> bind, Duration timeout,
                                                      byte[] payload, DatagramExchange exchange) {
        return open(loop, remote, bind, Optional.empty(), timeout, payload, exchange);
    }

    /** As {@link #open(IoLoop, InetSocketAddress, Optional, Duration, byte[], DatagramExchange)}, leaving by {@code device} (bind_if). */
    public static CompletableFuture<CheckResult> open(IoLoop loop, InetSocketAddress remote,
                                                      Optional<InetSocketAddress> bind, Optional<String> device,
                                                      Duration timeout, byte[] payload, DatagramExchange exchange) {
        DatagramProbe probe = new DatagramProbe(loop, remote, bind, device, timeout, payload, exchange);
        loop.execute(probe::start);
        return probe.result;
    }

    private void start() {
        deadline = loop.schedule(timeout, () -> finish(exchange.onTimeout(timeout.toMillis())));
        try {
            socket = UdpSocket.open(remote);
            LocalBinding.bindLocal(socket, bind, device);
            socket.connect();
            registration = loop.register(socket.fileDescriptor(), Registration.READABLE, this);
            if (!socket.send(ByteBuffer.wrap(payload))) {
                finish(CheckResult.fail("could not send the " + payload.length + "-byte datagram to "
                        + HostPort.format(remote) + " (socket buffer full)"));
            }
        } catch (IOException | RuntimeException e) {
            finish(CheckResult.fail(describe(e)));
        }
    }

    @Override
    public void onReady(int readyEvents) {
        try {
            ByteBuffer receive = loop.readBuffer();
            while (!result.isDone()) {
                receive.clear();
                if (socket.receive(receive) < 0) {
                    return;
                }
                receive.flip();
                CheckResult verdict = exchange.onDatagram(receive.asReadOnlyBuffer());
                if (verdict != null) {
                    finish(verdict);
                }
            }
        } catch (KernelException e) {
            finish(CheckResult.fail(describe(e)));
        }
    }

    @Override
    public void onFailure(Throwable error) {
        finish(CheckResult.fail("internal error on " + HostPort.format(remote) + ": " + error));
    }

    private String describe(Exception e) {
        String where = HostPort.format(remote);
        if (e instanceof KernelException k) {
            switch (k.errno()) {
                case Errno.ECONNREFUSED -> {
                    return "ICMP port unreachable from " + where;
                }
                case Errno.EHOSTUNREACH -> {
                    return "ICMP host unreachable: no route to " + where;
                }
                case Errno.ENETUNREACH -> {
                    return "ICMP network unreachable for " + where;
                }
                default -> {
                    return "I/O error with " + where + ": " + k.getMessage();
                }
            }
        }
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("bind_if ")) {
            return message + " (sending to " + where + ")";
        }
        return "I/O error with " + where + ": " + e;
    }

    private void finish(CheckResult verdict) {
        if (result.isDone()) {
            return;
        }
        if (deadline != null) {
            deadline.cancel();
        }
        if (registration != null) {
            registration.close();
        } else if (socket != null) {
            socket.close();
        }
        result.complete(verdict);
    }
}
