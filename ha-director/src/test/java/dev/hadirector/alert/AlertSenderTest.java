package dev.hadirector.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sender thread: order, failures that cost only a warning, the bounded queue, closing and retiring. */
class AlertSenderTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T13:00:00Z"), ZoneOffset.UTC);
    private static final Duration LONG = Duration.ofSeconds(30);

    private static SmtpAlerts settings(int capacity) {
        return SmtpAlerts.builder().to("ops@example.com", "b@example.com").from("d@example.com").server("mail")
                .queueCapacity(capacity).build();
    }

    private static Alert alert(int i) {
        return new Alert("subject " + i, "body " + i);
    }

    @Test
    void sendsInOrderWithTheSettingsAndTheEventsTime() throws Exception {
        List<MailMessage> sent = new CopyOnWriteArrayList<>();
        AlertSender sender = new AlertSender(settings(8), m -> {
            sent.add(m);
            return List.of();
        }, CLOCK, LONG, "test-sender");
        for (int i = 0; i < 3; i++) {
            assertTrue(sender.submit(alert(i)));
        }
        sender.close();
        assertEquals(List.of(
                new MailMessage("d@example.com", List.of("ops@example.com", "b@example.com"), "subject 0", "body 0",
                        ZonedDateTime.now(CLOCK)),
                new MailMessage("d@example.com", List.of("ops@example.com", "b@example.com"), "subject 1", "body 1",
                        ZonedDateTime.now(CLOCK)),
                new MailMessage("d@example.com", List.of("ops@example.com", "b@example.com"), "subject 2", "body 2",
                        ZonedDateTime.now(CLOCK))), sent);
        assertEquals(3, sender.sent());
    }

    @Test
    void aFailedMailCostsAWarningAndTheNextOneIsTried() throws Exception {
        List<String> tried = new CopyOnWriteArrayList<>();
        AlertSender sender = new AlertSender(settings(8), m -> {
            tried.add(m.subject());
            if (m.subject().equals("subject 0")) {
                throw new SmtpException("mail:25", "connect", "connection refused", null);
            }
            if (m.subject().equals("subject 1")) {
                throw new IllegalStateException("a bug in a transport");
            }
            return List.of();
        }, CLOCK, LONG, "test-sender");
        for (int i = 0; i < 3; i++) {
            sender.submit(alert(i));
        }
        sender.close();
        assertEquals(List.of("subject 0", "subject 1", "subject 2"), tried);
        assertEquals(2, sender.failed());
        assertEquals(1, sender.sent());
    }

    @Test
    void aFullQueueDropsInsteadOfBlocking() throws Exception {
        CountDownLatch inTransport = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> sent = new CopyOnWriteArrayList<>();
        AlertSender sender = new AlertSender(settings(2), m -> {
            inTransport.countDown();
            release.await();
            sent.add(m.subject());
            return List.of();
        }, CLOCK, LONG, "test-sender");
        assertTrue(sender.submit(alert(0)));
        assertTrue(inTransport.await(30, TimeUnit.SECONDS));
        assertTrue(sender.submit(alert(1)));
        assertTrue(sender.submit(alert(2)));
        assertFalse(sender.submit(alert(3)), "the queue holds 2: the third waiting alert is dropped");
        assertEquals(1, sender.dropped());
        release.countDown();
        sender.close();
        assertEquals(List.of("subject 0", "subject 1", "subject 2"), sent);
        assertFalse(sender.submit(alert(4)), "closed: dropped");
    }

    @Test
    void closingGivesUpOnAStuckServerAfterTheDrainTime() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch inTransport = new CountDownLatch(1);
        AlertSender sender = new AlertSender(settings(8), m -> {
            inTransport.countDown();
            try {
                new CountDownLatch(1).await(); // a server that never answers
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return List.of();
        }, CLOCK, Duration.ofMillis(100), "test-sender");
        sender.submit(alert(0));
        sender.submit(alert(1));
        assertTrue(inTransport.await(30, TimeUnit.SECONDS));
        sender.close();
        assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the stuck send was interrupted");
        assertEquals(0, sender.sent());
    }

    @Test
    void aSenderRetiredByAReloadStillSendsWhatItHadQueuedWithoutHoldingUpTheReload() throws Exception {
        CountDownLatch inTransport = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch allSent = new CountDownLatch(3);
        List<String> sent = new CopyOnWriteArrayList<>();
        AlertSender sender = new AlertSender(settings(8), m -> {
            inTransport.countDown();
            release.await();
            sent.add(m.subject());
            allSent.countDown();
            return List.of();
        }, CLOCK, LONG, "test-sender");
        for (int i = 0; i < 3; i++) {
            assertTrue(sender.submit(alert(i)));
        }
        assertTrue(inTransport.await(30, TimeUnit.SECONDS));
        sender.retire(); // returns while the server still holds the first mail: the reload does not wait
        assertFalse(sender.submit(alert(3)), "a retired sender takes no new alert");
        assertEquals(List.of(), sent);
        release.countDown();
        assertTrue(allSent.await(30, TimeUnit.SECONDS), "the queued alerts went out: " + sent);
        assertEquals(List.of("subject 0", "subject 1", "subject 2"), sent);
    }
}
