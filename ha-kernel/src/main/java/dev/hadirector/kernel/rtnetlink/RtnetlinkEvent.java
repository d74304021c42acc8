package dev.hadirector.kernel.rtnetlink;

import java.util.Optional;

/** A change of links or addresses seen by an {@link RtnetlinkMonitor}. */
public sealed interface RtnetlinkEvent {

    /** A link appeared or changed (flags, operstate, name, MTU or address); {@code previous} is empty when new. */
    record LinkChanged(Optional<Link> previous, Link link) implements RtnetlinkEvent {
        /** True when this change took the link from up to down (administratively or its carrier). */
        public boolean wentDown() {
            return previous.map(RtnetlinkEvent::usable).orElse(false) && !usable(link);
        }
    }

    private static boolean usable(Link l) {
        return l.isUp() && l.operState() != OperState.DOWN && l.operState() != OperState.LOWER_LAYER_DOWN;
    }

    /** A link was deleted. */
    record LinkRemoved(Link link) implements RtnetlinkEvent {
    }

    /** An address appeared, or its flags, label or scope changed (IPv6 DAD finishing, for example). */
    record AddressAdded(InterfaceAddress address) implements RtnetlinkEvent {
    }

    /** An address was deleted. */
    record AddressRemoved(InterfaceAddress address) implements RtnetlinkEvent {
    }

    /**
     * Notifications were lost: the kernel dropped them because the monitor's socket buffer overflowed (ENOBUFS),
     * or one could not be decoded. The monitor resynchronised by dumping links and addresses; the events that
     * follow this one are the differences. {@code count} numbers the resyncs of this monitor, from 1.
     */
    record Overrun(long count) implements RtnetlinkEvent {
    }
}
