package dev.hadirector.kernel.rtnetlink;

import java.util.Objects;
import java.util.Optional;

/**
 * A network interface as rtnetlink reports it.
 *
 * @param index     ifindex, unique within its network namespace
 * @param name      interface name
 * @param flags     {@code IFF_*} flags ({@link Rtnetlink#IFF_UP}, ...)
 * @param operState operational state
 * @param mtu       MTU in bytes (0 when the kernel did not say)
 * @param address   link-layer address, empty for links without one (e.g. some tunnels)
 */
public record Link(int index, String name, int flags, OperState operState, int mtu, Optional<MacAddress> address) {

    public Link {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(operState, "operState");
        Objects.requireNonNull(address, "address");
        if (index <= 0) {
            throw new IllegalArgumentException("link " + name + ": index " + index + " must be positive");
        }
    }

    /** Administratively up (IFF_UP). */
    public boolean isUp() {
        return (flags & Rtnetlink.IFF_UP) != 0;
    }

    /** The carrier is present (IFF_LOWER_UP). */
    public boolean hasCarrier() {
        return (flags & Rtnetlink.IFF_LOWER_UP) != 0;
    }

    public boolean isLoopback() {
        return (flags & Rtnetlink.IFF_LOOPBACK) != 0;
    }

    @Override
    public String toString() {
        return name + " (index " + index + ", " + (isUp() ? "up" : "down") + ", operstate " + operState
                + address.map(a -> ", " + a).orElse("") + ")";
    }
}
