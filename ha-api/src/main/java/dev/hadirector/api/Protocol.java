package dev.hadirector.api;

/** The layer-4 protocol of a virtual server addressed by address and port. */
public enum Protocol {
    TCP(6),
    UDP(17),
    SCTP(132);

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    /** The IANA protocol number, as IPVS carries it. */
    public int number() {
        return number;
    }

    /** The protocol with IANA number {@code number}. */
    public static Protocol ofNumber(int number) {
        for (Protocol p : values()) {
            if (p.number == number) {
                return p;
            }
        }
        throw new IllegalArgumentException("protocol number " + number + " is not supported: must be 6 (TCP), "
                + "17 (UDP) or 132 (SCTP)");
    }
}
