package dev.hadirector.checks.lvs;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.PoolPolicy;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.checks.HealthState;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The live state of one virtual server: what each check last said about each real server, the quorum, and
 * the table entry that follows from them. Pure state, no threads: the load balancer's event loop drives it.
 *
 * <p>keepalived's rules: a real server is up when every one of its checks is up (a server without checks is
 * always up); a down server is removed, or kept at weight 0 with inhibit_on_failure. Quorum is lost when the
 * live weight falls below {@code quorum - hysteresis} and regained at {@code quorum + hysteresis}; while it
 * is lost the sorry server replaces the pool.
 */
final class Pool {

    /** What a change of check state did to the pool. */
    interface Changes {
        void realServerChanged(Pool pool, Member member);

        void quorumChanged(Pool pool);
    }

    final VirtualServer spec;
    final List<Member> members = new ArrayList<>();
    private boolean quorumUp = true;
    /** Sum of the effective weights of the live members, kept up to date per change (not summed per result). */
    private long liveWeight;
    boolean suspended;
    /** The entry last written to the table. */
    VirtualServer lastEntry;

    Pool(VirtualServer spec) {
        this.spec = spec;
        for (RealServer rs : spec.realServers()) {
            Member m = new Member(rs);
            members.add(m);
            liveWeight += m.liveContribution();
        }
    }

    /** Settles the quorum for the starting states (alpha servers start down), reporting a loss. */
    void start(Changes changes) {
        evaluateQuorum(changes);
    }

    /** Records a check's new state (and dynamic weight) and reports what changed. */
    void onCheck(Member member, int check, HealthState state, OptionalInt weight, String reason, Changes changes) {
        boolean wasUp = member.up();
        int oldWeight = member.effectiveWeight();
        long oldContribution = member.liveContribution();
        member.states[check] = state;
        member.dynamicWeights[check] = state == HealthState.UP ? weight : OptionalInt.empty();
        liveWeight += member.liveContribution() - oldContribution;
        boolean nowUp = member.up();
        if (wasUp != nowUp) {
            member.lastReason = reason;
            changes.realServerChanged(this, member);
        } else if (oldWeight != member.effectiveWeight()) {
            member.lastReason = reason;
        }
        evaluateQuorum(changes);
    }

    /** Puts a check back to the state it starts in (a restarted check after ha_suspend). */
    void resetCheck(Member member, int check, Changes changes) {
        HealthCheck spec = member.spec.checks().get(check);
        onCheck(member, check, spec.timing().alpha() ? HealthState.DOWN : HealthState.UP, OptionalInt.empty(),
                "check restarted", changes);
    }

    private void evaluateQuorum(Changes changes) {
        long live = liveWeight();
        PoolPolicy policy = spec.policy();
        if (quorumUp && live < policy.loseBelow()) {
            quorumUp = false;
            changes.quorumChanged(this);
        } else if (!quorumUp && live >= policy.regainAt()) {
            quorumUp = true;
            changes.quorumChanged(this);
        }
    }

    /** A reload: this pool replaces one whose quorum was {@code up}; {@link #start} re-evaluates it. */
    void inheritQuorum(boolean up) {
        quorumUp = up;
    }

    /** A reload: {@code member} of this pool continues {@code previous}; the live weight follows its state. */
    void carryOver(Member member, Member previous) {
        long oldContribution = member.liveContribution();
        member.takeStateOf(previous);
        liveWeight += member.liveContribution() - oldContribution;
    }

    boolean quorumUp() {
        return quorumUp;
    }

    long liveWeight() {
        return liveWeight;
    }

    boolean sorryActive() {
        return !quorumUp && spec.policy().sorryServer() != null;
    }

    /** The weight {@code member} has in the table, or -1 when the table does not hold it. */
    int tableWeight(Member member) {
        if (sorryActive()) {
            return member.spec.inhibitOnFailure() ? 0 : -1;
        }
        if (member.up()) {
            return member.effectiveWeight();
        }
        return member.spec.inhibitOnFailure() ? 0 : -1;
    }

    /** This virtual server as the table should hold it now. */
    VirtualServer tableEntry() {
        // The table's entry carries the chosen servers only; the sorry server is one of them when in use.
        VirtualServer.Builder b = spec.toBuilder().clearRealServers().policy(PoolPolicy.DEFAULT);
        for (Member m : members) {
            int w = tableWeight(m);
            if (w >= 0) {
                b.realServer(w == m.spec.weight() ? m.spec : m.spec.toBuilder().weight(w).build());
            }
        }
        RealServer sorry = spec.policy().sorryServer();
        if (sorry != null) {
            if (sorryActive()) {
                b.realServer(sorry);
            } else if (spec.policy().sorryServerInhibit()) {
                b.realServer(sorry.toBuilder().weight(0).build());
            }
        }
        return b.build();
    }

    VirtualServerState state() {
        List<RealServerState> rs = new ArrayList<>(members.size());
        for (Member m : members) {
            int w = tableWeight(m);
            rs.add(new RealServerState(m.spec, m.up() ? HealthState.UP : HealthState.DOWN, Math.max(w, 0), w >= 0,
                    m.lastReason));
        }
        return new VirtualServerState(spec, liveWeight(), quorumUp, sorryActive(), suspended, rs);
    }

    /** One real server of the pool and its checks' latest states. */
    static final class Member {
        final RealServer spec;
        final HealthState[] states;
        final OptionalInt[] dynamicWeights;
        String lastReason = "";

        Member(RealServer spec) {
            this.spec = spec;
            int n = spec.checks().size();
            this.states = new HealthState[n];
            this.dynamicWeights = new OptionalInt[n];
            for (int i = 0; i < n; i++) {
                states[i] = spec.checks().get(i).timing().alpha() ? HealthState.DOWN : HealthState.UP;
                dynamicWeights[i] = OptionalInt.empty();
            }
        }

        /**
         * A reload: this member continues {@code previous} (same server, same checks): its results carry over.
         * Call it through {@link Pool#carryOver}, which keeps the pool's live weight right.
         */
        private void takeStateOf(Member previous) {
            System.arraycopy(previous.states, 0, states, 0, states.length);
            System.arraycopy(previous.dynamicWeights, 0, dynamicWeights, 0, dynamicWeights.length);
            lastReason = previous.lastReason;
        }

        boolean up() {
            for (HealthState s : states) {
                if (s != HealthState.UP) {
                    return false;
                }
            }
            return true;
        }

        /** What this member adds to the pool's live weight. */
        long liveContribution() {
            return up() ? effectiveWeight() : 0;
        }

        /** The configured weight, or the lowest weight a dynamic check (MISC dynamic, FILE) asks for. */
        int effectiveWeight() {
            int w = -1;
            for (OptionalInt d : dynamicWeights) {
                if (d.isPresent() && (w < 0 || d.getAsInt() < w)) {
                    w = d.getAsInt();
                }
            }
            return w >= 0 ? w : spec.weight();
        }
    }
}
