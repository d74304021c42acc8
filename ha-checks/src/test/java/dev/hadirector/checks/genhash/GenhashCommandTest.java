package dev.hadirector.checks.genhash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.hadirector.checks.support.Loopback;
import dev.hadirector.checks.support.Loopback.RawServer;
import dev.hadirector.checks.support.NginxServer;
import dev.hadirector.testkit.Rig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our genhash against keepalived's genhash, both run here against the same local pages: same text. */
class GenhashCommandTest {

    private Path genhash;

    /** What one run printed. */
    private record Output(int exit, String out, String err) {
    }

    @BeforeEach
    void requireGenhash() {
        genhash = Rig.requireCommand("genhash");
    }

    private Output keepalived(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        // By name, so its usage text says "genhash" like ours.
        command.add(genhash.getFileName().toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("keepalived genhash hung on " + args);
        }
        return new Output(p.exitValue(), new String(out, StandardCharsets.ISO_8859_1), new String(err, StandardCharsets.ISO_8859_1));
    }

    private static Output ours(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = GenhashCommand.run(args, new PrintStream(out, true, StandardCharsets.ISO_8859_1),
                new PrintStream(err, true, StandardCharsets.ISO_8859_1));
        return new Output(exit, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.ISO_8859_1));
    }

    /** The response time differs from run to run; everything else must not. */
    private static Output masked(Output o) {
        return new Output(o.exit, o.out.replaceAll("= \\d+ usecs", "= N usecs"), o.err);
    }

    private void assertSame(List<String> args) throws Exception {
        Output theirs = masked(keepalived(args));
        Output mine = masked(ours(args));
        assertEquals(theirs, mine, "genhash " + String.join(" ", args));
    }

    private static byte[] fixedResponse(String head, byte[] body) {
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    @Test
    void fixedPagesAreIdenticalInPlainAndVerboseModes() throws Exception {
        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 7);
        }
        List<byte[]> responses = List.of(
                fixedResponse("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n", "hello world\n".getBytes(StandardCharsets.US_ASCII)),
                fixedResponse("HTTP/1.0 200 OK\r\n\r\n", new byte[0]),
                fixedResponse("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\n", "abcde".getBytes(StandardCharsets.US_ASCII)),
                fixedResponse("HTTP/1.1 500 Internal Server Error\r\nServer: test\r\n\r\n", "x".repeat(40).getBytes(StandardCharsets.US_ASCII)),
                fixedResponse("HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n", binary));
        for (byte[] response : responses) {
            try (RawServer raw = new RawServer((s, in, out) -> {
                Loopback.readRequestHead(in);
                out.write(response);
                out.flush();
            })) {
                String port = Integer.toString(raw.port());
                assertSame(List.of("-s", "127.0.0.1", "-p", port, "-u", "/page"));
                assertSame(List.of("-v", "-s", "127.0.0.1", "-p", port, "-u", "/page"));
                assertSame(List.of("--verbose", "--server=127.0.0.1", "--port=" + port, "--url=/a/b?c=d", "-P", "1.1",
                        "-V", "www.example.test"));
            }
        }
    }

    @Test
    void jdkServerPagesGiveTheSameDigest() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", ex -> {
            byte[] body = ("page " + ex.getRequestURI() + "\n").repeat(10).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/gone") ? 410 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String port = Integer.toString(server.getAddress().getPort());
            for (String url : List.of("/", "/index.html", "/gone", "/q?x=1")) {
                assertSame(List.of("-s", "127.0.0.1", "-p", port, "-u", url));
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void nginxPagesGiveTheSameDigest(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("index.html"), "<h1>nginx</h1>\n");
        Files.write(root.resolve("empty.html"), new byte[0]);
        try (NginxServer nginx = NginxServer.start(dir, root, "")) {
            String port = Integer.toString(nginx.port());
            for (String url : List.of("/index.html", "/empty.html", "/missing")) {
                assertSame(List.of("-s", "127.0.0.1", "-p", port, "-u", url));
            }
        }
    }

    @Test
    void failuresReadTheSame() throws Exception {
        String closed = Integer.toString(Loopback.closedPort());
        assertSame(List.of("-s", "127.0.0.1", "-p", closed, "-u", "/"));
        assertSame(List.of("-v", "-s", "127.0.0.1", "-p", closed, "-u", "/"));
        for (String answer : List.of("", "garbage without header end", "garbage\r\n\r\nbody",
                "HTTP/1.0 200 OK\r\nContent-Length: 100\r\n\r\ncut short")) {
            try (RawServer bad = new RawServer((s, in, out) -> {
                Loopback.readRequestHead(in);
                out.write(answer.getBytes(StandardCharsets.US_ASCII));
            })) {
                String port = Integer.toString(bad.port());
                assertSame(List.of("-s", "127.0.0.1", "-p", port, "-u", "/"));
                assertSame(List.of("-v", "-s", "127.0.0.1", "-p", port, "-u", "/"));
            }
        }
        try (RawServer silent = new RawServer((s, in, out) -> Thread.sleep(4_000))) {
            assertSame(List.of("-t", "1", "-s", "127.0.0.1", "-p", Integer.toString(silent.port()), "-u", "/"));
            assertSame(List.of("-v", "-t", "1", "-s", "127.0.0.1", "-p", Integer.toString(silent.port()), "-u", "/"));
        }
    }

    @Test
    void usageErrorsReadTheSame() throws Exception {
        assertSame(List.of("-h"));
        assertSame(List.of());
        assertSame(List.of("-s", "127.0.0.1", "-u", "/"));
        assertSame(List.of("-s", "nonexistent.invalid", "-p", "80", "-u", "/"));
        assertSame(List.of("-s", "127.0.0.1", "-p", "99999", "-u", "/"));
        assertSame(List.of("-s", "127.0.0.1", "-p", "0", "-u", "/"));
        assertSame(List.of("-s", "127.0.0.1", "-p", "80", "-u", "/", "extra"));
        assertSame(List.of("-s", "127.0.0.1", "-p", "80", "-u", "/", "-P", "2.0"));
        assertSame(List.of("-s", "127.0.0.1", "-p", "80", "-u", "/", "-t", "abc"));
        assertSame(List.of("-x"));
    }

    @Test
    void urlWithoutLeadingSlashIsSentAsGiven() throws Exception {
        try (RawServer raw = new RawServer((s, in, out) -> {
            String head = Loopback.readRequestHead(in);
            out.write(("HTTP/1.0 200 OK\r\n\r\n" + head.lines().findFirst().orElse("")).getBytes(StandardCharsets.US_ASCII));
        })) {
            Output o = ours(List.of("-s", "127.0.0.1", "-p", Integer.toString(raw.port()), "-u", "index.html"));
            assertTrue(o.out.matches("[0-9a-f]{32}\n"), o.out);
            assertSame(List.of("-s", "127.0.0.1", "-p", Integer.toString(raw.port()), "-u", "index.html"));
        }
    }

    @Test
    void tlsPagesGiveTheSameDigest(@TempDir Path dir) throws Exception {
        javax.net.ssl.SSLContext context = dev.hadirector.checks.support.SelfSignedCertificate.generate(dir).serverContext();
        com.sun.net.httpserver.HttpsServer server = com.sun.net.httpserver.HttpsServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(context));
        server.createContext("/", ex -> {
            byte[] body = ("tls page " + ex.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String port = Integer.toString(server.getAddress().getPort());
            assertSame(List.of("-S", "-s", "127.0.0.1", "-p", port, "-u", "/secure"));
            assertSame(List.of("--use-ssl", "-I", "-V", "www.example.test", "-s", "127.0.0.1", "-p", port, "-u", "/sni"));
        } finally {
            server.stop(0);
        }
    }
}
