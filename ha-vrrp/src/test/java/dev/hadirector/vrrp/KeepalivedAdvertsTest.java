package dev.hadirector.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.testkit.LabProcess;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import dev.hadirector.vrrp.time.VirtualEventLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop, receive side: Debian's keepalived, in a network namespace of its own, advertises three instances
 * (v2 with PASS authentication, v3 over IPv4 at 100 ms, v3 over IPv6); tcpdump captures them in a second
 * namespace at the far end of a veth pair; every captured advert - including the priority-0 ones keepalived sends when it stops -
 * must pass our validator, and one drives a {@link VrrpRouter} to yield. The test kit's {@link NetLab} makes
 * the namespaces (connected to nothing), ends the processes by pid and deletes the namespaces.
 */
class KeepalivedAdvertsTest {
    private static final String CONFIG = """
            global_defs {
              router_id hadirector-test
            }
            vrrp_instance V2 {
              state MASTER
              interface v0
              virtual_router_id 51
              priority 150
              advert_int 1
              authentication {
                auth_type PASS
                auth_pass secret
              }
              virtual_ipaddress {
                192.168.77.200/24
              }
            }
            vrrp_instance V3 {
              version 3
              state MASTER
              interface v0
              virtual_router_id 52
              priority 120
              advert_int 0.1
              virtual_ipaddress {
                192.168.77.201/24
              }
            }
            vrrp_instance V6 {
              version 3
              state MASTER
              interface v0
              virtual_router_id 53
              priority 110
              advert_int 0.5
              virtual_ipaddress {
                2001:db8:77::1/64
              }
            }
            """;

    @TempDir
    Path dir;

    private static VrrpInstance.Builder ours(String name, int vrid) {
        return VrrpInstance.builder(name).iface("v1").virtualRouterId(vrid).priority(100);
    }

    @Test
    void keepalivedAdvertsPassOurValidation() throws Exception {
        Rig.requireNetns();
        Rig.requireCommand("keepalived");
        Rig.requireCommand("tcpdump");

        Map<Integer, VrrpInstance> specs = Map.of(
                51, ours("V2", 51).authPass("secret").virtualAddress("192.168.77.200/24").build(),
                52, ours("V3", 52).version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100))
                        .virtualAddress("192.168.77.201/24").build(),
                53, ours("V6", 53).version(VrrpVersion.V3).advertInterval(Duration.ofMillis(500))
                        .virtualAddress("2001:db8:77::1/64").build());
        Map<Integer, Integer> expectedPriority = Map.of(51, 150, 52, 120, 53, 110);
        Map<Integer, Integer> expectedInterval = Map.of(51, 1, 52, 10, 53, 50);

        List<CapturedPackets.Packet> packets = capture();

        Map<String, Integer> seen = new TreeMap<>();
        for (CapturedPackets.Packet p : packets) {
            int vrid = p.payload()[1] & 0xff;
            VrrpInstance spec = specs.get(vrid);
            if (spec == null) {
                fail("unexpected VRID " + vrid);
            }
            byte[] own = spec.ipv6() ? Vip.parseAddress("fe80::99").getAddress()
                    : Vip.parseAddress("192.168.77.11").getAddress();
            AdvertValidator v = new AdvertValidator(spec, java.net.InetAddress.getByAddress(own), () -> 0L);
            ByteBuffer buf = ByteBuffer.wrap(p.payload());
            assertNull(v.validate(buf, 0, p.payload().length, p.ttl(), p.source(), p.destination()),
                    "keepalived advert for VRID " + vrid + " refused: " + v.counters());
            assertEquals(expectedInterval.get(vrid), v.packet().advertIntervalField(), "interval of VRID " + vrid);
            int prio = v.packet().priority();
            assertTrue(prio == 0 || prio == expectedPriority.get(vrid), "priority " + prio + " of VRID " + vrid);
            seen.merge(vrid + (prio == 0 ? " resign" : " advert"), 1, Integer::sum);
        }
        for (int vrid : List.of(51, 52, 53)) {
            assertTrue(seen.getOrDefault(vrid + " advert", 0) > 0, "no advert for VRID " + vrid + ": " + seen);
            assertTrue(seen.getOrDefault(vrid + " resign", 0) > 0, "no priority 0 for VRID " + vrid + ": " + seen);
        }

        // The validator's checks are real: a wrong password refuses keepalived's v2 adverts.
        CapturedPackets.Packet v2 = packets.stream().filter(p -> (p.payload()[1] & 0xff) == 51).findFirst()
                .orElseThrow();
        AdvertValidator wrongPass = new AdvertValidator(ours("V2", 51).authPass("Secret")
                .virtualAddress("192.168.77.200/24").build(), null, () -> 0L);
        assertEquals(DiscardReason.AUTH_FAILED, wrongPass.validate(ByteBuffer.wrap(v2.payload()), 0,
                v2.payload().length, v2.ttl(), v2.source(), v2.destination()));

        // And a real advert drives the state machine: our master with priority 100 yields to keepalived's 120.
        CapturedPackets.Packet v3 = packets.stream().filter(p -> (p.payload()[1] & 0xff) == 52
                && (p.payload()[2] & 0xff) == 120).findFirst().orElseThrow();
        VirtualEventLoop loop = new VirtualEventLoop();
        VrrpRouter router = new VrrpRouter(specs.get(52).toBuilder().initialState(VrrpState.MASTER).build(),
                Vip.parseAddress("192.168.77.11"), loop, (d, b, o, l) -> { }, new VipManager() {
                    @Override
                    public void add(List<Vip> vips) {
                    }

                    @Override
                    public void remove(List<Vip> vips) {
                    }
                }, x -> { });
        router.start();
        assertEquals(VrrpState.MASTER, router.state());
        router.receive(ByteBuffer.wrap(v3.payload()), 0, v3.payload().length, v3.ttl(), v3.source(),
                v3.destination());
        assertEquals(VrrpState.BACKUP, router.state());
    }

    /** Runs keepalived in one namespace and tcpdump in another, joined by a veth pair; returns what was captured. */
    private List<CapturedPackets.Packet> capture() throws Exception {
        Path pcap = dir.resolve("keepalived.pcap");
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, CONFIG);
        try (NetLab lab = NetLab.create()) {
            lab.host("ka").host("cap");
            // Link-local addresses usable at once: keepalived's IPv6 instance needs one to advertise from.
            lab.sysctl("ka", "net.ipv6.conf.default.accept_dad", "0");
            lab.sysctl("ka", "net.ipv6.conf.all.accept_dad", "0");
            lab.pair("ka", "v0", "cap", "v1");
            lab.addAddress("ka", "v0", "192.168.77.10/24");
            LabProcess tcpdump = lab.spawn("cap", "tcpdump", "-n", "-U", "-i", "v1", "-w", pcap.toString(),
                    "ip proto 112 or ip6 proto 112");
            if (tcpdump.awaitOutput(l -> l.contains("listening on"), Duration.ofSeconds(30)).isEmpty()) {
                fail("tcpdump did not start: " + tcpdump.output());
            }
            LabProcess keepalived = lab.spawn("ka", "keepalived", "-n", "-l", "-P", "-f", conf.toString(),
                    "-p", dir.resolve("k.pid").toString(), "-r", dir.resolve("v.pid").toString());
            // Wait (bounded) until every instance has advertised at its configured priority.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!allAdvertised(pcap) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            if (!allAdvertised(pcap)) {
                fail("keepalived did not advertise all instances within 60 s:\n" + keepalived.output());
            }
            keepalived.stop();
            Thread.sleep(500); // let tcpdump write the priority-0 adverts keepalived sent while stopping
            tcpdump.stop();
            return CapturedPackets.read(Files.readAllBytes(pcap));
        }
    }

    private static boolean allAdvertised(Path pcap) throws IOException {
        if (!Files.exists(pcap)) {
            return false;
        }
        boolean[] seen = new boolean[3];
        for (CapturedPackets.Packet p : CapturedPackets.read(Files.readAllBytes(pcap))) {
            int vrid = p.payload()[1] & 0xff;
            if (vrid >= 51 && vrid <= 53 && (p.payload()[2] & 0xff) != 0) {
                seen[vrid - 51] = true;
            }
        }
        return seen[0] && seen[1] && seen[2];
    }
}
