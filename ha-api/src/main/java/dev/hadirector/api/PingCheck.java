package dev.hadirector.api;

/** PING_CHECK: an ICMP (IPv4) or ICMPv6 echo request answered within the connect timeout. */
public record PingCheck(CheckTiming timing, CheckEndpoint endpoint) implements HealthCheck {

    public PingCheck {
        SpecRules.notNull("timing", timing);
        SpecRules.notNull("endpoint", endpoint);
        if (endpoint.connectPort() != 0 || endpoint.bindPort() != 0) {
            throw new IllegalArgumentException("connectPort " + endpoint.connectPort() + " / bindPort "
                    + endpoint.bindPort() + " set on a PING_CHECK: ICMP has no ports, leave them unset");
        }
    }

    @Override
    public String kind() {
        return "PING_CHECK";
    }

    /** Builder of {@link PingCheck}. */
    public static final class Builder extends CheckBuilder<Builder, PingCheck> {
        Builder() {
            super(1, DEFAULT_DELAY_BEFORE_RETRY);
        }

        @Override
        public PingCheck build() {
            return new PingCheck(timing(), endpoint());
        }
    }
}
