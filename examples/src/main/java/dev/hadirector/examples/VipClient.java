package dev.hadirector.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import dev.hadirector.kernel.netns.NetNamespace;

/**
 * The demo's client: an HTTP GET to the VIP every {@link #PERIOD_MILLIS} ms from the client namespace, each on a new
 * connection so IPVS schedules every request anew. The request runs on a thread that entered the namespace, so no
 * process is started per request and each answer is timed to the millisecond.
 */
final class VipClient implements AutoCloseable {

    static final long PERIOD_MILLIS = 200;
    static final int TIMEOUT_MILLIS = 500;

    /** One request: who answered (the first word of the page), or why nothing did. */
    record Answer(long atMillis, String server, String failure) {
        boolean ok() {
            return server != null;
        }

        String shortText() {
            return ok() ? server : "x(" + failure + ")";
        }
    }

    private final NetNamespace namespace;
    private final InetSocketAddress target;
    private final Timeline timeline;
    private final List<Answer> answers = new ArrayList<>();
    private final Thread loop;
    private volatile boolean running = true;

    VipClient(String namespaceName, String vip, int port, Timeline timeline) {
        this.namespace = NetNamespace.named(namespaceName);
        this.target = new InetSocketAddress(vip, port);
        this.timeline = timeline;
        this.loop = new Thread(this::run, "vip-client");
        this.loop.setDaemon(true);
    }

    void start() {
        loop.start();
    }

    private void run() {
        while (running) {
            long started = timeline.now();
            Answer answer = namespace.call(() -> request(started));
            synchronized (this) {
                answers.add(answer);
                notifyAll();
            }
            // Shown when it completed (a timeout ends later than it started), so the timeline stays in order.
            timeline.answer(timeline.now(), answer.shortText());
            long wait = PERIOD_MILLIS - (timeline.now() - started);
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private Answer request(long started) {
        try (Socket socket = new Socket()) {
            socket.connect(target, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.0\r\nHost: " + target.getHostString() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readAll(socket.getInputStream());
            int body = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.1 200") || body < 0) {
                return new Answer(started, null, "bad answer");
            }
            String page = response.substring(body + 4).strip();
            String server = page.isEmpty() ? "?" : page.split("\\s+")[0];
            return new Answer(started, server, null);
        } catch (SocketTimeoutException e) {
            return new Answer(started, null, "timeout");
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            return new Answer(started, null, message.contains("refused") ? "refused"
                    : message.contains("reset") ? "reset" : message.contains("unreachable") ? "unreachable" : "error");
        }
    }

    private static String readAll(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        int total = 0;
        int n;
        while (total < buffer.length && (n = in.read(buffer, total, buffer.length - total)) > 0) {
            total += n;
        }
        return new String(buffer, 0, total, StandardCharsets.ISO_8859_1);
    }

    /** Every answer so far, in order. */
    synchronized List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** Answers that started at or after {@code fromMillis}. */
    synchronized List<Answer> answersSince(long fromMillis) {
        return answers.stream().filter(a -> a.atMillis() >= fromMillis).toList();
    }

    /** Waits until an answer started at or after {@code fromMillis} matches, at most {@code timeoutMillis}. */
    synchronized Optional<Answer> await(long fromMillis, Predicate<Answer> wanted, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            for (Answer a : answers) {
                if (a.atMillis() >= fromMillis && wanted.test(a)) {
                    return Optional.of(a);
                }
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return Optional.empty();
            }
            wait(left);
        }
    }

    @Override
    public void close() {
        // No interrupt: the request in flight ends within its own time limit, and the loop then sees the flag.
        running = false;
        try {
            loop.join(TIMEOUT_MILLIS * 4L + PERIOD_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        namespace.close();
    }
}
