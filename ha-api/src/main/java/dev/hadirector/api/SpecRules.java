package dev.hadirector.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/** Validation helpers shared by the check specs: each message names the field, the value and the rule. */
final class SpecRules {

    private SpecRules() {
    }

    static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " null: must be set");
        }
        return value;
    }

    static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " " + value + " out of range: must be " + min + ".." + max);
        }
        return value;
    }

    static Duration positive(String field, Duration value) {
        notNull(field, value);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " " + value + " out of range: must be positive");
        }
        return value;
    }

    static Duration notNegative(String field, Duration value) {
        notNull(field, value);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " " + value + " out of range: must not be negative");
        }
        return value;
    }

    static String notBlank(String field, String value) {
        notNull(field, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " \"" + value + "\" is blank: must not be empty");
        }
        return value;
    }

    /** Resolves a host name or literal once, when the spec is built, so a typo fails early. */
    static InetAddress resolve(String field, String host) {
        notBlank(field, host);
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException | SecurityException e) {
            throw new IllegalArgumentException(field + " \"" + host + "\" does not resolve: must be an IP address or a resolvable host name", e);
        }
    }

    /** A Linux interface name: 1..15 bytes without '/', ':', white space or NUL, not "." or "..". */
    static String interfaceName(String name) {
        notBlank("bindInterface", name);
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length > 15 || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c == '/' || c == ':' || c <= 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("bindInterface \"" + name + "\" invalid: must be an interface name of "
                    + "1..15 bytes without '/', ':' or white space");
        }
        return name;
    }
}
