/**
 * Link-layer access: the AF_PACKET {@link dev.hadirector.kernel.packet.PacketSocket} and the
 * {@link dev.hadirector.kernel.packet.ArpFrame} flyweight that writes gratuitous ARP announcements.
 */
package dev.hadirector.kernel.packet;
