package dev.hadirector.checks.dns;

import static dev.hadirector.checks.support.Loopback.await;
import static dev.hadirector.checks.support.Loopback.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.DnsCheck;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.support.UdpTestServer;
import java.io.ByteArrayOutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DNS_CHECK against a tiny DNS server written here (independent of the codec under test). */
class DnsCheckerTest {

    private final IoReactor reactor = IoReactor.start("dns-test", 1);
    private final List<byte[]> queries = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        reactor.close();
    }

    /** Builds an answer to the query: same id and question, QR set, the rcode, and the records. */
    private static byte[] answer(byte[] query, int rcode, byte[]... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(query[0]);
        out.write(query[1]);
        out.write(0x81);
        out.write(0x80 | rcode);
        out.writeBytes(new byte[] {0, 1, 0, (byte) records.length, 0, 0, 0, 0});
        out.write(query, 12, query.length - 12);
        for (byte[] r : records) {
            out.writeBytes(r);
        }
        return out.toByteArray();
    }

    /** A record whose owner is the question's name (pointer to offset 12). */
    private static byte[] record(int type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, (byte) type, 0, 1, 0, 0, 0x0e, 0x10, 0, (byte) data.length});
        out.writeBytes(data);
        return out.toByteArray();
    }

    private CheckResult check(DnsCheck spec, Function<byte[], byte[]> server) throws Exception {
        try (UdpTestServer dns = new UdpTestServer(q -> {
            queries.add(q);
            return server.apply(q);
        })) {
            return await(new DnsChecker(spec, reactor).attempt(target(dns.port())));
        }
    }

    @Test
    void queryIsWellFormedForTheDefaults() throws Exception {
        CheckResult r = check(HealthCheck.dns().build(), q -> answer(q, 0));
        assertTrue(r.success(), r.reason());
        byte[] q = queries.get(0);
        assertEquals(12 + 1 + 4, q.length, "header, root name, type and class");
        assertEquals(List.of(0, 1, 0, 0, 0, 0, 0, 6, 0, 1),
                Arrays.asList(q[4], q[5], q[6], q[7], q[8], q[9], q[12], q[14], q[15], q[16]).stream()
                        .map(b -> (int) b).toList().subList(0, 10));
    }

    @Test
    void expectedAddressIsFound() throws Exception {
        DnsCheck spec = HealthCheck.dns().name("www.example.test").type(DnsCheck.Type.A).expectAnswer("192.0.2.7").build();
        CheckResult r = check(spec, q -> answer(q, 0, record(1, new byte[] {(byte) 192, 0, 2, 9}),
                record(1, new byte[] {(byte) 192, 0, 2, 7})));
        assertTrue(r.success(), r.reason());
    }

    @Test
    void missingExpectedAnswerIsNamed() throws Exception {
        DnsCheck spec = HealthCheck.dns().name("www.example.test").type(DnsCheck.Type.A).expectAnswer("192.0.2.7").build();
        CheckResult r = check(spec, q -> answer(q, 0, record(1, new byte[] {(byte) 192, 0, 2, 9})));
        assertTrue(r.reason().endsWith("for www.example.test A lacks 192.0.2.7 (got [192.0.2.9])"), r.reason());
    }

    @Test
    void cnameAndTxtAnswersAreDecoded() throws Exception {
        byte[] target = {4, 'h', 'o', 's', 't', (byte) 0xc0, 12};
        CheckResult cname = check(HealthCheck.dns().name("alias.example.test").type(DnsCheck.Type.CNAME)
                .expectAnswer("host.alias.example.test").build(), q -> answer(q, 0, record(5, target)));
        assertTrue(cname.success(), cname.reason());
        CheckResult txt = check(HealthCheck.dns().name("example.test").type(DnsCheck.Type.TXT).expectAnswer("v=ok").build(),
                q -> answer(q, 0, record(16, new byte[] {4, 'v', '=', 'o', 'k'})));
        assertTrue(txt.success(), txt.reason());
    }

    @Test
    void nxdomainIsDown() throws Exception {
        CheckResult r = check(HealthCheck.dns().name("nope.example.test").type(DnsCheck.Type.A).build(), q -> answer(q, 3));
        assertTrue(r.reason().startsWith("DNS NXDOMAIN from 127.0.0.1:"), r.reason());
        assertTrue(r.reason().endsWith(" for nope.example.test A"), r.reason());
    }

    @Test
    void answerWithAnotherIdIsIgnored() throws Exception {
        CheckResult r = check(HealthCheck.dns().connectTimeout(Duration.ofMillis(300)).build(), q -> {
            byte[] a = answer(q, 0);
            a[0] ^= 0x55;
            return a;
        });
        assertTrue(r.reason().startsWith("no DNS answer from 127.0.0.1:"), r.reason());
    }

    @Test
    void truncatedGarbageIsDown() throws Exception {
        CheckResult r = check(HealthCheck.dns().build(), q -> Arrays.copyOf(q, 5));
        assertTrue(r.reason().contains("malformed DNS answer") && r.reason().contains("shorter than the 12-byte header"),
                r.reason());
    }

    @Test
    void pointerLoopIsDownNotAHang() throws Exception {
        DnsCheck spec = HealthCheck.dns().name("example.test").type(DnsCheck.Type.A).build();
        CheckResult r = check(spec, q -> {
            byte[] a = answer(q, 0, record(1, new byte[] {1, 2, 3, 4}));
            int owner = q.length;
            a[owner] = (byte) 0xc0;
            a[owner + 1] = (byte) owner;
            return a;
        });
        assertTrue(r.reason().contains("compression pointers loop"), r.reason());
    }

    @Test
    void answerToAnotherQuestionIsDown() throws Exception {
        CheckResult r = check(HealthCheck.dns().name("a.example.test").type(DnsCheck.Type.A).build(), q -> {
            byte[] a = answer(q, 0);
            a[13] = 'b';
            return a;
        });
        assertTrue(r.reason().contains("is for another question (b.example.test type 1)"), r.reason());
    }

    @Test
    void closedPortIsDown() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = s.getLocalPort();
        }
        CheckResult r = await(new DnsChecker(HealthCheck.dns().build(), reactor).attempt(target(port)));
        assertEquals("ICMP port unreachable from 127.0.0.1:" + port, r.reason());
    }
}
