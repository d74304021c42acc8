package dev.hadirector.config.vrrp;

import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.api.VrrpTransitionListener;
import java.util.List;
import java.util.Optional;

/**
 * keepalived's notify programs of a {@code vrrp_instance}: on each state change the program for the new
 * state ({@code notify_master}, {@code notify_backup}, {@code notify_fault}, {@code notify_stop}) runs with
 * no extra argument, then {@code notify} runs with {@code INSTANCE NAME STATE PRIORITY}.
 */
final class InstanceNotifier implements VrrpTransitionListener {
    private final Optional<NotifyProgram> master;
    private final Optional<NotifyProgram> backup;
    private final Optional<NotifyProgram> fault;
    private final Optional<NotifyProgram> stop;
    private final Optional<NotifyProgram> any;

    InstanceNotifier(Optional<NotifyProgram> master, Optional<NotifyProgram> backup, Optional<NotifyProgram> fault,
                     Optional<NotifyProgram> stop, Optional<NotifyProgram> any) {
        this.master = master;
        this.backup = backup;
        this.fault = fault;
        this.stop = stop;
        this.any = any;
    }

    boolean isEmpty() {
        return master.isEmpty() && backup.isEmpty() && fault.isEmpty() && stop.isEmpty() && any.isEmpty();
    }

    /** keepalived's name of a state in notify arguments. */
    static String stateWord(VrrpState state) {
        return state == VrrpState.INITIALIZE ? "STOP" : state.name();
    }

    /** Equal when running the same programs, so a reloaded unchanged instance counts as unchanged. */
    @Override
    public boolean equals(Object o) {
        return o instanceof InstanceNotifier n && n.master.equals(master) && n.backup.equals(backup)
                && n.fault.equals(fault) && n.stop.equals(stop) && n.any.equals(any);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(master, backup, fault, stop, any);
    }

    @Override
    public void onTransition(VrrpTransition t) {
        Optional<NotifyProgram> specific = switch (t.to()) {
            case MASTER -> master;
            case BACKUP -> backup;
            case FAULT -> fault;
            case INITIALIZE -> stop;
        };
        specific.ifPresent(p -> p.launch(List.of()));
        any.ifPresent(p -> p.launch(List.of("INSTANCE", t.instance(), stateWord(t.to()),
                Integer.toString(t.priority()))));
    }
}
