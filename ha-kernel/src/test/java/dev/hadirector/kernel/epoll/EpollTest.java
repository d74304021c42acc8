package dev.hadirector.kernel.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.KernelException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EpollTest {

    private final Epoll epoll = Epoll.open(8);
    private final EventFd doorbell = EventFd.open();

    @AfterEach
    void close() {
        doorbell.close();
        epoll.close();
    }

    @Test
    void aSignalIsReportedWithItsTokenAndDrainingEndsIt() {
        epoll.add(doorbell.fd(), Epoll.EPOLLIN, 0x1234_5678_9abcL);
        assertEquals(0, epoll.await(0), "nothing signalled yet");

        doorbell.signal();
        doorbell.signal();
        assertEquals(1, epoll.await(1000));
        assertEquals(0x1234_5678_9abcL, epoll.token(0));
        assertEquals(Epoll.EPOLLIN, epoll.events(0) & Epoll.EPOLLIN);
        assertEquals(1, epoll.await(0), "level-triggered: still ready until drained");

        assertEquals(2, doorbell.drain(), "two signals collapsed into one readable state");
        assertEquals(0, epoll.await(0));
        assertEquals(0, doorbell.drain(), "nothing to drain");
    }

    @Test
    void modifyChangesTheTokenAndRemoveEndsTheReports() {
        epoll.add(doorbell.fd(), Epoll.EPOLLIN, 1L);
        doorbell.signal();
        epoll.modify(doorbell.fd(), Epoll.EPOLLIN, 2L);
        assertEquals(1, epoll.await(1000));
        assertEquals(2L, epoll.token(0));

        epoll.modify(doorbell.fd(), Epoll.EPOLLOUT, 3L);
        assertEquals(1, epoll.await(1000), "an eventfd below its maximum is writable");
        assertEquals(Epoll.EPOLLOUT, epoll.events(0));

        epoll.remove(doorbell.fd());
        assertEquals(0, epoll.await(0));
    }

    @Test
    void closingADescriptorTakesItOutOfEpoll() {
        EventFd other = EventFd.open();
        epoll.add(other.fd(), Epoll.EPOLLIN, 7L);
        other.signal();
        other.close();
        assertEquals(0, epoll.await(0), "a closed descriptor is never reported");
    }

    @Test
    void moreReadyDescriptorsThanCapacityComeInTurns() {
        EventFd[] many = new EventFd[12];
        try {
            for (int i = 0; i < many.length; i++) {
                many[i] = EventFd.open();
                epoll.add(many[i].fd(), Epoll.EPOLLIN, 100 + i);
                many[i].signal();
            }
            assertEquals(8, epoll.await(0), "capacity 8");
            for (int i = 0; i < 8; i++) {
                many[(int) epoll.token(i) - 100].drain();
            }
            assertEquals(4, epoll.await(0), "the other four");
        } finally {
            for (EventFd e : many) {
                if (e != null) {
                    e.close();
                }
            }
        }
    }

    @Test
    void refusalsNameTheOperationTheDescriptorAndTheErrno() {
        KernelException bad = assertThrows(KernelException.class, () -> epoll.add(999_999, Epoll.EPOLLIN, 1L));
        assertEquals("EBADF", bad.errnoName());
        assertTrue(bad.getMessage().startsWith("epoll add fd 999999 (events 0x1)"), bad.getMessage());

        KernelException missing = assertThrows(KernelException.class, () -> epoll.remove(doorbell.fd()));
        assertEquals("ENOENT", missing.errnoName(), "removing what was never added");

        IllegalArgumentException capacity = assertThrows(IllegalArgumentException.class, () -> Epoll.open(0));
        assertEquals("epoll capacity 0 out of range: must be 1..65536", capacity.getMessage());
    }
}
