package dev.hadirector.alert;

import java.util.Objects;

/**
 * What one event says in a mail.
 *
 * @param subject the Subject header, e.g. {@code [LVS_1] VRRP Instance VI_1 - Entering MASTER state}
 * @param body    the text, e.g. {@code => VRRP Instance is now owning VRRP VIPs <=}
 */
public record Alert(String subject, String body) {
    public Alert {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
    }
}
