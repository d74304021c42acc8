package dev.hadirector.vrrp;

import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpSyncGroup;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.api.VrrpTransitionCause;
import dev.hadirector.api.VrrpTransitionListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's {@code vrrp_sync_group} on running routers: members change state together.
 * <ul>
 *   <li>a member's own fault (tracker, interface) puts every member into FAULT; only when no member has a
 *       fault left do they all leave FAULT;</li>
 *   <li>a member becoming MASTER by its own protocol makes the BACKUP members MASTER too;</li>
 *   <li>a member falling from MASTER to BACKUP by its own protocol makes the MASTER members BACKUP too.</li>
 * </ul>
 * Transitions the group causes carry {@link VrrpTransitionCause#SYNC_GROUP} and do not propagate further,
 * so the group cannot loop. The group's own listeners hear every member transition it caused. Everything
 * runs on the members' event loop.
 */
public final class SyncGroup implements VrrpRouter.Observer {
    private static final Logger LOG = LoggerFactory.getLogger(SyncGroup.class);

    private final VrrpSyncGroup spec;
    private final List<VrrpRouter> members;

    /**
     * @param routers the running routers by instance name; every member the spec names must be present
     * @throws IllegalArgumentException naming the missing member or a router already in another group
     */
    public SyncGroup(VrrpSyncGroup spec, Map<String, VrrpRouter> routers) {
        this.spec = Objects.requireNonNull(spec, "spec");
        List<VrrpRouter> list = new ArrayList<>();
        for (String name : spec.members()) {
            VrrpRouter r = routers.get(name);
            if (r == null) {
                throw new IllegalArgumentException("sync group " + spec.name() + ": member " + name
                        + " unknown: no VRRP instance has that name");
            }
            list.add(r);
        }
        this.members = List.copyOf(list);
        for (VrrpRouter r : members) {
            try {
                r.observer(this);
            } catch (IllegalStateException e) {
                members.forEach(m -> {
                    if (m != r) {
                        m.observer(null);
                    }
                });
                throw new IllegalArgumentException("sync group " + spec.name() + ": member " + r.name()
                        + " invalid: an instance belongs to at most one sync group");
            }
        }
        applyGroupFault();
    }

    /**
     * Detaches the group from its members (a reload replaces or removes it); their states stay as they are.
     * A member left in no group afterwards should be given {@link #release(VrrpRouter)}. Call on the loop.
     */
    public void dissolve() {
        members.forEach(m -> m.observer(null));
    }

    /** Clears the group fault a dissolved group left on {@code router} (which may then leave FAULT). */
    public static void release(VrrpRouter router) {
        router.groupFault(false);
    }

    public VrrpSyncGroup spec() {
        return spec;
    }

    public List<VrrpRouter> members() {
        return members;
    }

    @Override
    public void transitioned(VrrpRouter router, VrrpTransition t) {
        if (t.cause() == VrrpTransitionCause.SYNC_GROUP) {
            for (VrrpTransitionListener l : spec.listeners()) {
                try {
                    l.onTransition(t);
                } catch (RuntimeException e) {
                    LOG.error("sync group {}: listener failed on {}", spec.name(), t, e);
                }
            }
            return;
        }
        if (t.to() == VrrpState.MASTER) {
            LOG.info("sync group {}: {} became master, members follow", spec.name(), router.name());
            others(router).forEach(VrrpRouter::followToMaster);
        } else if (t.from() == VrrpState.MASTER && t.to() == VrrpState.BACKUP) {
            LOG.info("sync group {}: {} fell back to backup, members follow", spec.name(), router.name());
            others(router).forEach(VrrpRouter::followToBackup);
        }
    }

    @Override
    public void ownFaultChanged(VrrpRouter router) {
        applyGroupFault();
    }

    private void applyGroupFault() {
        boolean anyFault = members.stream().anyMatch(VrrpRouter::hasOwnFault);
        members.forEach(m -> m.groupFault(anyFault));
    }

    private List<VrrpRouter> others(VrrpRouter router) {
        return members.stream().filter(m -> m != router).toList();
    }
}
