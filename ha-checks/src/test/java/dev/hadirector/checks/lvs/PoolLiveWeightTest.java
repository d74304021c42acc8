package dev.hadirector.checks.lvs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.checks.HealthState;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pool keeps its live weight per change; it must always equal the sum over the live members. */
class PoolLiveWeightTest {

    private static final Pool.Changes IGNORE = new Pool.Changes() {
        @Override
        public void realServerChanged(Pool pool, Pool.Member member) {
        }

        @Override
        public void quorumChanged(Pool pool) {
        }
    };

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 99})
    void liveWeightFollowsRandomResultsAndDynamicWeights(long seed) {
        Random random = new Random(seed);
        VirtualServer.Builder vs = VirtualServer.tcp("10.0.0.1", 80).quorum(5);
        for (int i = 0; i < 20; i++) {
            RealServer.Builder rs = RealServer.of("10.0.1." + (i + 1), 80).weight(1 + random.nextInt(5));
            int checks = random.nextInt(3);
            for (int c = 0; c < checks; c++) {
                rs.check(HealthCheck.tcp().alpha(random.nextBoolean()).build());
            }
            vs.realServer(rs);
        }
        Pool pool = new Pool(vs.build());
        pool.start(IGNORE);
        assertEquals(recomputed(pool), pool.liveWeight(), "at start (alpha checks start down)");
        for (int step = 0; step < 2000; step++) {
            Pool.Member m = pool.members.get(random.nextInt(pool.members.size()));
            if (m.states.length == 0) {
                continue;
            }
            int check = random.nextInt(m.states.length);
            HealthState state = random.nextBoolean() ? HealthState.UP : HealthState.DOWN;
            OptionalInt weight = random.nextInt(3) == 0 ? OptionalInt.of(random.nextInt(10)) : OptionalInt.empty();
            if (random.nextInt(10) == 0) {
                pool.resetCheck(m, check, IGNORE);
            } else {
                pool.onCheck(m, check, state, weight, "step " + step, IGNORE);
            }
            assertEquals(recomputed(pool), pool.liveWeight(), "after step " + step);
        }
    }

    private static long recomputed(Pool pool) {
        long sum = 0;
        for (Pool.Member m : pool.members) {
            if (m.up()) {
                sum += m.effectiveWeight();
            }
        }
        return sum;
    }
}
