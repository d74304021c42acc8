package dev.hadirector.testkit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Fixture for {@link UmlRunnerTest}: an inner test that never ends, so the run must hit its time limit. */
@Tag("fixture-hang")
class HangingFixture {

    @Test
    void neverEnds() throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}
