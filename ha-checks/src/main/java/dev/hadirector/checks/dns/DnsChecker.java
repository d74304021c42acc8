package dev.hadirector.checks.dns;

import dev.hadirector.api.DnsCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.Checker;
import dev.hadirector.checks.HostPort;
import dev.hadirector.checks.io.DatagramExchange;
import dev.hadirector.checks.io.DatagramProbe;
import dev.hadirector.checks.io.IoReactor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * DNS_CHECK: one query over UDP. An answer with another id is ignored (not ours); ours must be a
 * response, NOERROR, to the same question, and carry the expected record if one is set.
 */
public final class DnsChecker implements Checker {

    private static final String[] RCODES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"};

    private final DnsCheck spec;
    private final IoReactor reactor;
    private final String canonicalName;
    private final Optional<String> expected;

    public DnsChecker(DnsCheck spec, IoReactor reactor) {
        this.spec = spec;
        this.reactor = reactor;
        this.canonicalName = DnsCodec.canonical(spec.name());
        this.expected = spec.expectAnswer().map(DnsChecker::canonicalAnswer);
    }

    private static String canonicalAnswer(String answer) {
        if (answer.matches("[0-9A-Fa-f:.]+") && (answer.contains(":") || answer.matches("\\d+(\\.\\d+){3}"))) {
            try {
                return InetAddress.getByName(answer).getHostAddress();
            } catch (UnknownHostException e) {
                return answer;
            }
        }
        return answer.endsWith(".") && answer.length() > 1 ? DnsCodec.canonical(answer) : answer;
    }

    @Override
    public CompletionStage<CheckResult> attempt(CheckTarget target) {
        InetSocketAddress remote = target.connectAddress(spec.endpoint());
        int id = ThreadLocalRandom.current().nextInt(0x10000);
        ByteBuffer query = ByteBuffer.allocate(512);
        int length = DnsCodec.writeQuery(query, id, spec.name(), spec.type().code());
        byte[] bytes = Arrays.copyOf(query.array(), length);
        return DatagramProbe.open(reactor.next(), remote, CheckTarget.bindAddress(spec.endpoint()),
                spec.endpoint().bindInterface(),
                spec.timing().connectTimeout(), bytes, new DatagramExchange() {
                    @Override
                    public CheckResult onDatagram(ByteBuffer datagram) {
                        return judge(datagram, id, remote);
                    }

                    @Override
                    public CheckResult onTimeout(long ms) {
                        return CheckResult.fail("no DNS answer from " + HostPort.format(remote) + " within " + ms + " ms");
                    }
                });
    }

    private CheckResult judge(ByteBuffer datagram, int id, InetSocketAddress remote) {
        DnsCodec.Answer answer;
        try {
            answer = DnsCodec.read(datagram);
        } catch (DnsCodec.MalformedException e) {
            return CheckResult.fail("malformed DNS answer from " + HostPort.format(remote) + ": " + e.getMessage());
        }
        if (answer.id() != id) {
            return null;
        }
        String question = spec.name() + " " + spec.type();
        if (!answer.response()) {
            return CheckResult.fail("DNS message from " + HostPort.format(remote) + " is a query, not a response");
        }
        if (answer.rcode() != 0) {
            String rcode = answer.rcode() < RCODES.length ? RCODES[answer.rcode()] : "RCODE " + answer.rcode();
            return CheckResult.fail("DNS " + rcode + " from " + HostPort.format(remote) + " for " + question);
        }
        if (answer.questionType() != spec.type().code() || !answer.questionName().equals(canonicalName)) {
            return CheckResult.fail("DNS answer from " + HostPort.format(remote) + " is for another question ("
                    + answer.questionName() + " type " + answer.questionType() + "), asked " + question);
        }
        if (expected.isPresent()) {
            boolean found = answer.answers().stream().anyMatch(r -> r.type() == spec.type().code()
                    && r.value().equalsIgnoreCase(expected.get()));
            if (!found) {
                return CheckResult.fail("DNS answer from " + HostPort.format(remote) + " for " + question
                        + " lacks " + expected.get() + " (got " + answer.answers().stream()
                        .filter(r -> r.type() == spec.type().code()).map(DnsCodec.Record::value).toList() + ")");
            }
        }
        return CheckResult.ok("DNS NOERROR for " + question);
    }
}
