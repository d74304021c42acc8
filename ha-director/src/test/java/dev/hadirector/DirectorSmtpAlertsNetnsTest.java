package dev.hadirector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.alert.Aiosmtpd;
import dev.hadirector.alert.SmtpAlerts;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directors in namespaces mail their VRRP transitions to Debian's aiosmtpd, which runs on the loopback of the
 * director's own namespace (the mail leaves from inside it, as keepalived's with net_namespace does): master,
 * backup and stopping arrive with keepalived's subjects, from the fluent API and from a keepalived.conf; a mail
 * server that never answers holds up neither the election nor the close; a reload adds, replaces and removes the
 * mail settings.
 */
class DirectorSmtpAlertsNetnsTest {
    private static final String VIP = "10.81.0.100";
    private static final int SMTP_PORT = 2525;

    @TempDir
    Path dir;

    private static NetLab lab() {
        NetLab lab = NetLab.create();
        lab.lan("lan0");
        lab.host("r1").link("r1", "lan0", "eth0", "10.81.0.1/24");
        lab.host("r2").link("r2", "lan0", "eth0", "10.81.0.2/24");
        return lab;
    }

    private static VrrpInstance.Builder instance(int priority) {
        return VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(61).priority(priority)
                .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100))
                .virtualAddress(VIP + "/24").garpMasterDelay(Duration.ZERO);
    }

    private Path startMailServer(NetLab lab, String host) throws Exception {
        return startMailServer(lab, host, SMTP_PORT);
    }

    private Path startMailServer(NetLab lab, String host, int port) throws Exception {
        Path box = dir.resolve("mail-" + host + "-" + port);
        lab.spawn(host, Aiosmtpd.command("127.0.0.1", port, box).toArray(String[]::new));
        Await.until("aiosmtpd in " + host, () -> lab.exec(host, Aiosmtpd.PYTHON, "-c",
                "import socket; socket.create_connection(('127.0.0.1', " + port + "), 2).close()").succeeded(),
                () -> "not listening");
        return box;
    }

    private static List<String> subjects(Path box) {
        try {
            return Aiosmtpd.messages(box).stream().map(Aiosmtpd.Message::subject).toList();
        } catch (IOException e) {
            return List.of(e.toString());
        }
    }

    private static void awaitSubjects(Path box, List<String> expected) throws InterruptedException {
        Await.until("mails " + expected, () -> subjects(box).size() >= expected.size(), () -> subjects(box).toString());
        assertEquals(expected, subjects(box));
    }

    @Test
    void masterBackupAndStoppingAreMailedFromInsideTheNamespace() throws Exception {
        Rig.requireNetns();
        Aiosmtpd.require();
        try (NetLab lab = lab()) {
            Path box = startMailServer(lab, "r1");
            List<String> heard = Collections.synchronizedList(new ArrayList<>());
            Director r1 = Director.builder().namespace(lab.nsName("r1")).vrrp(instance(100))
                    .listener(new DirectorListener() {
                        @Override
                        public void onTransition(VrrpTransition t) {
                            heard.add(t.to().name());
                        }
                    })
                    .smtpAlerts(SmtpAlerts.builder().to("ops@example.com", "oncall@example.org")
                            .from("director@example.com").server("127.0.0.1", SMTP_PORT).routerId("R1")
                            .alertVrrp(true))
                    .start();
            try (r1) {
                Await.until("r1 master", () -> r1.vrrp("VI_1").state() == VrrpState.MASTER, r1::toString);
                String backup = "[R1] VRRP Instance VI_1 - Entering BACKUP state";
                String master = "[R1] VRRP Instance VI_1 - Entering MASTER state";
                awaitSubjects(box, List.of(backup, master));
                Aiosmtpd.Message m = Aiosmtpd.messages(box).get(1);
                assertEquals("=> VRRP Instance is now owning VRRP VIPs <=\n", m.body());
                assertEquals("director@example.com", m.headers().get("From"));
                assertEquals("ops@example.com, oncall@example.org", m.headers().get("To"));
                try (Director r2 = Director.builder().namespace(lab.nsName("r2")).vrrp(instance(200)).start()) {
                    Await.until("r2 takes over", () -> r2.vrrp("VI_1").state() == VrrpState.MASTER
                            && r1.vrrp("VI_1").state() == VrrpState.BACKUP, () -> r1 + " / " + r2);
                    awaitSubjects(box, List.of(backup, master, backup));
                    r1.close();
                    awaitSubjects(box, List.of(backup, master, backup, "[R1] VRRP Instance VI_1 - Stopping"));
                    assertEquals("=> VRRP Instance stopping <=\n", Aiosmtpd.messages(box).get(3).body());
                }
            }
            assertEquals(List.of("BACKUP", "MASTER", "BACKUP", "INITIALIZE"), List.copyOf(heard),
                    "the application's listener heard the same transitions");
        }
    }

    @Test
    void aKeepalivedConfWithGlobalDefsMailSettings() throws Exception {
        Rig.requireNetns();
        Aiosmtpd.require();
        try (NetLab lab = lab()) {
            Path box = startMailServer(lab, "r1");
            Path conf = dir.resolve("keepalived.conf");
            Files.writeString(conf, """
                    global_defs {
                        notification_email {
                            ops@example.com
                        }
                        notification_email_from lb1@example.com
                        smtp_server 127.0.0.1 %d
                        smtp_helo_name lb1.example.com
                        smtp_connect_timeout 5
                        router_id LVS_CONF
                    }
                    vrrp_instance VI_1 {
                        state MASTER
                        interface eth0
                        virtual_router_id 62
                        priority 150
                        advert_int 1
                        virtual_ipaddress {
                            %s/24
                        }
                        smtp_alert
                    }
                    vrrp_instance VI_2 {
                        state MASTER
                        interface eth0
                        virtual_router_id 63
                        priority 150
                        advert_int 1
                        virtual_ipaddress {
                            10.81.0.101/24
                        }
                    }
                    vrrp_sync_group VG_1 {
                        group {
                            VI_1
                            VI_2
                        }
                        smtp_alert
                    }
                    """.formatted(SMTP_PORT, VIP));
            try (Director d = Director.builder().namespace(lab.nsName("r1")).config(conf).start()) {
                Await.until("master", () -> d.vrrp("VI_1").state() == VrrpState.MASTER
                        && d.vrrp("VI_2").state() == VrrpState.MASTER, d::toString);
                // VI_2 and the group mail nothing of their own but the group's state; VI_1 mails its own
                awaitSubjects(box, List.of("[LVS_CONF] VRRP Instance VI_1 - Entering MASTER state",
                        "[LVS_CONF] VRRP Group VG_1 - Entering MASTER state"));
                Aiosmtpd.Message m = Aiosmtpd.messages(box).get(0);
                assertEquals("lb1@example.com", m.headers().get("X-MailFrom"));
                assertEquals("ops@example.com", m.headers().get("To"));
                assertEquals("=> All VRRP group instances are now in MASTER state <=\n",
                        Aiosmtpd.messages(box).get(1).body());
            }
            awaitSubjects(box, List.of("[LVS_CONF] VRRP Instance VI_1 - Entering MASTER state",
                    "[LVS_CONF] VRRP Group VG_1 - Entering MASTER state",
                    "[LVS_CONF] VRRP Instance VI_1 - Stopping", "[LVS_CONF] VRRP Group VG_1 - Stopping"));
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a safety net: a stuck director would otherwise hang the build
    void aMailServerThatNeverAnswersHoldsNothingUp() throws Exception {
        Rig.requireNetns();
        Aiosmtpd.require();
        try (NetLab lab = lab()) {
            // accepts connections (the kernel completes them) and never says a word
            lab.spawn("r1", Aiosmtpd.PYTHON, "-c", "import socket, time\n"
                    + "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                    + "s.bind(('127.0.0.1', " + SMTP_PORT + ")); s.listen(100); time.sleep(3600)");
            Await.until("silent server listening", () -> lab.exec("r1", Aiosmtpd.PYTHON, "-c",
                    "import socket; socket.create_connection(('127.0.0.1', " + SMTP_PORT + "), 2).close()")
                    .succeeded(), () -> "not listening");
            List<String> heard = Collections.synchronizedList(new ArrayList<>());
            try (Director d = Director.builder().namespace(lab.nsName("r1")).vrrp(instance(100))
                    .listener(new DirectorListener() {
                        @Override
                        public void onTransition(VrrpTransition t) {
                            heard.add(t.to().name());
                        }
                    })
                    .smtpAlerts(SmtpAlerts.builder().to("ops@example.com").server("127.0.0.1", SMTP_PORT)
                            .timeout(Duration.ofMinutes(10)).alertAll(true))
                    .start()) {
                // the listeners hear MASTER right after the state is set: wait for them, not for the state
                Await.until("master heard while the mail of BACKUP hangs", () -> heard.contains("MASTER"),
                        d::toString);
                assertEquals(List.of("BACKUP", "MASTER"), List.copyOf(heard));
            }
            assertEquals(List.of("BACKUP", "MASTER", "INITIALIZE"), List.copyOf(heard), "close() completed");
        }
    }

    @Test
    void aReloadAddsChangesAndRemovesTheMailSettings() throws Exception {
        Rig.requireNetns();
        Aiosmtpd.require();
        try (NetLab lab = lab()) {
            Path first = startMailServer(lab, "r1", SMTP_PORT);
            Path second = startMailServer(lab, "r1", SMTP_PORT + 1);
            String ns = lab.nsName("r1");
            try (Director r1 = Director.builder().namespace(ns).vrrp(instance(100)).start()) {
                Await.until("r1 master", () -> r1.vrrp("VI_1").state() == VrrpState.MASTER, r1::toString);

                ReloadSummary added = r1.reload(Director.builder().namespace(ns).vrrp(instance(100))
                        .smtpAlerts(SmtpAlerts.builder().to("ops@example.com").server("127.0.0.1", SMTP_PORT)
                                .routerId("R1").alertVrrp(true)));
                assertEquals(List.of("SMTP alerts added"), added.changes());
                try (Director r2 = Director.builder().namespace(lab.nsName("r2")).vrrp(instance(200)).start()) {
                    Await.until("r2 takes over", () -> r1.vrrp("VI_1").state() == VrrpState.BACKUP, r1::toString);
                    awaitSubjects(first, List.of("[R1] VRRP Instance VI_1 - Entering BACKUP state"));

                    ReloadSummary changed = r1.reload(Director.builder().namespace(ns).vrrp(instance(100))
                            .smtpAlerts(SmtpAlerts.builder().to("oncall@example.org")
                                    .server("127.0.0.1", SMTP_PORT + 1).routerId("R1-B").alertVrrp(true)));
                    assertEquals(List.of("SMTP alerts changed: recipients +[oncall@example.org] -[ops@example.com], "
                            + "port 2525 -> 2526, routerId R1 -> R1-B"), changed.changes());
                }
                Await.until("r1 master again", () -> r1.vrrp("VI_1").state() == VrrpState.MASTER, r1::toString);
                awaitSubjects(second, List.of("[R1-B] VRRP Instance VI_1 - Entering MASTER state"));
                assertEquals("oncall@example.org", Aiosmtpd.messages(second).get(0).headers().get("To"));

                ReloadSummary removed = r1.reload(Director.builder().namespace(ns).vrrp(instance(100)));
                assertEquals(List.of("SMTP alerts removed"), removed.changes());
            }
            // close() sends the "Stopping" alerts of the settings it runs before it returns: none now
            assertEquals(List.of("[R1] VRRP Instance VI_1 - Entering BACKUP state"), subjects(first),
                    "the first server heard nothing after its settings were replaced");
            assertEquals(List.of("[R1-B] VRRP Instance VI_1 - Entering MASTER state"), subjects(second),
                    "the second server heard nothing after the settings were removed");
        }
    }
}
