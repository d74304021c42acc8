package dev.hadirector.vrrp;

/** Why a received advert was discarded (RFC 5798 7.1, RFC 3768 7.1); each is counted separately. */
public enum DiscardReason {
    /** IPv4 TTL or IPv6 hop limit not 255: the packet crossed a router or was forged off-link. */
    TTL_NOT_255,
    /** Shorter than the 8-octet fixed header. */
    TOO_SHORT,
    /** Version field not the instance's version. */
    VERSION_MISMATCH,
    /** Type field not 1 (ADVERTISEMENT). */
    UNKNOWN_TYPE,
    /** Address count 0 (the RFCs' minimum is 1). */
    BAD_ADDRESS_COUNT,
    /** Received length shorter than the header plus the counted addresses (plus v2 authentication data). */
    BAD_LENGTH,
    /** Checksum wrong (v3: with the pseudo-header; v2: over the message only). */
    BAD_CHECKSUM,
    /** Not this instance's VRID. */
    VRID_MISMATCH,
    /** This router owns the addresses (priority 255), so it never yields and discards others' adverts. */
    LOCAL_ADDRESS_OWNER,
    /** v2: Auth Type differs from the configured method. */
    AUTH_TYPE_MISMATCH,
    /** v2: simple password differs. */
    AUTH_FAILED,
    /** v2: Adver Int differs from the configured interval. */
    INTERVAL_MISMATCH,
    /** v2: the address list differs and the sender is not the address owner. */
    ADDRESS_LIST_MISMATCH,
    /** v3: Max Adver Int of 0, which would make the Master_Down_Interval zero. */
    ZERO_INTERVAL,
    /** Our own advert looped back (source is this router's primary address). */
    OWN_ADVERT
}
