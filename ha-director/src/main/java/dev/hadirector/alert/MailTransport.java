package dev.hadirector.alert;

/** Delivers one mail; the SMTP client in production, a recorder in tests of what is mailed when. */
@FunctionalInterface
interface MailTransport {
    /**
     * Delivers {@code message} and returns the recipients the server refused (empty when it took them all).
     *
     * @throws SmtpException when no recipient took the mail
     */
    java.util.List<String> send(MailMessage message) throws SmtpException, InterruptedException;
}
