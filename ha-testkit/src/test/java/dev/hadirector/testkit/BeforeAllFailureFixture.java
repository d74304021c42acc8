package dev.hadirector.testkit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Fixture for {@link InnerReportPipelineTest}: a class whose setup fails before any test runs. */
@Tag("fixture")
class BeforeAllFailureFixture {

    @BeforeAll
    static void setUp() {
        throw new IllegalStateException("setup exploded");
    }

    @Test
    void neverRuns() {
    }
}
