package dev.hadirector.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.vrrp.codec.AdvertWriter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The packet path must not allocate (a GC pause must not cost an advert at 10 ms): writing and validating
 * adverts is measured with the JVM's per-thread allocation counter. This counts bytes, not time.
 */
class PacketPathAllocationTest {

    @Test
    void writingAndValidatingAdvertsAllocatesNothing() {
        var bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean tb
                && tb.isThreadAllocatedMemorySupported(), "per-thread allocation counter not available: skipping");
        var threads = (com.sun.management.ThreadMXBean) bean;
        threads.setThreadAllocatedMemoryEnabled(true);

        VrrpInstance spec = VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(51).version(VrrpVersion.V3)
                .advertInterval(Duration.ofMillis(10)).virtualAddress("2001:db8::1").virtualAddress("2001:db8::2")
                .build();
        byte[] src = Vip.parseAddress("fe80::1").getAddress();
        byte[] dst = Vip.parseAddress("ff02::12").getAddress();
        AdvertWriter writer = new AdvertWriter(3, 51, spec.virtualAddresses().stream().map(Vip::address).toList(),
                Optional.empty());
        AdvertValidator validator = new AdvertValidator(spec, Vip.parseAddress("fe80::99"), () -> 0L);
        ByteBuffer buffer = ByteBuffer.allocateDirect(writer.length());
        long tid = Thread.currentThread().getId();

        int accepted = 0;
        for (int i = 0; i < 50_000; i++) { // warm-up, so that the measured loop runs compiled code
            accepted += cycle(writer, validator, buffer, src, dst, i);
        }
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 200_000; i++) {
            accepted += cycle(writer, validator, buffer, src, dst, i);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertEquals(250_000, accepted);
        // The counter itself may cost a few dozen bytes; 200 000 packets allocating anything would show megabytes.
        assertTrue(allocated < 4096, allocated + " bytes allocated for 200000 adverts");
    }

    private static int cycle(AdvertWriter writer, AdvertValidator validator, ByteBuffer buffer, byte[] src,
                             byte[] dst, int i) {
        int length = writer.write(buffer, 0, 1 + (i % 254), 1 + (i % 4095), src, dst);
        assertNull(validator.validate(buffer, 0, length, 255, src, dst));
        return 1;
    }
}
