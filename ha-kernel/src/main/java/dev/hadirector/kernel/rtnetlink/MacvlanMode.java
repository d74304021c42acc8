package dev.hadirector.kernel.rtnetlink;

/** How a macvlan talks to its siblings ({@code MACVLAN_MODE_*} of linux/if_link.h). */
public enum MacvlanMode {
    /** Isolated from other macvlans on the same parent (keepalived's default for VMACs). */
    PRIVATE(1),
    /** Through an external bridge that reflects traffic. */
    VEPA(2),
    /** Directly with other macvlans of the same parent. */
    BRIDGE(4),
    /** Takes over the parent device. */
    PASSTHRU(8),
    /** Assigned by source MAC address list. */
    SOURCE(16);

    private final int code;

    MacvlanMode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
