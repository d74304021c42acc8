package dev.hadirector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.alert.SmtpAlerts;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpSyncGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert settings as the Director's builder takes them: checked against its parts, read from keepalived.conf. */
class DirectorSmtpAlertsBuilderTest {
    @TempDir
    Path dir;

    @Test
    void settingsNamingPartsTheDirectorDoesNotRunAreProblems() {
        VirtualServer vs = VirtualServer.tcp("10.0.0.1", 80).realServer(RealServer.of("192.168.1.2", 80)).build();
        RealServer stranger = RealServer.of("192.168.1.9", 80).build();
        Director.Builder b = Director.builder()
                .vrrp(VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(51).virtualAddress("10.0.0.100/24"))
                .syncGroup(VrrpSyncGroup.of("VG_1", "VI_1"))
                .smtpAlerts(SmtpAlerts.builder().to("ops@example.com").server("mail").instance("VI_1", true)
                        .instance("VI_9", true).syncGroup("VG_1", true).syncGroup("VG_9", false)
                        .virtualServer(vs, true).realServer(vs, stranger, true));
        assertEquals(List.of(
                "smtpAlerts instance VI_9 unknown: no VRRP instance has that name",
                "smtpAlerts syncGroup VG_9 unknown: no sync group has that name",
                "smtpAlerts virtualServer TCP 10.0.0.1:80 unknown: no virtual server of this director",
                "smtpAlerts realServer TCP 10.0.0.1:80 / 192.168.1.9:80 unknown: no real server of this director"),
                b.problems());
    }

    @Test
    void badSettingsFromTheFluentBuilderAreReportedWithTheOtherProblems() {
        Director.Builder b = Director.builder()
                .vrrp(VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(51).virtualAddress("10.0.0.100/24"))
                .smtpAlerts(SmtpAlerts.builder().to("nobody").server("mail", 70000));
        List<String> p = b.problems();
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("notificationEmail \"nobody\" invalid")
                && p.get(0).contains("smtpServer port 70000 out of range: must be 1..65535"), p.get(0));
    }

    @Test
    void aKeepalivedConfGivesTheDirectorItsAlertSettings() throws Exception {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, """
                global_defs {
                    notification_email {
                        ops@example.com
                    }
                    smtp_server 192.0.2.25
                    router_id LVS_1
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        10.0.0.100/24
                    }
                    smtp_alert
                }
                virtual_server 10.0.0.100 443 {
                    protocol TCP
                    smtp_alert
                    real_server 192.168.1.2 443 {
                        smtp_alert off
                        TCP_CHECK {
                        }
                    }
                }
                """);
        Director.Builder b = Director.builder().config(conf);
        assertEquals(List.of(), b.problems());
        SmtpAlerts a = b.smtpAlerts().orElseThrow();
        assertEquals(List.of("ops@example.com"), a.recipients());
        assertEquals(Optional.of("192.0.2.25"), a.server());
        assertEquals("LVS_1", a.routerId());
        assertTrue(a.mailsInstance("VI_1"));
        VirtualServer vs = b.virtualServers().get(0);
        assertTrue(a.mailsVirtualServer(vs));
        assertEquals(false, a.mailsRealServer(vs, vs.realServers().get(0)));
        assertEquals(Map.of("TCP 10.0.0.100:443 / 192.168.1.2:443", false), a.realServers());
        assertEquals(Optional.empty(), Director.builder().config(write("vrrp_instance VI_1 {\n interface eth0\n"
                + " virtual_router_id 1\n virtual_ipaddress {\n  10.0.0.1/24\n }\n}\n")).smtpAlerts(),
                "no mail keyword: no alert settings");
    }

    private Path write(String text) throws Exception {
        Path p = dir.resolve("other.conf");
        Files.writeString(p, text);
        return p;
    }
}
