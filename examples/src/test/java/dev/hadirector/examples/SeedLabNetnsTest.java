package dev.hadirector.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import dev.hadirector.examples.VipClient.Answer;
import dev.hadirector.testkit.Rig;
import org.junit.jupiter.api.Test;

/** The demo's LAN on the host kernel (no IPVS needed): real servers set up for DR, nginx naming itself, the client. */
class SeedLabNetnsTest {

    @Test
    void realServersAnswerTheClientWithTheirNameAndAreSetUpForDirectRouting() throws Exception {
        Rig.requireNetns();
        Rig.requireCommand("nginx");
        Timeline timeline = new Timeline(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try (SeedLab lab = SeedLab.create()) {
            for (String rs : List.of(SeedLab.RS1, SeedLab.RS2)) {
                assertTrue(lab.lab().addresses(rs, "lo").contains(SeedLab.VIP + "/32"), rs + " has the VIP on lo");
                assertEquals("1", lab.lab().exec(rs, "sysctl", "-n", "net.ipv4.conf.all.arp_ignore").ok().stdout().strip());
                assertEquals("2", lab.lab().exec(rs, "sysctl", "-n", "net.ipv4.conf.all.arp_announce").ok().stdout().strip());
            }
            assertTrue(lab.lab().addresses(SeedLab.DIR1, SeedLab.IFACE).contains("192.168.1.128/24"));
            assertTrue(lab.lab().addresses(SeedLab.DIR2, SeedLab.IFACE).contains("192.168.1.129/24"));
            lab.startNginx(SeedLab.RS1);
            lab.startNginx(SeedLab.RS2);

            try (VipClient toRs1 = new VipClient(lab.nsName(SeedLab.CLIENT), "192.168.1.130", 80, timeline)) {
                toRs1.start();
                Optional<Answer> answer = toRs1.await(0, a -> true, 10_000);
                assertEquals(Optional.of("rs1"), answer.map(Answer::server), answer.toString());
                lab.stopNginx(SeedLab.RS1);
                long stopped = timeline.now();
                Optional<Answer> refused = toRs1.await(stopped, a -> !a.ok(), 10_000);
                assertEquals(Optional.of("refused"), refused.map(Answer::failure), refused.toString());
            }
            try (VipClient toRs2 = new VipClient(lab.nsName(SeedLab.CLIENT), "192.168.1.131", 80, timeline)) {
                toRs2.start();
                assertEquals(Optional.of("rs2"), toRs2.await(0, a -> true, 10_000).map(Answer::server));
            }
            // Nobody holds the VIP yet (no director): the client's requests to it fail rather than reach a server.
            try (VipClient toVip = new VipClient(lab.nsName(SeedLab.CLIENT), SeedLab.VIP, 80, timeline)) {
                toVip.start();
                Optional<Answer> first = toVip.await(0, a -> true, 10_000);
                assertTrue(first.isPresent());
                assertFalse(first.get().ok(), first.toString());
            }
        }
    }
}
