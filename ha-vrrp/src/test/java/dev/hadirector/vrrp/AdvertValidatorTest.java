package dev.hadirector.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.vrrp.codec.AdvertWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdvertValidatorTest {
    private static final byte[] SRC = Vip.parseAddress("192.168.1.20").getAddress();
    private static final byte[] OWN = Vip.parseAddress("192.168.1.10").getAddress();
    private static final byte[] GROUP = Vip.parseAddress("224.0.0.18").getAddress();

    private static VrrpInstance.Builder v2() {
        return VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(51).priority(100).authPass("secret")
                .virtualAddress("192.168.1.200/24").virtualAddress("192.168.1.201/24");
    }

    private static VrrpInstance.Builder v3() {
        return VrrpInstance.builder("VI_3").iface("eth0").virtualRouterId(51).priority(100).version(VrrpVersion.V3)
                .advertInterval(Duration.ofMillis(100)).virtualAddress("192.168.1.200/24");
    }

    private static AdvertValidator validator(VrrpInstance spec) {
        return new AdvertValidator(spec, Vip.parseAddress("192.168.1.10"), () -> 0L);
    }

    /** Writes an advert with the given parameters into a fresh buffer; returns its length. */
    private static ByteBuffer advert(int version, int vrid, List<String> addrs, Optional<String> pass, int prio,
                                     int interval, byte[] src) {
        AdvertWriter w = new AdvertWriter(version, vrid, addrs.stream().map(Vip::parseAddress).toList(), pass);
        ByteBuffer b = ByteBuffer.allocate(w.length());
        w.write(b, 0, prio, interval, src, GROUP);
        return b;
    }

    private static final List<String> V2_ADDRS = List.of("192.168.1.200", "192.168.1.201");

    private static DiscardReason check(AdvertValidator v, ByteBuffer b, int ttl, byte[] src) {
        return v.validate(b, 0, b.capacity(), ttl, src, GROUP);
    }

    @Test
    void acceptsAValidV2AdvertInAnyAddressOrder() {
        AdvertValidator v = validator(v2().build());
        assertNull(check(v, advert(2, 51, V2_ADDRS, Optional.of("secret"), 150, 1, SRC), 255, SRC));
        assertNull(check(v, advert(2, 51, List.of("192.168.1.201", "192.168.1.200"), Optional.of("secret"), 150, 1,
                SRC), 255, SRC));
        assertEquals(150, v.packet().priority());
        assertEquals(0, v.counters().total());
    }

    @Test
    void countsEachV2DiscardByReason() {
        AdvertValidator v = validator(v2().build());
        Optional<String> pass = Optional.of("secret");
        assertEquals(DiscardReason.TTL_NOT_255, check(v, advert(2, 51, V2_ADDRS, pass, 150, 1, SRC), 64, SRC));
        assertEquals(DiscardReason.VRID_MISMATCH, check(v, advert(2, 52, V2_ADDRS, pass, 150, 1, SRC), 255, SRC));
        assertEquals(DiscardReason.AUTH_FAILED, check(v, advert(2, 51, V2_ADDRS, Optional.of("wrong"), 150, 1, SRC),
                255, SRC));
        assertEquals(DiscardReason.AUTH_TYPE_MISMATCH, check(v, advert(2, 51, V2_ADDRS, Optional.empty(), 150, 1,
                SRC), 255, SRC));
        assertEquals(DiscardReason.INTERVAL_MISMATCH, check(v, advert(2, 51, V2_ADDRS, pass, 150, 2, SRC), 255, SRC));
        assertEquals(DiscardReason.ADDRESS_LIST_MISMATCH, check(v, advert(2, 51, List.of("192.168.1.200"), pass,
                150, 1, SRC), 255, SRC));
        assertEquals(DiscardReason.VERSION_MISMATCH, check(v, advert(3, 51, V2_ADDRS, Optional.empty(), 150, 100,
                SRC), 255, SRC));
        assertEquals(DiscardReason.OWN_ADVERT, check(v, advert(2, 51, V2_ADDRS, pass, 100, 1, OWN), 255, OWN));
        ByteBuffer bad = advert(2, 51, V2_ADDRS, pass, 150, 1, SRC);
        bad.put(19, (byte) 1);
        assertEquals(DiscardReason.BAD_CHECKSUM, check(v, bad, 255, SRC));
        for (DiscardReason r : List.of(DiscardReason.TTL_NOT_255, DiscardReason.VRID_MISMATCH,
                DiscardReason.AUTH_FAILED, DiscardReason.AUTH_TYPE_MISMATCH, DiscardReason.INTERVAL_MISMATCH,
                DiscardReason.ADDRESS_LIST_MISMATCH, DiscardReason.VERSION_MISMATCH, DiscardReason.OWN_ADVERT,
                DiscardReason.BAD_CHECKSUM)) {
            assertEquals(1, v.counters().count(r), r.name());
        }
        assertEquals(9, v.counters().total());
    }

    @Test
    void v2AddressMismatchIsAcceptedFromTheOwner() {
        AdvertValidator v = validator(v2().build());
        assertNull(check(v, advert(2, 51, List.of("192.168.1.77"), Optional.of("secret"), 255, 1, SRC), 255, SRC));
    }

    @Test
    void v3AddressMismatchIsOnlyNoted() {
        AdvertValidator v = validator(v3().build());
        assertNull(check(v, advert(3, 51, List.of("192.168.1.77"), Optional.empty(), 150, 100, SRC), 255, SRC));
        assertEquals(1, v.addressMismatches());
        // v3 learns intervals, so a different interval is fine; zero is not.
        assertNull(check(v, advert(3, 51, List.of("192.168.1.200"), Optional.empty(), 150, 300, SRC), 255, SRC));
        assertEquals(DiscardReason.ZERO_INTERVAL, check(v, advert(3, 51, List.of("192.168.1.200"), Optional.empty(),
                150, 0, SRC), 255, SRC));
    }

    @Test
    void v3ChecksumCoversThePseudoHeader() {
        AdvertValidator v = validator(v3().build());
        ByteBuffer b = advert(3, 51, List.of("192.168.1.200"), Optional.empty(), 150, 100, SRC);
        byte[] otherSource = Vip.parseAddress("192.168.1.21").getAddress();
        assertEquals(DiscardReason.BAD_CHECKSUM, v.validate(b, 0, b.capacity(), 255, otherSource, GROUP));
    }

    @Test
    void ownerDiscardsEveryAdvert() {
        AdvertValidator v = validator(v3().priority(255).build());
        assertEquals(DiscardReason.LOCAL_ADDRESS_OWNER, check(v, advert(3, 51, List.of("192.168.1.200"),
                Optional.empty(), 255, 100, SRC), 255, SRC));
    }

    @Test
    void refusesMalformedLengthsCountsAndTypes() {
        AdvertValidator v = validator(v3().build());
        ByteBuffer good = advert(3, 51, List.of("192.168.1.200"), Optional.empty(), 150, 100, SRC);
        assertEquals(DiscardReason.TOO_SHORT, v.validate(good, 0, 7, 255, SRC, GROUP));
        assertEquals(DiscardReason.BAD_LENGTH, v.validate(good, 0, 11, 255, SRC, GROUP));
        ByteBuffer typed = advert(3, 51, List.of("192.168.1.200"), Optional.empty(), 150, 100, SRC);
        typed.put(0, (byte) 0x32);
        assertEquals(DiscardReason.UNKNOWN_TYPE, check(v, typed, 255, SRC));
        ByteBuffer counted = advert(3, 51, List.of("192.168.1.200"), Optional.empty(), 150, 100, SRC);
        counted.put(3, (byte) 0);
        assertEquals(DiscardReason.BAD_ADDRESS_COUNT, check(v, counted, 255, SRC));
        counted.put(3, (byte) 200);
        assertEquals(DiscardReason.BAD_LENGTH, check(v, counted, 255, SRC));
        assertEquals(DiscardReason.TOO_SHORT, v.validate(good, 0, 12, 255, new byte[16], GROUP),
                "source of the wrong family");
        assertEquals(DiscardReason.TOO_SHORT, v.validate(good, 5, 12, 255, SRC, GROUP), "beyond the buffer");
    }

    @Test
    void neverThrowsOnRandomBytes() {
        AdvertValidator v2 = validator(v2().build());
        AdvertValidator v3 = validator(v3().build());
        Random random = new Random(42);
        ByteBuffer b = ByteBuffer.allocate(64);
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            int len = random.nextInt(65);
            for (int j = 0; j < len; j++) {
                b.put(j, (byte) random.nextInt(256));
            }
            if (i % 2 == 0) {
                b.put(0, (byte) (random.nextBoolean() ? 0x21 : 0x31)); // make deeper checks reachable
            }
            int ttl = random.nextInt(4) == 0 ? random.nextInt(256) : 255;
            if (v2.validate(b, 0, len, ttl, SRC, GROUP) == null) {
                accepted++;
            }
            if (v3.validate(b, 0, len, ttl, SRC, GROUP) == null) {
                accepted++;
            }
        }
        assertEquals(400_000, v2.counters().total() + v3.counters().total() + accepted);
    }
}
