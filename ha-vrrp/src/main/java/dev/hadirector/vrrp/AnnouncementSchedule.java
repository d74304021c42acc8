package dev.hadirector.vrrp;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.vrrp.time.EventLoop;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's announcement timing for a new master: a burst of {@code garp_master_repeat} announcements at
 * once, another after {@code garp_master_delay}, and {@code garp_master_refresh_repeat} every
 * {@code garp_master_refresh} while still master. An announcer failure is logged and the schedule goes on.
 */
final class AnnouncementSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(AnnouncementSchedule.class);

    private final VrrpInstance spec;
    private final EventLoop loop;
    private final Announcer announcer;
    private final List<Vip> vips;
    private EventLoop.Cancellable delayed;
    private EventLoop.Cancellable refresh;

    AnnouncementSchedule(VrrpInstance spec, EventLoop loop, Announcer announcer, List<Vip> vips) {
        this.spec = spec;
        this.loop = loop;
        this.announcer = announcer;
        this.vips = vips;
    }

    /** Called on becoming master: the first burst now, the rest scheduled. */
    void begin() {
        cancel();
        burst(spec.garpMasterRepeat());
        if (!spec.garpMasterDelay().isZero()) {
            delayed = loop.schedule(spec.garpMasterDelay().toNanos(), () -> {
                delayed = null;
                burst(spec.garpMasterRepeat());
            });
        }
        if (!spec.garpMasterRefresh().isZero()) {
            scheduleRefresh();
        }
    }

    /** A master whose addresses did not change on a reload: only the periodic refresh goes on, if configured. */
    void continueRefresh() {
        cancel();
        if (!spec.garpMasterRefresh().isZero()) {
            scheduleRefresh();
        }
    }

    /** Called on leaving master: nothing more is announced. */
    void cancel() {
        if (delayed != null) {
            delayed.cancel();
            delayed = null;
        }
        if (refresh != null) {
            refresh.cancel();
            refresh = null;
        }
    }

    private void scheduleRefresh() {
        refresh = loop.schedule(spec.garpMasterRefresh().toNanos(), () -> {
            refresh = null;
            burst(spec.garpMasterRefreshRepeat());
            scheduleRefresh();
        });
    }

    /** One burst; a failing announcer is reported once per burst, not once per announcement. */
    private void burst(int repeat) {
        RuntimeException first = null;
        int failures = 0;
        for (int i = 0; i < repeat; i++) {
            try {
                announcer.announce(vips);
            } catch (RuntimeException e) {
                failures++;
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            LOG.error("{}: announcing virtual addresses failed {} of {} times", spec.name(), failures, repeat, first);
        }
    }
}
