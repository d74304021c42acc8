package dev.hadirector.alert;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One alert mail as keepalived writes it: the headers Date, From, Subject, X-Mailer and To (the recipients joined
 * by ", "), an empty line, then the body.
 *
 * @param from       the envelope and header sender
 * @param recipients the envelope and header recipients
 * @param subject    one line
 * @param body       the text; any line ending is sent as CRLF
 * @param date       when the event happened, with the zone the Date header shows
 */
public record MailMessage(String from, List<String> recipients, String subject, String body, ZonedDateTime date) {
    /** RFC 5322 3.3 date-time, as keepalived formats it with strftime("%a, %d %b %Y %H:%M:%S %z"). */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT);
    static final String MAILER = "HA Director for Java (keepalived-compatible alerts)";

    public MailMessage {
        Objects.requireNonNull(from, "from");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(date, "date");
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("subject \"" + MailAddress.printable(subject)
                    + "\" invalid: a header is one line");
        }
    }

    /** The message (headers, empty line, body) before dot-stuffing; lines end with CRLF. */
    public String text() {
        return "Date: " + DATE.format(date) + "\r\n"
                + "From: " + from + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "X-Mailer: " + MAILER + "\r\n"
                + "To: " + String.join(", ", recipients) + "\r\n"
                + "\r\n"
                + body + "\r\n";
    }
}
