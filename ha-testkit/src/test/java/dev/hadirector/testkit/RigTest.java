package dev.hadirector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RigTest {

    @Test
    void missingRigAbortsOutsideCi() {
        TestAbortedException aborted = assertThrows(TestAbortedException.class, () -> Rig.missing("needs a unicorn", false));
        assertEquals("rig missing: needs a unicorn", aborted.getMessage());
    }

    @Test
    void missingRigFailsUnderCi() {
        AssertionFailedError failed = assertThrows(AssertionFailedError.class, () -> Rig.missing("needs a unicorn", true));
        assertEquals("rig missing under CI=true: needs a unicorn", failed.getMessage());
    }

    @Test
    void findsCommandsOnThePathAndNotMadeUpOnes() {
        Path sh = Rig.findCommand("sh").orElseThrow();
        assertTrue(sh.endsWith("sh"), sh.toString());
        assertTrue(Rig.findCommand("ha-no-such-command-xyz").isEmpty());
        assertTrue(Rig.findCommand("/bin/sh").isPresent());
        assertTrue(Rig.findCommand("").isEmpty());
    }

    @Test
    void requireCommandReportsTheMissingCommandByName() {
        // Under CI=true the same call fails instead of aborting; both carry the name.
        Throwable missing = assertThrows(Throwable.class, () -> Rig.requireCommand("ha-no-such-command-xyz"));
        assertTrue(missing.getMessage().contains("'ha-no-such-command-xyz'"), missing.getMessage());
        assertEquals(Rig.ci(), missing instanceof AssertionFailedError);
    }

    @Test
    void readsTheEffectiveUidOfThisProcess() {
        long uid = Rig.effectiveUid();
        assertEquals(System.getProperty("user.name").equals("root"), uid == 0, "uid " + uid);
    }

    @Test
    void requireIpvsFollowsTheProcFile() {
        if (java.nio.file.Files.exists(Rig.IPVS_PROC_FILE)) {
            Rig.requireIpvs();
        } else {
            Throwable missing = assertThrows(Throwable.class, Rig::requireIpvs);
            assertTrue(missing.getMessage().contains("/proc/net/ip_vs missing"), missing.getMessage());
        }
    }
}
