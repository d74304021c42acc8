package dev.hadirector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Not a test of its own (surefire's name patterns leave it out): {@link InnerReportPipelineTest} runs it in a console
 * launcher to get a real JUnit XML report with every outcome.
 */
@Tag("fixture")
class PassFailSkipFixture {

    @Test
    void passes() {
        assertEquals(2, 1 + 1);
    }

    @Test
    void failsAnAssertion() {
        assertEquals(3, 1 + 1, "arithmetic inside");
    }

    @Test
    void throwsSomethingElse() {
        throw new IllegalStateException("kernel said EPERM");
    }

    @Test
    void abortsForAMissingRig() {
        Assumptions.abort("rig missing: needs a unicorn");
    }

    @Test
    @Disabled("not today")
    void isDisabled() {
    }
}
