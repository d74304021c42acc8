package dev.hadirector.checks.io;

import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.HostPort;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One UDP request/answer of a check over a connected, non-blocking {@link DatagramChannel}. Being
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
    private final ByteBuffer receive = ByteBuffer.allocate(65_536);
    private DatagramChannel channel;
    private SelectionKey key;
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
            channel = DatagramChannel.open(remote.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            channel.configureBlocking(false);
            DeviceBinding.bindLocal(channel, false, bind, device);
            channel.connect(remote);
            key = loop.register(channel, SelectionKey.OP_READ, this);
            int sent = channel.write(ByteBuffer.wrap(payload));
            if (sent != payload.length) {
                finish(CheckResult.fail("could not send the " + payload.length + "-byte datagram to "
                        + HostPort.format(remote) + " (socket buffer full)"));
            }
        } catch (IOException | RuntimeException e) {
            finish(CheckResult.fail(describe(e)));
        }
    }

    @Override
    public void onReady(SelectionKey readyKey) {
        try {
            while (!result.isDone()) {
                receive.clear();
                int n = channel.read(receive);
                if (n <= 0) {
                    return;
                }
                receive.flip();
                CheckResult verdict = exchange.onDatagram(receive.asReadOnlyBuffer());
                if (verdict != null) {
                    finish(verdict);
                }
            }
        } catch (IOException e) {
            finish(CheckResult.fail(describe(e)));
        }
    }

    @Override
    public void onFailure(Throwable error) {
        finish(CheckResult.fail("internal error on " + HostPort.format(remote) + ": " + error));
    }

    private String describe(Exception e) {
        if (e instanceof PortUnreachableException) {
            return "ICMP port unreachable from " + HostPort.format(remote);
        }
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("bind_if ")) {
            return message + " (sending to " + HostPort.format(remote) + ")";
        }
        if (message.contains("No route to host")) {
            return "ICMP host unreachable: no route to " + HostPort.format(remote);
        }
        if (message.contains("Network is unreachable")) {
            return "ICMP network unreachable for " + HostPort.format(remote);
        }
        return "I/O error with " + HostPort.format(remote) + ": " + e;
    }

    private void finish(CheckResult verdict) {
        if (result.isDone()) {
            return;
        }
        if (deadline != null) {
            deadline.cancel();
        }
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the verdict is known
            }
        }
        result.complete(verdict);
    }
}
