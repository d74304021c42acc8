/**
 * VRRP (RFC 5798 version 3, RFC 3768 version 2) as a pure-Java protocol core.
 *
 * <p>{@link dev.hadirector.vrrp.VrrpRouter} is one instance's state machine; it runs on an
 * {@link dev.hadirector.vrrp.time.EventLoop} and reaches the outside only through three small interfaces:
 * {@link dev.hadirector.vrrp.AdvertSender} (raw IP socket), {@link dev.hadirector.vrrp.VipManager}
 * (rtnetlink addresses) and {@link dev.hadirector.vrrp.Announcer} (gratuitous ARP / unsolicited NA), so the
 * same code runs against the kernel (ha-kernel) and in virtual-time simulations. Received adverts pass
 * {@link dev.hadirector.vrrp.AdvertValidator}; {@link dev.hadirector.vrrp.track.Trackers} and
 * {@link dev.hadirector.vrrp.SyncGroup} add keepalived's tracking and sync groups. Packet bytes live in
 * {@code dev.hadirector.vrrp.codec}.
 */
package dev.hadirector.vrrp;
