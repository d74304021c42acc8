package dev.hadirector.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The settings' defaults (keepalived's) and the rules every value must follow. */
class SmtpAlertsTest {
    @Test
    void keepalivedDefaults() {
        SmtpAlerts a = SmtpAlerts.builder().build();
        String host = LocalHostName.get();
        assertEquals("keepalived@" + host, a.sender());
        assertEquals(host, a.heloName());
        assertEquals(host, a.routerId());
        assertEquals(25, a.port());
        assertEquals(Duration.ofSeconds(30), a.timeout());
        assertEquals(Optional.empty(), a.server());
        assertFalse(a.sends(), "no server, no recipient: nothing is sent");
        assertFalse(SmtpAlerts.builder().server("mail").build().sends(), "no recipient: nothing is sent");
        assertFalse(SmtpAlerts.builder().to("a@b").build().sends(), "no server: nothing is sent");
        assertTrue(SmtpAlerts.builder().to("a@b").server("mail", 2525).build().sends());
    }

    @Test
    void everyBadValueIsNamedWithItsRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SmtpAlerts.builder()
                .to("ops@example.com", "not an address", "x@y>").from("a@b\r\nBcc: evil@x").server("mail", 0)
                .heloName("two words").timeout(Duration.ZERO).routerId("").queueCapacity(0).build());
        assertEquals("SMTP alerts invalid: "
                + "notificationEmail \"not an address\" invalid: must be an address local@domain of printable ASCII "
                + "without white space, '<', '>' or ','; "
                + "notificationEmail \"x@y>\" invalid: must be an address local@domain of printable ASCII "
                + "without white space, '<', '>' or ','; "
                + "notificationEmailFrom \"a@b\\r\\nBcc: evil@x\" invalid: must be an address local@domain of "
                + "printable ASCII without white space, '<', '>' or ','; "
                + "smtpServer port 0 out of range: must be 1..65535; "
                + "smtpHeloName \"two words\" invalid: must be one word of printable ASCII; "
                + "smtpConnectTimeout PT0S out of range: must be more than 0 and at most 1 hour; "
                + "routerId \"\" invalid: must be non-empty, on one line; "
                + "queueCapacity 0 out of range: must be 1..100000", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SmtpAlerts.builder().server("mail host").build());
        assertThrows(IllegalArgumentException.class, () -> SmtpAlerts.builder().routerId("a\nb").build());
        assertThrows(IllegalArgumentException.class, () -> SmtpAlerts.builder().to("@example.com").build());
        assertThrows(IllegalArgumentException.class, () -> SmtpAlerts.builder().to("ops@").build());
    }
}
