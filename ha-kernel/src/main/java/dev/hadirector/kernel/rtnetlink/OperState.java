package dev.hadirector.kernel.rtnetlink;

/** RFC 2863 operational state of a link, as IFLA_OPERSTATE reports it ({@code IF_OPER_*}). */
public enum OperState {
    UNKNOWN(0), NOT_PRESENT(1), DOWN(2), LOWER_LAYER_DOWN(3), TESTING(4), DORMANT(5), UP(6);

    private final int code;

    OperState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The state for a kernel code; codes from a newer kernel map to UNKNOWN rather than failing. */
    public static OperState of(int code) {
        for (OperState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
