package dev.hadirector.checks.io;

import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.HostPort;
import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.socket.TcpSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * One non-blocking TCP connection of a check, optionally with TLS through an {@link SSLEngine}:
 * connect, handshake, exchange, verdict. A plain TCP_CHECK costs the kernel five calls: socket, connect, the
 * epoll registration, getsockopt(SO_ERROR) once writable, close. One deadline covers the whole attempt, so a silent,
 * slow or trickling server costs a timeout and never a thread. Always completes its future once,
 * and always closes its socket.
 */
public final class StreamConnection implements IoHandler {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private enum Phase { CONNECTING, HANDSHAKING, OPEN, DONE }

    private final IoLoop loop;
    private final InetSocketAddress remote;
    private final Optional<InetSocketAddress> bind;
    private final Optional<String> device;
    private final SSLEngine tls;
    private final Duration timeout;
    private final StreamExchange exchange;
    private final CompletableFuture<CheckResult> result = new CompletableFuture<>();
    private final Inbox inbox;

    private Phase phase = Phase.CONNECTING;
    private TcpSocket socket;
    private Registration registration;
    private boolean connected;
    private Timeout deadline;
    private ByteBuffer plainOut = EMPTY;
    private ByteBuffer netOut;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private long startNanos;
    /** True while pump() runs: a send() from inside an exchange callback only queues, so callbacks never nest. */
    private boolean pumping;

    private StreamConnection(IoLoop loop, InetSocketAddress remote, Optional<InetSocketAddress> bind,
                             Optional<String> device, SSLEngine tls, Duration timeout, StreamExchange exchange,
                             int maxReceived) {
        this.loop = loop;
        this.remote = remote;
        this.bind = bind;
        this.device = device;
        this.tls = tls;
        this.timeout = timeout;
        this.exchange = exchange;
        this.inbox = new Inbox(maxReceived);
    }

    /**
     * Opens a connection on the loop and runs the exchange over it.
     *
     * @param tls         an engine in client mode for TLS, or null for plain TCP
     * @param maxReceived the most bytes the exchange may need; more is a failure
     */
    public static CompletableFuture<CheckResult> open(IoLoop loop, InetSocketAddress remote,
                                                      Optional<InetSocketAddress> bind, SSLEngine tls,
                                                      Duration timeout, StreamExchange exchange, int maxReceived) {
        return open(loop, remote, bind, Optional.empty(), tls, timeout, exchange, maxReceived);
    }

    /**
     * Opens a connection on the loop and runs the exchange over it.
     *
     * @param device      bind_if: the interface the connection leaves by
     * @param tls         an engine in client mode for TLS, or null for plain TCP
     * @param maxReceived the most bytes the exchange may need; more is a failure
     */
    public static CompletableFuture<CheckResult> open(IoLoop loop, InetSocketAddress remote,
                                                      Optional<InetSocketAddress> bind, Optional<String> device,
                                                      SSLEngine tls, Duration timeout, StreamExchange exchange,
                                                      int maxReceived) {
        StreamConnection connection = new StreamConnection(loop, remote, bind, device, tls, timeout, exchange,
                maxReceived);
        loop.execute(connection::start);
        return connection.result;
    }

    public Inbox inbox() {
        return inbox;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** Nanoseconds since the connect started. */
    public long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    /** Queues bytes to send after whatever is still queued. */
    public void send(byte[] data) {
        if (phase == Phase.DONE) {
            return;
        }
        if (plainOut.hasRemaining()) {
            ByteBuffer joined = ByteBuffer.allocate(plainOut.remaining() + data.length);
            joined.put(plainOut).put(data).flip();
            plainOut = joined;
        } else {
            plainOut = ByteBuffer.wrap(data);
        }
        try {
            pump();
        } catch (IOException | KernelException e) {
            fail(e);
        }
    }

    /** Ends the attempt with this result and closes the connection; later calls do nothing. */
    public void finish(CheckResult verdict) {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        if (deadline != null) {
            deadline.cancel();
        }
        if (socket != null) {
            try {
                if (tls == null && plainOut.hasRemaining() && connected) {
                    // Best effort for a last word queued with the verdict (SMTP's QUIT); never waits.
                    socket.write(plainOut);
                }
            } catch (KernelException ignored) {
                // the verdict is known; the peer may already be gone
            }
            if (registration != null) {
                registration.close();
            } else {
                socket.close();
            }
        }
        result.complete(verdict);
    }

    public boolean done() {
        return phase == Phase.DONE;
    }

    private void start() {
        startNanos = loop.nanoTime();
        deadline = loop.schedule(timeout, this::onDeadline);
        try {
            socket = TcpSocket.open(remote);
            LocalBinding.bindLocal(socket, bind, device);
            if (socket.connect()) {
                registration = loop.register(socket.fileDescriptor(), 0, this);
                connected();
            } else {
                registration = loop.register(socket.fileDescriptor(), Registration.WRITABLE, this);
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void onDeadline() {
        long ms = timeout.toMillis();
        switch (phase) {
            case CONNECTING -> finish(CheckResult.fail("connect timeout after " + ms + " ms to " + HostPort.format(remote)));
            case HANDSHAKING -> finish(CheckResult.fail("TLS handshake timeout after " + ms + " ms with "
                    + HostPort.format(remote)));
            case OPEN -> finish(CheckResult.fail(exchange.timeoutReason(this, ms)));
            case DONE -> { }
        }
    }

    @Override
    public void onReady(int readyEvents) {
        try {
            if (phase == Phase.CONNECTING) {
                socket.finishConnect();
                connected();
                return;
            }
            pump();
        } catch (IOException | KernelException e) {
            fail(e);
        }
    }

    @Override
    public void onFailure(Throwable error) {
        finish(CheckResult.fail("internal error on " + HostPort.format(remote) + ": " + error));
    }

    private void connected() throws IOException {
        connected = true;
        if (tls != null) {
            phase = Phase.HANDSHAKING;
            int packet = tls.getSession().getPacketBufferSize();
            netOut = ByteBuffer.allocate(packet);
            netIn = ByteBuffer.allocate(packet);
            appIn = ByteBuffer.allocate(tls.getSession().getApplicationBufferSize());
            tls.beginHandshake();
        } else {
            phase = Phase.OPEN;
            pumping = true;
            try {
                exchange.onOpen(this);
            } finally {
                pumping = false;
            }
        }
        if (phase != Phase.DONE) {
            pump();
        }
    }

    private void pump() throws IOException {
        if (phase == Phase.DONE || phase == Phase.CONNECTING || pumping) {
            return;
        }
        pumping = true;
        try {
            if (tls != null) {
                pumpTls();
            } else {
                pumpPlain();
            }
        } finally {
            pumping = false;
        }
        if (phase != Phase.DONE && registration.isOpen()) {
            boolean pendingWrite = tls != null ? netOut.position() > 0 : plainOut.hasRemaining();
            registration.interest(Registration.READABLE | (pendingWrite ? Registration.WRITABLE : 0));
        }
    }

    private void pumpPlain() throws IOException {
        ByteBuffer readBuffer = loop.readBuffer();
        while (phase == Phase.OPEN) {
            // What the last callback queued goes out before the next read.
            boolean wrote = false;
            while (plainOut.hasRemaining()) {
                if (socket.write(plainOut) == 0) {
                    break;
                }
                wrote = true;
            }
            if (wrote) {
                // The answer to what just left cannot be there yet: wait for the selector (level-triggered, so
                // bytes already waiting are reported at once) rather than spend a read on EAGAIN.
                return;
            }
            readBuffer.clear();
            int n = socket.read(readBuffer);
            if (n == 0) {
                return;
            }
            if (n < 0) {
                exchange.onEnd(this);
                endIfUndecided();
                return;
            }
            readBuffer.flip();
            if (!deliver(readBuffer)) {
                return;
            }
        }
    }

    /** Hands received bytes to the exchange; false when the connection is finished. */
    private boolean deliver(ByteBuffer data) {
        if (!inbox.append(data)) {
            finish(CheckResult.fail("answer from " + HostPort.format(remote) + " larger than " + inbox.limit()
                    + " bytes"));
            return false;
        }
        exchange.onData(this);
        return phase != Phase.DONE;
    }

    private void endIfUndecided() {
        if (phase != Phase.DONE) {
            finish(CheckResult.fail("connection closed by " + HostPort.format(remote) + " before a complete answer ("
                    + inbox.length() + " bytes received)"));
        }
    }

    private void pumpTls() throws IOException {
        while (phase == Phase.HANDSHAKING || phase == Phase.OPEN) {
            if (!flushNet()) {
                return;
            }
            SSLEngineResult.HandshakeStatus status = tls.getHandshakeStatus();
            switch (status) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = tls.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                case NEED_WRAP -> wrap(EMPTY);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrap() && !readNet()) {
                        return;
                    }
                }
                default -> {
                    if (phase == Phase.HANDSHAKING) {
                        phase = Phase.OPEN;
                        exchange.onOpen(this);
                        continue;
                    }
                    if (plainOut.hasRemaining()) {
                        wrap(plainOut);
                        continue;
                    }
                    if (!unwrap() && !readNet()) {
                        return;
                    }
                }
            }
        }
    }

    /** Writes pending TLS records; false if some are left for the next writable event. */
    private boolean flushNet() throws IOException {
        if (netOut.position() == 0) {
            return true;
        }
        netOut.flip();
        socket.write(netOut);
        netOut.compact();
        return netOut.position() == 0;
    }

    private void wrap(ByteBuffer source) throws SSLException {
        SSLEngineResult r = tls.wrap(source, netOut);
        if (r.getStatus() == SSLEngineResult.Status.CLOSED && phase != Phase.DONE) {
            finish(CheckResult.fail("TLS session closed by " + HostPort.format(remote)
                    + (phase == Phase.HANDSHAKING ? " during the handshake" : "")));
        }
    }

    /** Decrypts what is buffered; true if it made progress. */
    private boolean unwrap() throws SSLException {
        netIn.flip();
        SSLEngineResult r;
        try {
            r = tls.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                return false;
            }
            case BUFFER_OVERFLOW -> {
                appIn = ByteBuffer.allocate(appIn.capacity() * 2).put(appIn.flip());
                return true;
            }
            case CLOSED -> {
                if (phase == Phase.OPEN) {
                    drainApp();
                    if (phase != Phase.DONE) {
                        exchange.onEnd(this);
                        endIfUndecided();
                    }
                } else {
                    finish(CheckResult.fail("TLS session closed by " + HostPort.format(remote) + " during the handshake"));
                }
                return false;
            }
            default -> {
                if (r.bytesProduced() > 0) {
                    drainApp();
                }
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0
                        || r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK
                        || r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP;
            }
        }
    }

    private void drainApp() {
        appIn.flip();
        if (appIn.hasRemaining()) {
            deliver(appIn);
        }
        appIn.clear();
    }

    /** Reads TLS records from the socket; false when nothing more is there for now (or the end came). */
    private boolean readNet() throws IOException {
        if (!netIn.hasRemaining()) {
            netIn = ByteBuffer.allocate(netIn.capacity() * 2).put(netIn.flip());
        }
        int n = socket.read(netIn);
        if (n > 0) {
            return true;
        }
        if (n < 0) {
            if (phase == Phase.HANDSHAKING) {
                finish(CheckResult.fail("connection closed by " + HostPort.format(remote) + " during the TLS handshake"));
            } else if (phase == Phase.OPEN) {
                // Many servers close without close_notify; what arrived still counts.
                exchange.onEnd(this);
                endIfUndecided();
            }
        }
        return false;
    }

    private void fail(Exception e) {
        finish(CheckResult.fail(describe(e)));
    }

    private String describe(Exception e) {
        String where = HostPort.format(remote);
        if (String.valueOf(e.getMessage()).startsWith("bind_if ")) {
            return e.getMessage() + " (connecting to " + where + ")";
        }
        if (e instanceof KernelException k) {
            switch (k.errno()) {
                case Errno.ECONNREFUSED -> {
                    return "connection refused by " + where;
                }
                case Errno.EHOSTUNREACH, Errno.ENETUNREACH -> {
                    return "no route to " + where;
                }
                case Errno.ECONNRESET -> {
                    return "connection reset by " + where;
                }
                default -> {
                    return "I/O error with " + where + ": " + k.getMessage();
                }
            }
        }
        if (e instanceof SSLHandshakeException) {
            return "TLS handshake with " + where + " failed: " + e.getMessage();
        }
        if (e instanceof SSLException) {
            return "TLS error with " + where + ": " + e.getMessage();
        }
        return "I/O error with " + where + ": " + e;
    }
}
