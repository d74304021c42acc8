package dev.hadirector.vrrp;

import dev.hadirector.api.Vip;
import java.util.List;

/**
 * Announces virtual addresses to the LAN: one gratuitous ARP per IPv4 address, one unsolicited Neighbor
 * Advertisement per IPv6 address, per call. The router calls it {@code garpMasterRepeat} times per burst.
 * Called on the event loop; must not block.
 */
@FunctionalInterface
public interface Announcer {
    void announce(List<Vip> vips);
}
