package dev.hadirector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LabNamesTest {

    @Test
    void labPrefixNamesThisJvmAndIsFreshEachTime() {
        String first = LabNames.nextLabPrefix();
        String second = LabNames.nextLabPrefix();
        assertNotEquals(first, second);
        assertEquals(OptionalLong.of(ProcessHandle.current().pid()), LabNames.ownerPid(LabNames.namespace(first, "a")));
    }

    @Test
    void ownerPidIsOnlyReadFromLabNamespaces() {
        assertEquals(OptionalLong.of(123), LabNames.ownerPid("hat123x4-router1"));
        assertEquals(OptionalLong.empty(), LabNames.ownerPid("hat123x4"));
        assertEquals(OptionalLong.empty(), LabNames.ownerPid("hatchery-1"));
        assertEquals(OptionalLong.empty(), LabNames.ownerPid("blue"));
        assertEquals(OptionalLong.empty(), LabNames.ownerPid("xhat1x1-a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "-a", "a b", "a/b", "abcdefghijklmnopqrstuvwxyz0123456"})
    void rejectsBadNodeNamesNamingTheRule(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabNames.checkNodeName("host", name));
        assertTrue(e.getMessage().startsWith("host '" + name + "' is invalid: must be 1..31 characters"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "eth0:1", "a/b", "a b", "abcdefghijklmnop", "\u00e9th0"})
    void rejectsInterfaceNamesTheKernelRejects(String ifname) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabNames.checkIfname(ifname));
        assertTrue(e.getMessage().startsWith("ifname '" + ifname + "' is invalid"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"eth0", "a", "vrrp.51", "abcdefghijklmno"})
    void acceptsValidInterfaceNames(String ifname) {
        LabNames.checkIfname(ifname);
    }
}
