package dev.hadirector.vrrp;

import dev.hadirector.api.Vip;
import java.util.List;

/**
 * Adds and removes an instance's virtual addresses (rtnetlink in production). Called on the event loop.
 * An exception is logged by the router and does not stop the transition: the state machine must keep
 * speaking VRRP even when the kernel refuses an address.
 */
public interface VipManager {
    /** Adds the addresses (the advertised ones, then the excluded ones); adding a present address is not an error. */
    void add(List<Vip> vips);

    /** Removes the addresses; removing an absent address is not an error. */
    void remove(List<Vip> vips);
}
