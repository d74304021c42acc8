package dev.hadirector.checks.support;

import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.CheckTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Small loopback helpers for checker tests. */
public final class Loopback {

    private Loopback() {
    }

    public static CheckTarget target(int port) {
        return new CheckTarget(InetAddress.getLoopbackAddress(), port);
    }

    /** A port on 127.0.0.1 with nothing listening (bound, then released). */
    public static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits for an attempt; a checker must always complete, so a long bound only guards a hang. */
    public static CheckResult await(CompletionStage<CheckResult> stage) {
        try {
            return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("checker did not complete: " + e, e);
        }
    }

    /**
     * A raw TCP server on 127.0.0.1: each connection is handed to the behaviour on its own thread
     * (test code only; the checkers themselves use no thread per connection).
     */
    public static final class RawServer implements AutoCloseable {
        private final ServerSocket server;
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "raw-test-server");
            t.setDaemon(true);
            return t;
        });

        public interface Behaviour {
            void serve(Socket socket, InputStream in, OutputStream out) throws Exception;
        }

        public RawServer(Behaviour behaviour) throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            threads.execute(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        threads.execute(() -> {
                            try (s) {
                                behaviour.serve(s, s.getInputStream(), s.getOutputStream());
                            } catch (Exception ignored) {
                                // the client hung up; part of the tests
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        public int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            threads.shutdownNow();
        }
    }

    /** Reads an HTTP request head (to the blank line) and returns it. */
    public static String readRequestHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            b.append((char) c);
            if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return b.toString();
    }

}
