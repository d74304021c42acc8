package dev.hadirector;

import dev.hadirector.api.VrrpTransition;

/**
 * Hears what a running {@link Director} does. Every method runs on the director's event-loop thread, in the
 * order the events happened, and must not block; an exception is logged and does not stop the director or
 * the other listeners.
 *
 * <p>VRRP: {@link #onTransition} hears every state change of every instance, then exactly one of
 * {@link #becameMaster}, {@link #becameBackup}, {@link #enteredFault} or {@link #stopped} is called for it.
 * When becoming master, the virtual addresses are already present and announced; when leaving master they
 * are still present (they are removed after the listeners ran), so a listener may drain traffic.
 */
public interface DirectorListener {
    /** Every VRRP transition, before the more specific method. */
    default void onTransition(VrrpTransition transition) {
    }

    /** An instance became MASTER: its virtual addresses are installed and the first announcements sent. */
    default void becameMaster(VrrpTransition transition) {
    }

    /** An instance became BACKUP (at startup, or giving way to a better master). */
    default void becameBackup(VrrpTransition transition) {
    }

    /** An instance entered FAULT (a tracked interface or a weight-0 script failed, or its sync group did). */
    default void enteredFault(VrrpTransition transition) {
    }

    /** An instance stopped (the director is closing). */
    default void stopped(VrrpTransition transition) {
    }
}
