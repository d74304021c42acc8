package dev.hadirector.api;

/** Why a VRRP instance changed state; every transition carries exactly one cause. */
public enum VrrpTransitionCause {
    /** {@code start()} moved the instance out of INITIALIZE. */
    STARTUP,
    /** The instance owns the addresses (priority 255) or was configured with initial state MASTER. */
    STARTUP_AS_MASTER,
    /** No advert from a master for Master_Down_Interval (or Skew_Time after a priority-0 advert). */
    MASTER_DOWN_TIMER,
    /** A master heard an advert with higher priority, or equal priority from a higher primary address. */
    HIGHER_PRIORITY_ADVERT,
    /** A tracked interface or a weight-0 tracker failed. */
    FAULT,
    /** Every fault condition cleared. */
    FAULT_CLEARED,
    /** Another member of the instance's sync group changed state and this one followed. */
    SYNC_GROUP,
    /** {@code stop()} was called. */
    SHUTDOWN
}
