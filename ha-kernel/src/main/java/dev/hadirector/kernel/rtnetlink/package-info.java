/**
 * rtnetlink (NETLINK_ROUTE) for links and addresses: {@link dev.hadirector.kernel.rtnetlink.RtnetlinkClient}
 * lists links, lists/adds/deletes IPv4 and IPv6 addresses; {@link dev.hadirector.kernel.rtnetlink.RtnetlinkMonitor}
 * turns link and address notifications into events and recovers from lost notifications by a dump;
 * {@link dev.hadirector.kernel.rtnetlink.RtnetlinkCodec} holds the pure encoders and decoders.
 */
package dev.hadirector.kernel.rtnetlink;
