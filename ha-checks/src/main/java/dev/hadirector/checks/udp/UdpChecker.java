package dev.hadirector.checks.udp;

import dev.hadirector.api.UdpCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.Checker;
import dev.hadirector.checks.HostPort;
import dev.hadirector.checks.io.DatagramExchange;
import dev.hadirector.checks.io.DatagramProbe;
import dev.hadirector.checks.io.IoReactor;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;

/**
 * UDP_CHECK: sends the payload (or 16 random bytes). Without require_reply, silence until the
 * timeout is success and an ICMP unreachable is failure; with it, a reply of an allowed length that
 * matches the pattern (compared up to the shorter of the two, 'x' nibbles ignored) is required.
 */
public final class UdpChecker implements Checker {

    private final UdpCheck spec;
    private final IoReactor reactor;
    private final Optional<byte[]> payload;
    private final Random random = new Random();

    public UdpChecker(UdpCheck spec, IoReactor reactor) {
        this.spec = spec;
        this.reactor = reactor;
        this.payload = spec.payload();
    }

    @Override
    public CompletionStage<CheckResult> attempt(CheckTarget target) {
        InetSocketAddress remote = target.connectAddress(spec.endpoint());
        byte[] bytes = payload.orElseGet(() -> {
            byte[] b = new byte[16];
            synchronized (random) {
                random.nextBytes(b);
            }
            return b;
        });
        return DatagramProbe.open(reactor.next(), remote, CheckTarget.bindAddress(spec.endpoint()),
                spec.endpoint().bindInterface(),
                spec.timing().connectTimeout(), bytes, new DatagramExchange() {
                    @Override
                    public CheckResult onDatagram(ByteBuffer datagram) {
                        return judgeReply(datagram, remote);
                    }

                    @Override
                    public CheckResult onTimeout(long ms) {
                        return spec.requireReply()
                                ? CheckResult.fail("no UDP reply from " + HostPort.format(remote) + " within " + ms + " ms")
                                : CheckResult.ok("no ICMP unreachable from " + HostPort.format(remote) + " within " + ms + " ms");
                    }
                });
    }

    private CheckResult judgeReply(ByteBuffer datagram, InetSocketAddress remote) {
        if (!spec.requireReply()) {
            return CheckResult.ok("UDP reply from " + HostPort.format(remote));
        }
        int length = datagram.remaining();
        if (length < spec.minReplyLength() || length > spec.maxReplyLength()) {
            return CheckResult.fail("UDP reply of " + length + " bytes from " + HostPort.format(remote)
                    + " outside " + spec.minReplyLength() + ".." + spec.maxReplyLength());
        }
        if (spec.replyHex().isPresent()) {
            String pattern = spec.replyHex().get();
            int compare = Math.min(length, pattern.length() / 2);
            for (int i = 0; i < compare; i++) {
                int b = datagram.get(datagram.position() + i) & 0xff;
                if (!nibbleMatches(pattern.charAt(2 * i), b >>> 4) || !nibbleMatches(pattern.charAt(2 * i + 1), b & 0xf)) {
                    return CheckResult.fail("UDP reply from " + HostPort.format(remote) + " differs from the expected "
                            + pattern + " at byte " + i + " (got " + String.format("%02x", b) + ")");
                }
            }
        }
        return CheckResult.ok("UDP reply of " + length + " bytes from " + HostPort.format(remote));
    }

    private static boolean nibbleMatches(char expected, int actual) {
        return expected == 'x' || Character.digit(expected, 16) == actual;
    }
}
