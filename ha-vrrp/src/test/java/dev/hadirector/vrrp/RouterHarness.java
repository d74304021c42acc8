package dev.hadirector.vrrp;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.vrrp.codec.VrrpPacket;
import dev.hadirector.vrrp.time.VirtualEventLoop;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One router on a virtual loop with recording fakes; {@link #log} interleaves sends, VIP changes,
 * announcements and listener calls so tests can assert their order.
 */
final class RouterHarness {
    record Sent(long at, InetAddress destination, int version, int vrid, int priority, int intervalField,
                int checksum, byte[] bytes) {
    }

    final VirtualEventLoop loop = new VirtualEventLoop();
    final List<String> log = new ArrayList<>();
    final List<Sent> sent = new ArrayList<>();
    final List<VrrpTransition> transitions = new ArrayList<>();
    final List<Vip> installed = new ArrayList<>();
    final VrrpRouter router;
    int announcements;

    RouterHarness(VrrpInstance.Builder spec, String primary) {
        VrrpInstance s = spec.onTransition(t -> {
            transitions.add(t);
            log.add("listener " + t.from() + "->" + t.to());
        }).build();
        router = new VrrpRouter(s, ip(primary), loop, this::send, new VipManager() {
            @Override
            public void add(List<Vip> vips) {
                installed.addAll(vips);
                log.add("add " + vips.size());
            }

            @Override
            public void remove(List<Vip> vips) {
                installed.removeAll(vips);
                log.add("remove " + vips.size());
            }
        }, vips -> {
            announcements++;
            log.add("announce");
        });
    }

    private void send(InetAddress destination, ByteBuffer payload, int offset, int length) {
        byte[] bytes = new byte[length];
        payload.get(offset, bytes);
        int addressLength = destination.getAddress().length;
        VrrpPacket p = new VrrpPacket().wrap(ByteBuffer.wrap(bytes), 0, length, addressLength);
        sent.add(new Sent(loop.nanoTime(), destination, p.version(), p.virtualRouterId(), p.priority(),
                p.advertIntervalField(), p.checksum(), bytes));
        log.add("send prio " + p.priority());
    }

    static InetAddress ip(String s) {
        return Vip.parseAddress(s);
    }

    Sent lastSent() {
        return sent.get(sent.size() - 1);
    }

    void advert(String from, int priority, long intervalNanos) {
        router.onValidAdvert(ip(from).getAddress(), priority, intervalNanos);
    }

    static long ms(long v) {
        return v * 1_000_000L;
    }

    static long s(long v) {
        return v * 1_000_000_000L;
    }
}
