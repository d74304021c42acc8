package dev.hadirector.api;

/**
 * The states of one VRRP instance: the three of RFC 5798 section 6.4 plus keepalived's FAULT.
 * An instance that is not running (never started, or stopped) is in {@link #INITIALIZE}.
 */
public enum VrrpState {
    /** Not running: waiting for a start (RFC "Initialize"); also the state after stop. */
    INITIALIZE,
    /** Watching the master's adverts; takes over when they stop for Master_Down_Interval. */
    BACKUP,
    /** Owns the virtual addresses and sends adverts every Advertisement_Interval. */
    MASTER,
    /** A tracked interface or tracker with weight 0 failed (or the sync group is in fault): silent, no VIPs. */
    FAULT
}
