package dev.hadirector.api;

import java.util.Optional;

/**
 * UDP_CHECK: send a datagram; without {@code requireReply} success means no ICMP unreachable came
 * back within the connect timeout; with it, a reply of an allowed length (and, if a pattern is set,
 * matching it) must arrive.
 *
 * @param payloadHex     payload as normalised lower-case hex; empty for a random 16-byte payload
 * @param requireReply   require_reply
 * @param replyHex       require_reply's pattern, normalised hex where 'x' is a wildcard nibble
 * @param minReplyLength min_reply_length (default 0)
 * @param maxReplyLength max_reply_length (default 255)
 */
public record UdpCheck(CheckTiming timing, CheckEndpoint endpoint, Optional<String> payloadHex,
                       boolean requireReply, Optional<String> replyHex, int minReplyLength, int maxReplyLength)
        implements HealthCheck {

    public UdpCheck {
        SpecRules.notNull("timing", timing);
        SpecRules.notNull("endpoint", endpoint);
        SpecRules.notNull("payloadHex", payloadHex);
        SpecRules.notNull("replyHex", replyHex);
        payloadHex = payloadHex.map(h -> HexString.normalise("payload", h, false));
        replyHex = replyHex.map(h -> HexString.normalise("requireReply", h, true));
        SpecRules.range("minReplyLength", minReplyLength, 0, 65_507);
        SpecRules.range("maxReplyLength", maxReplyLength, 0, 65_507);
        if (maxReplyLength < minReplyLength) {
            throw new IllegalArgumentException("maxReplyLength " + maxReplyLength + " below minReplyLength "
                    + minReplyLength + ": must be at least the minimum");
        }
        if (replyHex.isPresent() && !requireReply) {
            throw new IllegalArgumentException("replyHex set without requireReply: a pattern needs a reply");
        }
        if (payloadHex.isPresent() && payloadHex.get().length() / 2 > 65_507) {
            throw new IllegalArgumentException("payload of " + payloadHex.get().length() / 2
                    + " bytes too long: must fit one UDP datagram (65507 bytes)");
        }
    }

    /** The payload bytes; random when none was given (decided per send by the checker). */
    public Optional<byte[]> payload() {
        return payloadHex.map(HexString::toBytes);
    }

    @Override
    public String kind() {
        return "UDP_CHECK";
    }

    /** Builder of {@link UdpCheck}. */
    public static final class Builder extends CheckBuilder<Builder, UdpCheck> {
        private String payloadHex;
        private boolean requireReply;
        private String replyHex;
        private int minReplyLength;
        private int maxReplyLength = 255;

        Builder() {
            super(1, DEFAULT_DELAY_BEFORE_RETRY);
        }

        /** payload in keepalived's free hex format, e.g. {@code "Ab12f 3 456"}. */
        public Builder payload(String hex) {
            this.payloadHex = HexString.normalise("payload", SpecRules.notNull("payload", hex), false);
            return this;
        }

        /** require_reply without a pattern. */
        public Builder requireReply() {
            this.requireReply = true;
            return this;
        }

        /** require_reply with a hex pattern; 'x' nibbles match anything. */
        public Builder requireReply(String hexPattern) {
            this.requireReply = true;
            this.replyHex = HexString.normalise("requireReply", SpecRules.notNull("requireReply", hexPattern), true);
            return this;
        }

        public Builder replyLength(int min, int max) {
            this.minReplyLength = SpecRules.range("minReplyLength", min, 0, 65_507);
            this.maxReplyLength = SpecRules.range("maxReplyLength", max, 0, 65_507);
            return this;
        }

        @Override
        public UdpCheck build() {
            return new UdpCheck(timing(), endpoint(), Optional.ofNullable(payloadHex), requireReply,
                    Optional.ofNullable(replyHex), minReplyLength, maxReplyLength);
        }
    }
}
