/**
 * The kernel side of a VRRP instance, over ha-kernel: {@link dev.hadirector.vrrp.kernel.VrrpSocket} (raw IP
 * socket, protocol 112: sends adverts, feeds received ones to the router on its loop),
 * {@link dev.hadirector.vrrp.kernel.KernelVipManager} (virtual addresses over rtnetlink),
 * {@link dev.hadirector.vrrp.kernel.KernelAnnouncer} (gratuitous ARP over a packet socket, unsolicited NA over
 * a raw ICMPv6 socket), {@link dev.hadirector.vrrp.kernel.LinkWatcher} (rtnetlink link events to the
 * trackers) and {@link dev.hadirector.vrrp.kernel.AcceptModeFirewall} (no_accept enforced with nf_tables).
 * Each opens its sockets in a given network namespace.
 */
package dev.hadirector.vrrp.kernel;
