package dev.hadirector;

import dev.hadirector.api.ConnectionSync;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.ipvs.IpvsClient;
import dev.hadirector.ipvs.SyncDaemon;
import dev.hadirector.ipvs.SyncDaemon.Role;
import dev.hadirector.kernel.netns.NetNamespace;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the kernel's IPVS connection sync daemons as keepalived's {@code lvs_sync_daemon} does: following a VRRP
 * instance, only the master daemon runs while it is MASTER and only the backup daemon otherwise (each switch stops
 * the other role first, so the kernel never runs both for one instance); following none, both run. Stops only the
 * daemons it started, on {@link #stop()} (a reload replacing it; it may be started again) and on close.
 */
final class ConnectionSyncDaemons implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSyncDaemons.class);

    private final ConnectionSyncSetting setting;
    private final ConnectionSync spec;
    private final int syncId;
    private final IpvsClient ipvs;
    private final Set<Role> running = EnumSet.noneOf(Role.class);

    private ConnectionSyncDaemons(ConnectionSyncSetting setting, IpvsClient ipvs) {
        this.setting = setting;
        this.spec = setting.spec();
        this.syncId = setting.syncId();
        this.ipvs = ipvs;
    }

    /** Opens an IPVS client in {@code namespace} (null: the JVM's own); starts nothing yet. */
    static ConnectionSyncDaemons open(ConnectionSyncSetting setting, NetNamespace namespace) {
        IpvsClient client = namespace == null ? IpvsClient.open() : namespace.call(IpvsClient::open);
        return new ConnectionSyncDaemons(setting, client);
    }

    ConnectionSyncSetting setting() {
        return setting;
    }

    /**
     * Starts the daemons as keepalived does: following an instance, the master daemon when that instance is
     * {@code followedMaster}, else the backup daemon (an instance that has not started yet is not master);
     * following none, both. Throws (having stopped what it started) when the kernel refuses.
     */
    synchronized void start(boolean followedMaster) {
        try {
            if (spec.instance().isEmpty()) {
                ensure(Role.MASTER);
                ensure(Role.BACKUP);
            } else {
                ensure(followedMaster ? Role.MASTER : Role.BACKUP);
            }
        } catch (RuntimeException e) {
            stopAll();
            throw e;
        }
    }

    /** Stops the daemons this director started (a failure is logged); {@link #start} may run them again. */
    synchronized void stop() {
        stopAll();
    }

    /** Follows a transition of the director's instances; called on the director's loop. */
    synchronized void follow(VrrpTransition t) {
        if (spec.instance().isEmpty() || !spec.instance().get().equals(t.instance())
                || t.to() == VrrpState.INITIALIZE) {
            // INITIALIZE only comes with the director's stop, which stops every daemon itself.
            return;
        }
        Role wanted = t.to() == VrrpState.MASTER ? Role.MASTER : Role.BACKUP;
        Role other = wanted == Role.MASTER ? Role.BACKUP : Role.MASTER;
        try {
            stop(other);
            ensure(wanted);
        } catch (RuntimeException e) {
            LOG.error("connection sync on {} not switched to the {} daemon after {}: {}", spec.iface(),
                    wanted.name().toLowerCase(), t, e.getMessage());
        }
    }

    /** The roles this director runs now. */
    synchronized Set<Role> running() {
        return Set.copyOf(running);
    }

    private void ensure(Role role) {
        if (running.contains(role)) {
            return;
        }
        ipvs.startDaemon(daemon(role));
        running.add(role);
        LOG.info("{} sync daemon started on {} (syncid {})", role.name().toLowerCase(), spec.iface(), syncId);
    }

    private void stop(Role role) {
        if (!running.contains(role)) {
            return;
        }
        ipvs.stopDaemon(role);
        running.remove(role);
        LOG.info("{} sync daemon stopped on {}", role.name().toLowerCase(), spec.iface());
    }

    private void stopAll() {
        for (Role role : Role.values()) {
            try {
                stop(role);
            } catch (RuntimeException e) {
                LOG.error("stopping the {} sync daemon on {} failed: {}", role.name().toLowerCase(), spec.iface(),
                        e.getMessage());
                running.remove(role);
            }
        }
    }

    private SyncDaemon daemon(Role role) {
        return new SyncDaemon(role, spec.iface(), syncId, spec.maxLength().orElse(0), spec.group().orElse(null),
                spec.port().orElse(0), spec.ttl().orElse(0));
    }

    /** Stops the daemons this director started and closes its IPVS client. */
    @Override
    public synchronized void close() {
        stopAll();
        ipvs.close();
    }

    @Override
    public String toString() {
        return setting.toString();
    }
}
