package dev.hadirector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CaptureTest {

    @BeforeAll
    static void rig() {
        Rig.requireNetns();
        Rig.requireCommand("ping");
    }

    @Test
    void tcpdumpSeesPacketsSentRightAfterStart() throws Exception {
        try (NetLab lab = NetLab.create()) {
            lab.host("a").host("b").lan("lan0");
            lab.link("a", "lan0", "eth0", "10.9.5.1/24");
            lab.link("b", "lan0", "eth0", "10.9.5.2/24");
            Capture capture = Capture.start(lab, "b", "eth0", "icmp");
            lab.exec("a", "ping", "-c2", "-i0.2", "-W1", "10.9.5.2").ok();
            List<String> requests = capture.awaitLines(line -> line.contains("10.9.5.1 > 10.9.5.2: ICMP echo request"), 2,
                    Duration.ofSeconds(30));
            assertEquals(2, requests.size(), capture.lines().toString());
            List<String> all = capture.stop();
            assertTrue(all.stream().anyMatch(line -> line.contains("ICMP echo reply")), all.toString());
            assertTrue(all.stream().allMatch(line -> line.contains("ICMP")), "filter applied: " + all);
        }
    }

    @Test
    void tsharkDecodesToo() throws Exception {
        Rig.requireCommand("tshark");
        try (NetLab lab = NetLab.create()) {
            lab.host("a").host("b").lan("lan0");
            lab.link("a", "lan0", "eth0", "10.9.6.1/24");
            lab.link("b", "lan0", "eth0", "10.9.6.2/24");
            try (Capture capture = Capture.start(lab, "b", "eth0", "icmp", Capture.Tool.TSHARK)) {
                lab.exec("a", "ping", "-c1", "-W1", "10.9.6.2").ok();
                String line = capture.awaitLine(l -> l.contains("Echo (ping) request"), Duration.ofSeconds(30)).orElseThrow(
                        () -> new AssertionError("no request decoded: " + capture.lines() + capture.diagnostics()));
                assertTrue(line.contains("10.9.6.1") && line.contains("10.9.6.2"), line);
            }
        }
    }

    @Test
    void aCaptureOnAMissingInterfaceFailsWithTheToolsMessage() {
        try (NetLab lab = NetLab.create()) {
            lab.host("a");
            ExecException e = org.junit.jupiter.api.Assertions.assertThrows(ExecException.class,
                    () -> Capture.start(lab, "a", "nope0", ""));
            assertTrue(e.getMessage().startsWith("tcpdump on a:nope0 did not start listening"), e.getMessage());
            assertTrue(e.getMessage().contains("nope0"), e.getMessage());
            assertFalse(e.getMessage().isBlank());
        }
    }
}
