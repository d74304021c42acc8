package dev.hadirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@code ha-director genhash ...} reaches ha-checks' genhash through the dispatcher. */
class GenhashCliCommandTest {

    @Test
    void printsTheDigestOfAPageServedOnLoopback() throws Exception {
        byte[] body = "<html>ha-director genhash page</html>\n".getBytes(StandardCharsets.US_ASCII);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/page.html", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = Main.standard().run(new String[]{"genhash", "-s", "127.0.0.1", "-p",
                    String.valueOf(server.getAddress().getPort()), "-u", "/page.html"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
            assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
            assertEquals(expected, out.toString(StandardCharsets.UTF_8).strip());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void helpListsGenhash() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Main.standard().run(new String[]{"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, exit);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("genhash"), out.toString(StandardCharsets.UTF_8));
    }
}
