package dev.hadirector.alert;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A fake SMTP server on loopback that follows a script: it sends exactly the bytes the test gives (garbage, 4xx,
 * silence) and records what the client sent, line by line. One connection per server.
 */
final class ScriptedSmtpServer implements AutoCloseable {
    /** The server's half of one conversation. */
    interface Script {
        void run(Conversation c) throws Exception;
    }

    private final ServerSocket listener;
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Thread thread;

    private ScriptedSmtpServer(Script script) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            try (Socket s = listener.accept()) {
                script.run(new Conversation(s));
                done.complete(null);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        }, "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    static ScriptedSmtpServer start(Script script) throws IOException {
        return new ScriptedSmtpServer(script);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** What the client sent: one entry per line without CRLF; the DATA part as one entry. */
    List<String> received() throws Exception {
        done.get(30, TimeUnit.SECONDS);
        return List.copyOf(received);
    }

    SmtpClient client(java.time.Duration timeout) {
        return new SmtpClient(SocketOpener.HERE, "127.0.0.1", port(), timeout, "director.test");
    }

    @Override
    public void close() throws IOException {
        listener.close();
        thread.interrupt();
    }

    final class Conversation {
        private final InputStream in;
        private final OutputStream out;

        Conversation(Socket s) throws IOException {
            in = s.getInputStream();
            out = s.getOutputStream();
        }

        Conversation send(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        }

        /** Reads one CRLF line from the client and records it. */
        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int prev = -1;
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("client closed the connection; so far: " + received);
                }
                if (prev == '\r' && c == '\n') {
                    byte[] bytes = b.toByteArray();
                    String line = new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
                    received.add(line);
                    return line;
                }
                b.write(c);
                prev = c;
            }
        }

        /** Reads the DATA content up to the lone dot and records it whole, as sent (still dot-stuffed). */
        String data() throws IOException {
            StringBuilder all = new StringBuilder();
            while (true) {
                String line = line();
                received.remove(received.size() - 1);
                if (line.equals(".")) {
                    received.add(all.toString());
                    return all.toString();
                }
                all.append(line).append("\r\n");
            }
        }

        /** Reads one command line and answers it. */
        Conversation answer(String reply) throws IOException {
            line();
            return send(reply);
        }

        /** Waits until the client hangs up (reads and records whatever comes). */
        void untilClosed() throws IOException {
            try {
                while (true) {
                    line();
                }
            } catch (IOException closed) {
                // the client went away: the end of the script
            }
        }
    }
}
