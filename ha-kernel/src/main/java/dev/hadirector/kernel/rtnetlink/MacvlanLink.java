package dev.hadirector.kernel.rtnetlink;

import dev.hadirector.kernel.Interfaces;
import java.util.Objects;
import java.util.Optional;

/**
 * A macvlan link to create on a parent interface, e.g. a VRRP virtual MAC interface (keepalived's
 * {@code use_vmac}) carrying {@code 00:00:5e:00:01:VRID}.
 *
 * @param name        the new interface's name
 * @param parentIndex ifindex of the interface it sits on
 * @param address     its MAC; the kernel picks a random one when empty
 * @param mode        how it talks to sibling macvlans
 */
public record MacvlanLink(String name, int parentIndex, Optional<MacAddress> address, MacvlanMode mode) {

    public MacvlanLink {
        Interfaces.requireValidName(name);
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mode, "mode");
        if (parentIndex <= 0) {
            throw new IllegalArgumentException("parentIndex " + parentIndex + " of macvlan " + name
                    + " out of range: must be positive");
        }
        if (address.isPresent()) {
            MacAddress mac = address.get();
            if (mac.length() != 6) {
                throw new IllegalArgumentException("address " + mac + " of macvlan " + name + " has " + mac.length()
                        + " bytes: must be 6");
            }
            if ((mac.get(0) & 1) != 0) {
                throw new IllegalArgumentException("address " + mac + " of macvlan " + name
                        + " is a multicast address: must be unicast");
            }
        }
    }

    public static Builder builder(String name, int parentIndex) {
        return new Builder(name, parentIndex);
    }

    /** Builds a {@link MacvlanLink}; private mode and a kernel-chosen MAC unless set. */
    public static final class Builder {
        private final String name;
        private final int parentIndex;
        private MacAddress address;
        private MacvlanMode mode = MacvlanMode.PRIVATE;

        private Builder(String name, int parentIndex) {
            this.name = name;
            this.parentIndex = parentIndex;
        }

        public Builder address(MacAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        public Builder mode(MacvlanMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public MacvlanLink build() {
            return new MacvlanLink(name, parentIndex, Optional.ofNullable(address), mode);
        }
    }
}
