package dev.hadirector.config.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.alert.SmtpAlerts;
import dev.hadirector.config.ConfigException;
import dev.hadirector.config.ConfigReader;
import dev.hadirector.config.ConfigTree;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** keepalived.conf's mail keywords onto SmtpAlerts, and their refusals with file:line. */
class SmtpAlertsMapperTest {
    private static final Path FILE = Path.of("/etc/keepalived/keepalived.conf");

    private static ConfigTree tree(String text) throws ConfigException {
        return ConfigReader.builder().configId("x").build().parse(FILE, text);
    }

    @Test
    void everyKeywordIsMapped() throws Exception {
        SmtpAlerts a = SmtpAlertsMapper.map(tree("""
                global_defs {
                  notification_email {
                    ops@example.com
                    oncall@example.org
                  }
                  notification_email_from director@example.com
                  smtp_server 192.0.2.25 2525
                  smtp_helo_name lb1.example.com
                  smtp_connect_timeout 7
                  router_id LVS_1
                  smtp_alert
                  smtp_alert_vrrp false
                  smtp_alert_checker on
                  no_email_faults
                  no_checker_emails
                }
                vrrp_sync_group VG_1 {
                  group {
                    VI_1
                  }
                  smtp_alert
                }
                vrrp_instance VI_1 {
                  smtp_alert yes
                }
                virtual_server 10.0.0.1 80 {
                  protocol TCP
                  smtp_alert 0
                  real_server 192.168.1.2 80 {
                    smtp_alert no
                  }
                  real_server 192.168.1.3 80 {
                  }
                }
                """)).orElseThrow();
        assertEquals(List.of("ops@example.com", "oncall@example.org"), a.recipients());
        assertEquals("director@example.com", a.sender());
        assertEquals(Optional.of("192.0.2.25"), a.server());
        assertEquals(2525, a.port());
        assertEquals("lb1.example.com", a.heloName());
        assertEquals(Duration.ofSeconds(7), a.timeout());
        assertEquals("LVS_1", a.routerId());
        assertEquals(Optional.of(true), a.all());
        assertEquals(Optional.of(false), a.vrrp());
        assertEquals(Optional.of(true), a.checker());
        assertTrue(a.noFaultMails());
        assertEquals(Map.of("VI_1", true), a.instances());
        assertEquals(Map.of("VG_1", true), a.syncGroups());
        assertEquals(Map.of("TCP 10.0.0.1:80", false), a.virtualServers());
        assertEquals(Map.of("TCP 10.0.0.1:80 / 192.168.1.2:80", false), a.realServers());
    }

    @Test
    void noMailKeywordNoSettingsAndDefaultsOtherwise() throws Exception {
        assertEquals(Optional.empty(), SmtpAlertsMapper.map(tree("global_defs {\n router_id X\n}\n")));
        SmtpAlerts a = SmtpAlertsMapper.map(tree("global_defs {\n smtp_server mail.example.com\n}\n")).orElseThrow();
        assertEquals(25, a.port());
        assertEquals(SmtpAlerts.DEFAULT_TIMEOUT, a.timeout());
        assertFalse(a.sends(), "no notification_email: nothing is sent, as keepalived");
    }

    @Test
    void everyProblemIsReportedWithItsLine() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> SmtpAlertsMapper.map(tree("""
                global_defs {
                  notification_email {
                    not-an-address
                  }
                  notification_email_from a@b c@d
                  smtp_server mail 70000
                  smtp_connect_timeout 0
                  smtp_alert maybe
                  no_email_faults yes
                }
                vrrp_instance VI_1 {
                  smtp_alert sometimes
                }
                """)));
        assertEquals(FILE + ":2: notification_email \"not-an-address\" invalid: must be an address local@domain of "
                + "printable ASCII without white space, '<', '>' or ','\n"
                + FILE + ":5: notification_email_from takes exactly one value, got 2\n"
                + FILE + ":6: smtp_server port \"70000\" invalid: must be an integer 1..65535\n"
                + FILE + ":7: smtp_connect_timeout \"0\" invalid: must be an integer 1..3600 (seconds)\n"
                + FILE + ":8: smtp_alert \"maybe\" is not a boolean: must be true/false, yes/no, on/off or 1/0\n"
                + FILE + ":9: no_email_faults takes no value, got \"yes\"\n"
                + FILE + ":12: smtp_alert \"sometimes\" is not a boolean: must be true/false, yes/no, on/off or 1/0",
                e.getMessage());
    }
}
