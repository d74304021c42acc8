package dev.hadirector.vrrp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hadirector.testkit.Rig;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real peer's opinion of the codec: Wireshark's VRRP dissector decodes frames written by
 * {@link AdvertWriter} and checks their checksums (v2 plain, v3 with the IPv4 / IPv6 pseudo-header).
 */
class TsharkDecodeTest {

    @TempDir
    Path dir;

    private static byte[] advert(AdvertWriter w, int priority, int interval, byte[] src, byte[] dst) {
        ByteBuffer buf = ByteBuffer.allocate(w.length());
        w.write(buf, 0, priority, interval, src, dst);
        return buf.array();
    }

    @Test
    void tsharkDecodesOurAdvertsWithGoodChecksums() throws Exception {
        Rig.requireCommand("tshark");
        byte[] v4src = Frames.bytes(192, 168, 1, 10);
        byte[] v4group = Frames.bytes(224, 0, 0, 18);
        byte[] v4peer = Frames.bytes(192, 168, 1, 11);
        byte[] v6src = Frames.V3_IPV6_SRC;
        byte[] v6group = Frames.V3_IPV6_DST;
        AdvertWriter v2 = new AdvertWriter(2, 51, List.of(InetAddress.getByName("192.168.1.200"),
                InetAddress.getByName("192.168.1.201")), Optional.of("secret"));
        AdvertWriter v3 = new AdvertWriter(3, 52, List.of(InetAddress.getByName("192.168.1.200")), Optional.empty());
        AdvertWriter v3six = new AdvertWriter(3, 53, List.of(InetAddress.getByName("2001:db8::100"),
                InetAddress.getByName("fe80::100")), Optional.empty());
        byte[] bad = advert(v3, 150, 100, v4src, v4group);
        bad[7] ^= 0x01;

        Path pcap = dir.resolve("vrrp.pcap");
        try (PcapWriter out = new PcapWriter(pcap)) {
            out.write(PcapWriter.ipv4(v4src, v4group, advert(v2, 100, 1, v4src, v4group)));
            out.write(PcapWriter.ipv4(v4src, v4group, advert(v3, 150, 100, v4src, v4group)));
            out.write(PcapWriter.ipv4(v4src, v4peer, advert(v3, 0, 4095, v4src, v4peer)));
            out.write(PcapWriter.ipv6(v6src, v6group, advert(v3six, 255, 1, v6src, v6group)));
            out.write(PcapWriter.ipv4(v4src, v4group, bad));
        }
        List<String> lines = tshark(pcap, "vrrp.version", "vrrp.virt_rtr_id", "vrrp.prio", "vrrp.addr_count",
                "vrrp.adver_int", "vrrp.short_adver_int", "vrrp.checksum.status", "vrrp.ip_addr", "vrrp.ipv6_addr", "vrrp.auth_string");
        // v2's interval is vrrp.adver_int, v3's 12-bit one vrrp.short_adver_int; checksum.status: 1 Good, 0 Bad.
        assertEquals(List.of(
                "2|51|100|2|1||1|192.168.1.200,192.168.1.201||secret",
                "3|52|150|1||100|1|192.168.1.200||",
                "3|52|0|1||4095|1|192.168.1.200||",
                "3|53|255|2||1|1||2001:db8::100,fe80::100|",
                "3|52|150|1||100|0|192.168.1.200||"), lines);
    }

    private static List<String> tshark(Path pcap, String... fields) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(), "-T", "fields",
                "-E", "separator=|", "-E", "aggregator=,"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tshark did not finish");
        }
        assertEquals(0, p.exitValue(), "tshark exit status");
        return new String(out, StandardCharsets.UTF_8).lines().toList();
    }
}
