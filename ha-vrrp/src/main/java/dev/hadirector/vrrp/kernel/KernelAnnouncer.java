package dev.hadirector.vrrp.kernel;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.kernel.packet.ArpFrame;
import dev.hadirector.kernel.packet.PacketSocket;
import dev.hadirector.kernel.socket.RawIpSocket;
import dev.hadirector.vrrp.Announcer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Announces virtual addresses: a gratuitous ARP request (broadcast, sender = target = the address) per IPv4
 * address, and an unsolicited Neighbor Advertisement (RFC 4861 7.2.6: to ff02::1, hop limit 255, Override
 * set, with the target link-layer address option) per IPv6 address, from the address itself. Sockets are
 * opened once per interface when the announcer is created; frames are written into their native buffers.
 */
public final class KernelAnnouncer implements Announcer, AutoCloseable {
    private static final int ICMPV6 = 58;
    private static final int NEIGHBOR_ADVERTISEMENT = 136;
    private static final int FLAG_OVERRIDE = 0x20;
    private static final int OPTION_TARGET_LINK_LAYER = 2;
    private static final int NA_LENGTH = 32;
    private static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private final VrrpInstance spec;
    private final Map<String, PacketSocket> arp = new HashMap<>();
    private final Map<String, RawIpSocket> icmp6 = new HashMap<>();
    private final Map<String, byte[]> macs = new HashMap<>();
    private final ArpFrame frame = new ArpFrame();

    private KernelAnnouncer(VrrpInstance spec) {
        this.spec = spec;
    }

    /** Opens the sockets for every interface the instance's addresses live on, in {@code namespace} (null: own). */
    public static KernelAnnouncer open(VrrpInstance spec, NetNamespace namespace) {
        Objects.requireNonNull(spec, "spec");
        KernelAnnouncer a = new KernelAnnouncer(spec);
        try {
            List<Vip> all = new ArrayList<>(spec.virtualAddresses());
            all.addAll(spec.excludedAddresses());
            for (Vip vip : all) {
                String dev = vip.dev().orElse(spec.iface());
                if (vip.isIpv6() && !a.icmp6.containsKey(dev)) {
                    RawIpSocket.Builder b = RawIpSocket.ipv6(ICMPV6).device(dev).hopLimit(255);
                    a.icmp6.put(dev, namespace == null ? b.open() : namespace.call(b::open));
                }
                if (!a.arp.containsKey(dev)) {
                    // The packet socket also tells the interface's MAC, which the NA option carries.
                    PacketSocket s = namespace == null ? PacketSocket.arp(dev) : namespace.call(() -> PacketSocket.arp(dev));
                    a.arp.put(dev, s);
                    a.macs.put(dev, s.hardwareAddress().toBytes());
                }
            }
            return a;
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    @Override
    public void announce(List<Vip> vips) {
        List<String> failures = new ArrayList<>();
        for (Vip vip : vips) {
            String dev = vip.dev().orElse(spec.iface());
            try {
                if (vip.isIpv6()) {
                    unsolicitedNa(dev, vip.address().getAddress());
                } else {
                    gratuitousArp(dev, vip.address().getAddress());
                }
            } catch (KernelException | IllegalArgumentException e) {
                failures.add(vip + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("instance " + spec.name() + ": announcing " + String.join("; ", failures));
        }
    }

    private void gratuitousArp(String dev, byte[] ip) {
        PacketSocket s = arp.get(dev);
        frame.wrap(s.sendBuffer()).gratuitousRequest(macs.get(dev), ip);
        s.send(ArpFrame.LENGTH);
    }

    private void unsolicitedNa(String dev, byte[] target) {
        RawIpSocket s = icmp6.get(dev);
        ByteBuffer b = s.sendBuffer();
        b.put(0, (byte) NEIGHBOR_ADVERTISEMENT).put(1, (byte) 0).putShort(2, (short) 0); // checksum: the kernel's
        b.put(4, (byte) FLAG_OVERRIDE).put(5, (byte) 0).put(6, (byte) 0).put(7, (byte) 0);
        b.put(8, target, 0, 16);
        b.put(24, (byte) OPTION_TARGET_LINK_LAYER).put(25, (byte) 1);
        b.put(26, macs.get(dev), 0, 6);
        s.send(NA_LENGTH, ALL_NODES, target);
    }

    @Override
    public void close() {
        arp.values().forEach(PacketSocket::close);
        icmp6.values().forEach(RawIpSocket::close);
    }
}
