package dev.hadirector.api;

import java.util.regex.Pattern;

/**
 * An IPVS scheduler by name. The constants are the schedulers Linux ships; {@link #of(String)} accepts any
 * other name a kernel module may provide (the kernel says whether it has it when the service is added).
 */
public record Scheduler(String name) {
    /** IP_VS_SCHEDNAME_MAXLEN is 16 including the terminating NUL. */
    public static final int MAX_NAME_LENGTH = 15;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    public static final Scheduler RR = new Scheduler("rr");
    public static final Scheduler WRR = new Scheduler("wrr");
    public static final Scheduler LC = new Scheduler("lc");
    public static final Scheduler WLC = new Scheduler("wlc");
    public static final Scheduler LBLC = new Scheduler("lblc");
    public static final Scheduler LBLCR = new Scheduler("lblcr");
    public static final Scheduler DH = new Scheduler("dh");
    public static final Scheduler SH = new Scheduler("sh");
    public static final Scheduler SED = new Scheduler("sed");
    public static final Scheduler NQ = new Scheduler("nq");
    public static final Scheduler FO = new Scheduler("fo");
    public static final Scheduler OVF = new Scheduler("ovf");
    public static final Scheduler MH = new Scheduler("mh");
    public static final Scheduler TWOS = new Scheduler("twos");

    public Scheduler {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("scheduler name is empty: must be 1.." + MAX_NAME_LENGTH
                    + " characters");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("scheduler name \"" + name + "\" is " + name.length()
                    + " characters: must be at most " + MAX_NAME_LENGTH);
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("scheduler name \"" + name
                    + "\" has invalid characters: must be letters, digits, '_', '.' or '-'");
        }
    }

    public static Scheduler of(String name) {
        return new Scheduler(name);
    }

    /**
     * The three scheduler-specific service flags (IP_VS_SVC_F_SCHED1..3); their meaning depends on the
     * scheduler, hence the aliases.
     */
    public enum Flag {
        FLAG_1(0x0008),
        FLAG_2(0x0010),
        FLAG_3(0x0020);

        /** sh: fall back to another server when the hashed one is unavailable. */
        public static final Flag SH_FALLBACK = FLAG_1;
        /** sh: hash the source port as well. */
        public static final Flag SH_PORT = FLAG_2;
        /** mh: fall back to another server when the hashed one is unavailable. */
        public static final Flag MH_FALLBACK = FLAG_1;
        /** mh: hash the source port as well. */
        public static final Flag MH_PORT = FLAG_2;

        private final int bit;

        Flag(int bit) {
            this.bit = bit;
        }

        /** The IP_VS_SVC_F_SCHEDn bit. */
        public int bit() {
            return bit;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
