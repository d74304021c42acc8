package dev.hadirector.api;

import java.time.Duration;

/**
 * The VRRP protocol version an instance speaks. keepalived's global default ({@code vrrp_version})
 * is {@link #V2}, and so is this library's.
 */
public enum VrrpVersion {
    /** RFC 3768: IPv4 only, advert interval in whole seconds (8-bit field), optional simple password. */
    V2(2, Duration.ofSeconds(1), Duration.ofSeconds(255)),
    /** RFC 5798: IPv4 and IPv6, advert interval in centiseconds (12-bit field), no authentication. */
    V3(3, Duration.ofMillis(10), Duration.ofMillis(40_950));

    private final int number;
    private final Duration minAdvertInterval;
    private final Duration maxAdvertInterval;

    VrrpVersion(int number, Duration minAdvertInterval, Duration maxAdvertInterval) {
        this.number = number;
        this.minAdvertInterval = minAdvertInterval;
        this.maxAdvertInterval = maxAdvertInterval;
    }

    /** The value of the packet's 4-bit version field. */
    public int number() {
        return number;
    }

    /** The shortest advert interval the version's packet field can express. */
    public Duration minAdvertInterval() {
        return minAdvertInterval;
    }

    /** The longest advert interval the version's packet field can express. */
    public Duration maxAdvertInterval() {
        return maxAdvertInterval;
    }

    /** The unit the packet field counts in: 1 s for v2, 10 ms for v3. */
    public Duration advertIntervalUnit() {
        return this == V2 ? Duration.ofSeconds(1) : Duration.ofMillis(10);
    }

    /** Parses keepalived's {@code vrrp_version} value ({@code 2} or {@code 3}). */
    public static VrrpVersion ofNumber(int number) {
        for (VrrpVersion v : values()) {
            if (v.number == number) {
                return v;
            }
        }
        throw new IllegalArgumentException("version " + number + " unknown: must be 2 or 3");
    }
}
