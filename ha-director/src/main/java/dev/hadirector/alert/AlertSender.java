package dev.hadirector.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts on its own thread, one mail per alert in the order submitted, so the event loop and the hooks never
 * wait for a mail server. {@link #submit} never blocks: when the bounded queue is full the alert is dropped with a
 * warning. A failed mail costs one warning naming the server, the step and the reply; the next alert tries again.
 * {@link #close()} sends what is queued (the "Stopping" alerts of a closing director) for at most the drain time,
 * then gives up on the rest with a warning; {@link #retire()} does the same for a sender a reload replaced, without
 * making the reload wait.
 */
final class AlertSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertSender.class);

    /** Marks the end of the queue for the thread. */
    private static final Queued END = new Queued(new Alert("", ""), null);

    private final SmtpAlerts settings;
    private final MailTransport transport;
    private final Clock clock;
    private final Duration drainTime;
    private final BlockingQueue<Queued> queue;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    /** Why the alerts still queued when the drain time ran out were not sent; set by the close. */
    private volatile String dropReason = "the director closed while the mail server was slow";

    private record Queued(Alert alert, ZonedDateTime at) {
    }

    AlertSender(SmtpAlerts settings, MailTransport transport, Clock clock, Duration drainTime, String threadName) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.drainTime = Objects.requireNonNull(drainTime, "drainTime");
        // one more slot than the capacity, so that the end marker always fits
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity() + 1);
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues {@code alert} for sending, stamped with the current time for its Date header.
     *
     * @return false when it was dropped (queue full, or the sender closed)
     */
    boolean submit(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        if (closed) {
            LOG.warn("SMTP alert \"{}\" dropped: the alert sender is closed", alert.subject());
            return false;
        }
        if (queue.size() >= settings.queueCapacity() || !queue.offer(new Queued(alert, ZonedDateTime.now(clock)))) {
            long n = dropped.incrementAndGet();
            LOG.warn("SMTP alert \"{}\" dropped: {} alerts already wait for the mail server ({} dropped so far)",
                    alert.subject(), settings.queueCapacity(), n);
            return false;
        }
        return true;
    }

    /** The mail server of this sender's settings, as {@code host:port}. */
    String server() {
        return settings.server().orElse("(no server)") + ":" + settings.port();
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    long dropped() {
        return dropped.get();
    }

    private void run() {
        try {
            while (true) {
                Queued q = queue.take();
                if (q == END) {
                    return;
                }
                deliver(q);
            }
        } catch (InterruptedException e) {
            int left = queue.size();
            if (left > 0 && queue.contains(END)) {
                left--;
            }
            if (left > 0) {
                LOG.warn("{} SMTP alerts not sent: {}", left, dropReason);
            }
        }
    }

    private void deliver(Queued q) throws InterruptedException {
        MailMessage mail = new MailMessage(settings.sender(), settings.recipients(), q.alert().subject(),
                q.alert().body(), q.at());
        try {
            List<String> refused = transport.send(mail);
            sent.incrementAndGet();
            if (refused.isEmpty()) {
                LOG.info("SMTP alert sent to {}: {}", settings.recipients(), mail.subject());
            } else {
                LOG.warn("SMTP alert \"{}\" sent, but the server refused some recipients: {}", mail.subject(), refused);
            }
        } catch (SmtpException e) {
            failed.incrementAndGet();
            LOG.warn("SMTP alert \"{}\" not sent: {}", mail.subject(), e.getMessage());
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.warn("SMTP alert \"{}\" not sent", mail.subject(), e);
        }
    }

    /**
     * For a sender a reload replaced: on a thread of its own, sends what is queued through the old settings' server
     * for at most the drain time, then drops the rest with a warning that counts them; returns at once.
     */
    void retire() {
        dropReason = "their mail settings were replaced by a reload while the mail server was slow";
        if (stopTaking()) {
            Thread closer = new Thread(this::drain, thread.getName() + "-retired");
            closer.setDaemon(true);
            closer.start();
        }
    }

    /** Sends what is queued for at most the drain time, then stops the thread. Calling it again does nothing. */
    @Override
    public void close() {
        if (stopTaking()) {
            drain();
        }
    }

    /** Refuses new alerts from now on and marks the end of the queue; false when that was done before. */
    private synchronized boolean stopTaking() {
        if (closed) {
            return false;
        }
        closed = true;
        queue.offer(END);
        return true;
    }

    private void drain() {
        try {
            thread.join(Math.max(1, drainTime.toMillis()));
            if (thread.isAlive()) {
                thread.interrupt(); // closes a socket blocked in I/O (an interruptible channel)
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}
