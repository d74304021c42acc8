package dev.hadirector.config.vrrp;

import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.api.VrrpTransitionListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * keepalived's notify programs of a {@code vrrp_sync_group}: the group changes state when all its members
 * are in the same state, and then the program for that state runs, followed by {@code notify} with
 * {@code GROUP NAME STATE 0}. Registered as a listener on every member; all members run on one event loop,
 * so the map needs no lock.
 */
final class GroupNotifier implements VrrpTransitionListener {
    private final String group;
    private final List<String> members;
    private final InstanceNotifierPrograms programs;
    private final Map<String, VrrpState> states = new HashMap<>();
    private VrrpState groupState = VrrpState.INITIALIZE;

    /** The programs of a group, by state. */
    record InstanceNotifierPrograms(Optional<NotifyProgram> master, Optional<NotifyProgram> backup,
                                    Optional<NotifyProgram> fault, Optional<NotifyProgram> stop,
                                    Optional<NotifyProgram> any) {
    }

    GroupNotifier(String group, List<String> members, InstanceNotifierPrograms programs) {
        this.group = group;
        this.members = List.copyOf(members);
        this.programs = programs;
        members.forEach(m -> states.put(m, VrrpState.INITIALIZE));
    }

    /** Equal when configured alike (the running state aside), so a reloaded unchanged group counts as unchanged. */
    @Override
    public boolean equals(Object o) {
        return o instanceof GroupNotifier g && g.group.equals(group) && g.members.equals(members)
                && g.programs.equals(programs);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(group, members, programs);
    }

    @Override
    public void onTransition(VrrpTransition t) {
        if (!states.containsKey(t.instance())) {
            return;
        }
        states.put(t.instance(), t.to());
        VrrpState common = t.to();
        for (String m : members) {
            if (states.get(m) != common) {
                return;
            }
        }
        if (common == groupState) {
            return;
        }
        groupState = common;
        Optional<NotifyProgram> specific = switch (common) {
            case MASTER -> programs.master();
            case BACKUP -> programs.backup();
            case FAULT -> programs.fault();
            case INITIALIZE -> programs.stop();
        };
        specific.ifPresent(p -> p.launch(List.of()));
        programs.any().ifPresent(p -> p.launch(List.of("GROUP", group, InstanceNotifier.stateWord(common), "0")));
    }
}
