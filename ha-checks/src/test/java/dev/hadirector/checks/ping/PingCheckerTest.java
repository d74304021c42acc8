package dev.hadirector.checks.ping;

import static dev.hadirector.checks.support.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.io.IoReactor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PING_CHECK over an in-memory EchoSocket (the raw-socket one comes with ha-kernel). */
class PingCheckerTest {

    private final IoReactor reactor = IoReactor.start("ping-test", 1);
    private final List<StandardProtocolFamily> opened = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        reactor.close();
    }

    /** A socket whose "network" turns each request into what the function returns (null: lost). */
    private EchoSocketFactory network(UnaryOperator<ByteBuffer> answer) {
        return (family, bind, receiver) -> {
            opened.add(family);
            return new EchoSocket() {
                @Override
                public void send(InetAddress target, ByteBuffer message) throws IOException {
                    ByteBuffer copy = ByteBuffer.allocate(message.remaining()).put(message.duplicate()).flip();
                    ByteBuffer reply = answer.apply(copy);
                    if (reply != null) {
                        Thread t = new Thread(() -> receiver.onMessage(target, reply));
                        t.start();
                    }
                }

                @Override
                public void close() {
                }
            };
        };
    }

    /** What a host does: the request with the reply type and, for v4, a new checksum. */
    private static ByteBuffer echoReply(ByteBuffer request) {
        boolean v6 = (request.get(0) & 0xff) == IcmpEcho.V6_ECHO_REQUEST;
        request.put(0, (byte) (v6 ? IcmpEcho.V6_ECHO_REPLY : IcmpEcho.V4_ECHO_REPLY));
        if (!v6) {
            request.putShort(2, (short) 0);
            request.putShort(2, (short) IcmpEcho.checksum(request, 0, request.limit()));
        }
        return request;
    }

    private CheckResult ping(EchoSocketFactory factory, InetAddress address, Duration timeout) {
        try (EchoService service = new EchoService(reactor.next(), factory)) {
            return await(new PingChecker(HealthCheck.ping().connectTimeout(timeout).build(), service)
                    .attempt(new CheckTarget(address, 0)));
        }
    }

    @Test
    void v4RequestIsValidAndReplyPasses() throws Exception {
        List<ByteBuffer> sent = new CopyOnWriteArrayList<>();
        CheckResult r = ping(network(req -> {
            sent.add(req.duplicate());
            IcmpEcho echo = new IcmpEcho().wrap(req.duplicate());
            assertEquals(IcmpEcho.V4_ECHO_REQUEST, echo.type());
            assertTrue(echo.checksumValid(), "request checksum");
            return echoReply(req);
        }), InetAddress.getByName("127.0.0.1"), Duration.ofSeconds(30));
        assertTrue(r.success(), r.reason());
        assertTrue(r.reason().startsWith("echo reply from 127.0.0.1 in "), r.reason());
        assertEquals(List.of(StandardProtocolFamily.INET), opened);
        assertEquals(1, sent.size());
    }

    @Test
    void v6UsesIcmpv6Types() throws Exception {
        CheckResult r = ping(network(req -> {
            assertEquals(IcmpEcho.V6_ECHO_REQUEST, req.get(0) & 0xff);
            return echoReply(req);
        }), InetAddress.getByName("::1"), Duration.ofSeconds(30));
        assertTrue(r.success(), r.reason());
        assertEquals(List.of(StandardProtocolFamily.INET6), opened);
    }

    @Test
    void lostRequestTimesOut() throws Exception {
        CheckResult r = ping(network(req -> null), InetAddress.getByName("127.0.0.1"), Duration.ofMillis(200));
        assertEquals("no ICMP echo to 127.0.0.1 reply within 200 ms", r.reason());
    }

    @Test
    void repliesThatDoNotMatchAreIgnored() throws Exception {
        UnaryOperator<ByteBuffer> corruptData = req -> {
            ByteBuffer reply = echoReply(req);
            reply.put(IcmpEcho.HEADER_LENGTH, (byte) (reply.get(IcmpEcho.HEADER_LENGTH) + 1));
            return reply;
        };
        assertFalse(ping(network(corruptData), InetAddress.getByName("127.0.0.1"), Duration.ofMillis(200)).success());
        UnaryOperator<ByteBuffer> otherIdentifier = req -> {
            req.putShort(4, (short) (req.getShort(4) + 1));
            return echoReply(req);
        };
        assertFalse(ping(network(otherIdentifier), InetAddress.getByName("127.0.0.1"), Duration.ofMillis(200)).success());
        UnaryOperator<ByteBuffer> stillARequest = req -> req;
        assertFalse(ping(network(stillARequest), InetAddress.getByName("127.0.0.1"), Duration.ofMillis(200)).success());
    }

    @Test
    void sendErrorIsReported() throws Exception {
        EchoSocketFactory failing = (family, bind, receiver) -> new EchoSocket() {
            @Override
            public void send(InetAddress target, ByteBuffer message) throws IOException {
                throw new IOException("ENETUNREACH (Network is unreachable)");
            }

            @Override
            public void close() {
            }
        };
        CheckResult r = ping(failing, InetAddress.getByName("127.0.0.1"), Duration.ofSeconds(30));
        assertEquals("ICMP echo to 127.0.0.1 failed: ENETUNREACH (Network is unreachable)", r.reason());
    }

    @Test
    void checksumMatchesRfc1071Example() {
        // RFC 1071 section 3: the sum of 0001 f203 f4f5 f6f7 is ddf2 (one's complement 220d).
        ByteBuffer b = ByteBuffer.wrap(new byte[] {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7});
        assertEquals(0x220d, IcmpEcho.checksum(b, 0, 8));
    }

    @Test
    void destinationUnreachableQuotingOurRequestFailsAtOnce() throws Exception {
        CheckResult v4 = ping(network(req -> {
            // ICMP type 3 code 1 quoting a 20-byte IPv4 header and the first 8 bytes of the request.
            ByteBuffer error = ByteBuffer.allocate(8 + 20 + 8);
            error.put((byte) 3).put((byte) 1).putShort((short) 0).putInt(0);
            error.put((byte) 0x45).put(new byte[19]);
            error.put(req.array(), 0, 8).flip();
            return error;
        }), InetAddress.getByName("127.0.0.1"), Duration.ofSeconds(60));
        assertEquals("ICMP destination unreachable (code 1) for 127.0.0.1 from 127.0.0.1", v4.reason());
        CheckResult v6 = ping(network(req -> {
            ByteBuffer error = ByteBuffer.allocate(8 + 40 + req.limit());
            error.put((byte) 1).put((byte) 4).putShort((short) 0).putInt(0);
            error.put((byte) 0x60).put(new byte[39]);
            error.put(req.array(), 0, req.limit()).flip();
            return error;
        }), InetAddress.getByName("::1"), Duration.ofSeconds(60));
        assertEquals("ICMPv6 destination unreachable (code 4) for ::1 from ::1", v6.reason());
        CheckResult foreign = ping(network(req -> {
            ByteBuffer error = ByteBuffer.allocate(8 + 20 + 8);
            error.put((byte) 3).put((byte) 1).putShort((short) 0).putInt(0);
            error.put((byte) 0x45).put(new byte[19]);
            req.putShort(4, (short) (req.getShort(4) + 1));
            error.put(req.array(), 0, 8).flip();
            return error;
        }), InetAddress.getByName("127.0.0.1"), Duration.ofMillis(200));
        assertEquals("no ICMP echo to 127.0.0.1 reply within 200 ms", foreign.reason(), "someone else's request");
    }
}
