package dev.hadirector.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * A connection synchronisation daemon. Zero / null optional fields leave the kernel's defaults (sync maxlen
 * 1472, group 224.0.0.81, port 8848, ttl 1).
 */
public record SyncDaemon(Role role, String interfaceName, int syncId, int syncMaxLength, InetAddress group,
                         int port, int ttl) {

    public enum Role {
        MASTER(Ipvs.STATE_MASTER), BACKUP(Ipvs.STATE_BACKUP);

        private final int state;

        Role(int state) {
            this.state = state;
        }

        public int state() {
            return state;
        }
    }

    public SyncDaemon {
        if (role == null) {
            throw new IllegalArgumentException("sync daemon role is null: must be MASTER or BACKUP");
        }
        if (interfaceName == null || interfaceName.isEmpty() || interfaceName.length() > 15) {
            throw new IllegalArgumentException(role + " sync daemon: interface \"" + interfaceName
                    + "\" must be 1..15 characters");
        }
        if (syncId < 0 || syncId > 255) {
            throw new IllegalArgumentException(role + " sync daemon: syncId " + syncId + " out of range: must be 0..255");
        }
        if (syncMaxLength < 0 || syncMaxLength > 65535) {
            throw new IllegalArgumentException(role + " sync daemon: syncMaxLength " + syncMaxLength
                    + " out of range: must be 0..65535");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(role + " sync daemon: port " + port + " out of range: must be 0..65535");
        }
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException(role + " sync daemon: ttl " + ttl + " out of range: must be 0..255");
        }
        if (group != null && !group.isMulticastAddress()) {
            throw new IllegalArgumentException(role + " sync daemon: group " + group.getHostAddress()
                    + " is not a multicast address");
        }
    }

    public static SyncDaemon of(Role role, String interfaceName, int syncId) {
        return new SyncDaemon(role, interfaceName, syncId, 0, null, 0, 0);
    }

    public boolean ipv6Group() {
        return group instanceof Inet6Address;
    }
}
