package dev.hadirector;

import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.vrrp.VrrpRouter;

/**
 * A live view of one running VRRP instance of a {@link Director}. Reads are safe from any thread; they show
 * the values the event loop last published.
 */
public final class VrrpHandle {
    private final VrrpRouter router;

    VrrpHandle(VrrpRouter router) {
        this.router = router;
    }

    VrrpRouter router() {
        return router;
    }

    public String name() {
        return router.name();
    }

    /** The instance as configured. */
    public VrrpInstance spec() {
        return router.spec();
    }

    /** INITIALIZE, BACKUP, MASTER or FAULT. */
    public VrrpState state() {
        return router.state();
    }

    /** The priority advertised now: the configured one plus the weights of the trackers. */
    public int effectivePriority() {
        return router.effectivePriority();
    }

    @Override
    public String toString() {
        return name() + " " + state() + " priority " + effectivePriority();
    }
}
