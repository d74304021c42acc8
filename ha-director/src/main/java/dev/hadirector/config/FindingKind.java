package dev.hadirector.config;

/** What a finding is about, so tools can filter findings without parsing messages. */
public enum FindingKind {
    /** A keyword keepalived does not know in that section (likely a typo). */
    UNKNOWN_KEYWORD,
    /** A keyword keepalived knows but this director does not map onto a running part yet. */
    NOT_YET_SUPPORTED,
    /** A block where a value was expected, or the other way round. */
    BAD_STRUCTURE,
    /** A value the reader had to ignore (an unknown include_check option). */
    BAD_VALUE,
    /** An include pattern that matched no file. */
    INCLUDE_NO_MATCH,
    /**
     * A setting left out that keepalived fills in with a default people rarely mean (a virtual server's protocol),
     * or one accepted and ignored because the director has nothing it could act on ({@code nftables_ifindex}).
     */
    DEFAULTED
}
