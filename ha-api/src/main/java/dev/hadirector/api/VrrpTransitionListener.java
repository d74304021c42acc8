package dev.hadirector.api;

/**
 * Hears the state changes of a VRRP instance.
 *
 * <p>Listeners run on the director's event-loop thread, in registration order, and must not block.
 * Their order relative to the virtual addresses is fixed:
 * <ul>
 *   <li>entering MASTER: the first advert is sent, the virtual addresses are added and the first
 *       gratuitous ARP / unsolicited NA round is sent <em>before</em> the listeners run, so a listener
 *       may rely on the addresses being present;</li>
 *   <li>leaving MASTER (to BACKUP, FAULT or INITIALIZE): the listeners run <em>before</em> the virtual
 *       addresses are removed, so a listener may still drain traffic addressed to them.</li>
 * </ul>
 * An exception thrown by a listener is logged and does not stop the transition or the other listeners.
 */
@FunctionalInterface
public interface VrrpTransitionListener {
    void onTransition(VrrpTransition transition);
}
