package dev.hadirector.api;

import java.net.IDN;
import java.util.Optional;

/**
 * DNS_CHECK: a query over UDP; the answer must carry the query's id, NOERROR and the same question,
 * and, when {@code expectAnswer} is set, an answer record of the query type equal to it.
 *
 * @param name         the queried name (keepalived's default ".")
 * @param type         the query type (keepalived's default SOA)
 * @param expectAnswer an address for A/AAAA, a name for NS/CNAME/MX/SOA (the MX exchange, the SOA
 *                     primary server), the text for TXT
 */
public record DnsCheck(CheckTiming timing, CheckEndpoint endpoint, String name, Type type,
                       Optional<String> expectAnswer) implements HealthCheck {

    /** The query types keepalived supports, with their RR type codes (RFC 1035, RFC 3596). */
    public enum Type {
        A(1), NS(2), CNAME(5), SOA(6), MX(15), TXT(16), AAAA(28);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    public DnsCheck {
        SpecRules.notNull("timing", timing);
        SpecRules.notNull("endpoint", endpoint);
        SpecRules.notBlank("name", name);
        SpecRules.notNull("type", type);
        SpecRules.notNull("expectAnswer", expectAnswer);
        validateName(name);
        if (expectAnswer.isPresent() && (type == Type.A || type == Type.AAAA)) {
            String literal = expectAnswer.get();
            boolean v4 = literal.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            boolean v6 = literal.contains(":") && literal.matches("[0-9A-Fa-f:.]+");
            if (type == Type.A ? !v4 : !v6) {
                throw new IllegalArgumentException("expectAnswer \"" + literal + "\" invalid for type " + type
                        + ": must be an IPv" + (type == Type.A ? "4" : "6") + " address literal");
            }
            SpecRules.resolve("expectAnswer", literal);
        }
    }

    private static void validateName(String name) {
        if (name.equals(".")) {
            return;
        }
        String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            ascii = name;
            checkLabels(name, ascii);
            throw new IllegalArgumentException("name \"" + name + "\" invalid: " + e.getMessage()
                    + "; must be a domain name", e);
        }
        checkLabels(name, ascii);
    }

    private static void checkLabels(String name, String ascii) {
        String trimmed = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
        if (trimmed.length() > 253) {
            throw new IllegalArgumentException("name \"" + name + "\" too long: must be at most 253 characters");
        }
        for (String label : trimmed.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                throw new IllegalArgumentException("name \"" + name + "\" has a label of " + label.length()
                        + " characters: each label must be 1..63");
            }
        }
    }

    @Override
    public String kind() {
        return "DNS_CHECK";
    }

    /** Builder of {@link DnsCheck}. */
    public static final class Builder extends CheckBuilder<Builder, DnsCheck> {
        private String name = ".";
        private Type type = Type.SOA;
        private String expectAnswer;

        Builder() {
            // keepalived: retry 3, delay_before_retry defaults to delay_loop (null here)
            super(3, null);
        }

        public Builder name(String name) {
            this.name = SpecRules.notBlank("name", name);
            return this;
        }

        public Builder type(Type type) {
            this.type = SpecRules.notNull("type", type);
            return this;
        }

        public Builder expectAnswer(String answer) {
            this.expectAnswer = SpecRules.notBlank("expectAnswer", answer);
            return this;
        }

        @Override
        public DnsCheck build() {
            return new DnsCheck(timing(), endpoint(), name, type, Optional.ofNullable(expectAnswer));
        }
    }
}
