package dev.hadirector.checks.lvs;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.HealthEvent;
import dev.hadirector.checks.HealthState;
import dev.hadirector.checks.RealServerHealthListener;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

/** A check runner whose checks report whatever the test says. */
class FakeChecks implements CheckRunner {
    final RealServerHealthListener listener;
    final List<Started> started = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    FakeChecks(RealServerHealthListener listener) {
        this.listener = listener;
    }

    record Started(String checkId, CheckTarget target, HealthCheck spec, boolean[] stopped) {
        boolean isStopped() {
            return stopped[0];
        }
    }

    @Override
    public Running start(String checkId, CheckTarget target, HealthCheck spec) {
        Started s = new Started(checkId, target, spec, new boolean[1]);
        started.add(s);
        return () -> s.stopped[0] = true;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The running checks of the real server {@code rs} ("10.0.0.2:80"), in start order. */
    List<Started> of(String rs) {
        List<Started> out = new ArrayList<>();
        for (Started s : started) {
            if (s.target().toString().equals(rs) && !s.isStopped()) {
                out.add(s);
            }
        }
        return out;
    }

    void report(Started check, HealthState from, HealthState to, String reason) {
        listener.onHealthEvent(new HealthEvent(check.checkId(), check.target(), from, to, reason, OptionalInt.empty()));
    }

    void down(String rs, int check) {
        report(of(rs).get(check), HealthState.UP, HealthState.DOWN, "connect refused");
    }

    void up(String rs, int check) {
        report(of(rs).get(check), HealthState.DOWN, HealthState.UP, "connected");
    }

    void weight(String rs, int check, int weight) {
        Started s = of(rs).get(check);
        listener.onHealthEvent(new HealthEvent(s.checkId(), s.target(), HealthState.UP, HealthState.UP,
                "weight " + weight, OptionalInt.of(weight)));
    }
}
