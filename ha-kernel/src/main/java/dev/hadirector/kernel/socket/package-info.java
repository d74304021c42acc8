/**
 * Raw IP sockets for protocols such as VRRP (112) and ICMPv6 (58): interface binding, multicast membership,
 * TTL / hop limit, per-packet source address, and received TTL / destination, with a packet path that
 * allocates nothing.
 */
package dev.hadirector.kernel.socket;
