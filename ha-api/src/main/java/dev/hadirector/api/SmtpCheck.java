package dev.hadirector.api;

/**
 * SMTP_CHECK: the server's banner must be a 220 reply and {@code HELO heloName} must be answered
 * with 250; the check then says QUIT.
 */
public record SmtpCheck(CheckTiming timing, CheckEndpoint endpoint, String heloName) implements HealthCheck {

    public SmtpCheck {
        SpecRules.notNull("timing", timing);
        SpecRules.notNull("endpoint", endpoint);
        SpecRules.notBlank("heloName", heloName);
        if (heloName.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("heloName \"" + heloName
                    + "\" invalid: must be printable ASCII without spaces or line breaks");
        }
    }

    @Override
    public String kind() {
        return "SMTP_CHECK";
    }

    /** Builder of {@link SmtpCheck}. */
    public static final class Builder extends CheckBuilder<Builder, SmtpCheck> {
        private String heloName = defaultHeloName();

        Builder() {
            super(1, DEFAULT_DELAY_BEFORE_RETRY);
        }

        /** helo_name; keepalived's default is the local host name. */
        public Builder heloName(String name) {
            this.heloName = SpecRules.notBlank("heloName", name);
            return this;
        }

        private static String defaultHeloName() {
            try {
                String name = java.net.InetAddress.getLocalHost().getHostName();
                return name == null || name.isBlank() ? "localhost" : name;
            } catch (java.io.IOException e) {
                return "localhost";
            }
        }

        @Override
        public SmtpCheck build() {
            return new SmtpCheck(timing(), endpoint(), heloName);
        }
    }
}
