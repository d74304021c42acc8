package dev.hadirector.alert;

import dev.hadirector.DirectorListener;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpSyncGroup;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.checks.lvs.LoadBalancerListener.QuorumEvent;
import dev.hadirector.checks.lvs.LoadBalancerListener.RealServerEvent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Turns what a director hears into keepalived's alerts, as keepalived decides them: a VRRP instance mails each
 * state it enters (never the same state twice in a row; FAULT not at all with {@code no_email_faults}; a sync group
 * member not a state another member took first, after its first mail); a sync group
 * mails when all its members reach one state; a real server mails its up/down changes; a virtual server its quorum
 * changes; each only where {@link SmtpAlerts} says so. Runs on the director's event loop and only hands the alert
 * to the sender, which never blocks.
 */
final class SmtpAlertListener implements DirectorListener {
    private final SmtpAlerts settings;
    private final AlertComposer composer;
    private final Predicate<Alert> out;
    private final Map<String, VrrpState> lastMailed = new HashMap<>();
    private final Map<String, GroupState> groupOf = new HashMap<>();

    /** A sync group's members' states and the state it last entered as a whole. */
    private static final class GroupState {
        final String name;
        final Map<String, VrrpState> members = new LinkedHashMap<>();
        VrrpState state = VrrpState.INITIALIZE;
        VrrpState lastMailed;

        GroupState(String name, List<String> members) {
            this.name = name;
            members.forEach(m -> this.members.put(m, VrrpState.INITIALIZE));
        }
    }

    SmtpAlertListener(SmtpAlerts settings, List<VrrpSyncGroup> syncGroups, Predicate<Alert> out) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.composer = new AlertComposer(settings.routerId());
        this.out = Objects.requireNonNull(out, "out");
        for (VrrpSyncGroup g : syncGroups) {
            GroupState state = new GroupState(g.name(), g.members());
            g.members().forEach(m -> groupOf.put(m, state));
        }
    }

    @Override
    public void onTransition(VrrpTransition t) {
        VrrpState to = t.to();
        GroupState group = groupOf.get(t.instance());
        if (settings.mailsInstance(t.instance()) && mailable(to) && lastMailed.get(t.instance()) != to
                && !followsItsGroup(t.instance(), group, to)) {
            lastMailed.put(t.instance(), to);
            out.test(composer.instance(t.instance(), to));
        }
        if (group == null) {
            return;
        }
        group.members.put(t.instance(), to);
        if (group.state == to || !group.members.values().stream().allMatch(s -> s == to)) {
            return;
        }
        group.state = to;
        if (settings.mailsSyncGroup(group.name) && mailable(to) && group.lastMailed != to) {
            group.lastMailed = to;
            out.test(composer.syncGroup(group.name, to));
        }
    }

    /**
     * keepalived's rule for sync group members: once an instance has mailed, it does not mail a state its group
     * is already taking, i.e. when another member is there first (the group's mail tells that). Stopping is always
     * mailed, by every member.
     */
    private boolean followsItsGroup(String instance, GroupState group, VrrpState to) {
        if (group == null || to == VrrpState.INITIALIZE || !lastMailed.containsKey(instance)) {
            return false;
        }
        return group.members.entrySet().stream().anyMatch(m -> !m.getKey().equals(instance) && m.getValue() == to);
    }

    private boolean mailable(VrrpState state) {
        return !(settings.noFaultMails() && state == VrrpState.FAULT);
    }

    @Override
    public void realServerUp(RealServerEvent event) {
        realServer(event);
    }

    @Override
    public void realServerDown(RealServerEvent event) {
        realServer(event);
    }

    private void realServer(RealServerEvent event) {
        if (settings.mailsRealServer(event.virtualServer(), event.realServer())) {
            out.test(composer.realServer(event));
        }
    }

    @Override
    public void quorumLost(QuorumEvent event) {
        quorum(event);
    }

    @Override
    public void quorumRegained(QuorumEvent event) {
        quorum(event);
    }

    private void quorum(QuorumEvent event) {
        if (settings.mailsVirtualServer(event.virtualServer())) {
            out.test(composer.quorum(event));
        }
    }

    @Override
    public String toString() {
        return "SMTP alerts to " + settings.recipients();
    }
}
