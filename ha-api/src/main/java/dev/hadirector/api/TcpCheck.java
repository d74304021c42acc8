package dev.hadirector.api;

/** TCP_CHECK: success when a TCP connection is established within the connect timeout. */
public record TcpCheck(CheckTiming timing, CheckEndpoint endpoint) implements HealthCheck {

    public TcpCheck {
        SpecRules.notNull("timing", timing);
        SpecRules.notNull("endpoint", endpoint);
    }

    @Override
    public String kind() {
        return "TCP_CHECK";
    }

    /** Builder of {@link TcpCheck}. */
    public static final class Builder extends CheckBuilder<Builder, TcpCheck> {
        Builder() {
            super(1, DEFAULT_DELAY_BEFORE_RETRY);
        }

        @Override
        public TcpCheck build() {
            return new TcpCheck(timing(), endpoint());
        }
    }
}
