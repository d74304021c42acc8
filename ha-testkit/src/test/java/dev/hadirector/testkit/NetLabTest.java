package dev.hadirector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Needs root and namespaces on the host kernel; every test checks afterwards that nothing was left behind. */
class NetLabTest {

    @BeforeAll
    static void rig() {
        Rig.requireNetns();
        Rig.requireCommand("ping");
    }

    @Test
    void twoHostsOnOneLanPingEachOtherAndVanishAtClose() {
        String prefix;
        try (NetLab lab = NetLab.create()) {
            prefix = lab.prefix();
            lab.host("a").host("b").lan("lan0");
            lab.link("a", "lan0", "eth0", "10.9.0.1/24");
            lab.link("b", "lan0", "eth0", "10.9.0.2/24", "fd00:9::2/64");

            lab.exec("a", "ping", "-c1", "-W1", "10.9.0.2").ok();
            assertEquals(List.of("10.9.0.2/24", "fd00:9::2/64"),
                    lab.addresses("b", "eth0").stream().filter(a -> !a.startsWith("fe80")).toList());
            assertTrue(Files.exists(lab.nsPath("a")), lab.nsPath("a").toString());
            assertEquals(List.of(prefix + "-a", prefix + "-b", prefix + "-lan0"), labNamespaces(prefix));
        }
        assertEquals(List.of(), labNamespaces(prefix));
    }

    @Test
    void hostsOnDifferentLansCannotReachEachOther() {
        try (NetLab lab = NetLab.create()) {
            lab.host("a").host("b").lan("left").lan("right");
            lab.link("a", "left", "eth0", "10.9.1.1/24");
            lab.link("b", "right", "eth0", "10.9.1.2/24");
            assertEquals(1, lab.exec("a", "ping", "-c1", "-W1", "10.9.1.2").exitCode());
        }
    }

    @Test
    void aRouterWithForwardingJoinsTwoLans() {
        String rootForwarding = Commands.run("sysctl", "-n", "net.ipv4.ip_forward").ok().stdout();
        try (NetLab lab = NetLab.create()) {
            lab.host("a").host("r").host("b").lan("left").lan("right");
            lab.link("a", "left", "eth0", "10.9.8.2/24");
            lab.link("r", "left", "eth0", "10.9.8.1/24");
            lab.link("r", "right", "eth1", "10.9.9.1/24");
            lab.link("b", "right", "eth0", "10.9.9.2/24");
            lab.exec("a", "ip", "route", "add", "default", "via", "10.9.8.1").ok();
            lab.exec("b", "ip", "route", "add", "default", "via", "10.9.9.1").ok();
            assertEquals(1, lab.exec("a", "ping", "-c1", "-W1", "10.9.9.2").exitCode(), "no forwarding yet");

            lab.sysctl("r", "net.ipv4.ip_forward", "1");
            assertEquals("1", lab.exec("r", "sysctl", "-n", "net.ipv4.ip_forward").ok().stdout().strip());
            lab.exec("a", "ping", "-c1", "-W1", "10.9.9.2").ok();
        }
        assertEquals(rootForwarding, Commands.run("sysctl", "-n", "net.ipv4.ip_forward").ok().stdout(),
                "the root namespace is never touched");
    }

    @Test
    void directPairConnectsTwoHosts() {
        try (NetLab lab = NetLab.create()) {
            lab.host("a").host("b").pair("a", "to-b", "b", "to-a");
            lab.addAddress("a", "to-b", "10.9.2.1/30").addAddress("b", "to-a", "10.9.2.2/30");
            lab.exec("b", "ping", "-c1", "-W1", "10.9.2.1").ok();
        }
    }

    @Test
    void aFailingTestBodyStillTearsDown() {
        String[] prefix = new String[1];
        AssertionError failure = assertThrows(AssertionError.class, () -> {
            try (NetLab lab = NetLab.create()) {
                prefix[0] = lab.prefix();
                lab.host("a");
                throw new AssertionError("test body failed");
            }
        });
        assertEquals("test body failed", failure.getMessage());
        assertEquals(List.of(), labNamespaces(prefix[0]));
    }

    @Test
    void closeKillsSpawnedProcessesAndStragglersInsideTheNamespaces() throws Exception {
        LabProcess sleeper;
        long straggler;
        try (NetLab lab = NetLab.create()) {
            lab.host("a");
            sleeper = lab.spawn("a", "sleep", "600");
            // A daemon-style process the lab did not spawn itself: started through exec, then detached.
            straggler = Long.parseLong(lab.exec("a", "sh", "-c", "sleep 600 >/dev/null 2>&1 & echo $!").ok().stdout().trim());
            assertTrue(sleeper.isAlive());
            assertTrue(ProcessHandle.of(straggler).isPresent());
        }
        assertFalse(sleeper.isAlive());
        assertFalse(ProcessHandle.of(straggler).map(ProcessHandle::isAlive).orElse(false), "pid " + straggler);
    }

    @Test
    void spawnedProcessOutputCanBeAwaited() throws Exception {
        try (NetLab lab = NetLab.create()) {
            lab.host("a");
            LabProcess echo = lab.spawn("a", "sh", "-c", "echo hello; echo oops >&2; exec sleep 600");
            assertEquals("hello", echo.awaitOutput("hello"::equals, Duration.ofSeconds(30)).orElseThrow());
            assertEquals("oops", echo.awaitOutput("oops"::equals, Duration.ofSeconds(30)).orElseThrow());
            String output = echo.stop();
            assertTrue(output.contains("hello\n") && output.contains("oops\n"), output);
            assertFalse(echo.isAlive());
        }
    }

    @Test
    void staleLabsOfDeadJvmsAreDeletedAndLiveOnesKept() {
        // pid_max is at most 2^22, so this pid can never be alive.
        String stale = "hat9999999x1-stale";
        String live = "hat" + ProcessHandle.current().pid() + "x999-live";
        Commands.run("ip", "netns", "add", stale).ok();
        Commands.run("ip", "netns", "add", live).ok();
        try {
            NetLab.create().close();
            List<String> left = NetLab.listNamespaces();
            assertFalse(left.contains(stale), left.toString());
            assertTrue(left.contains(live), left.toString());
        } finally {
            Commands.run("ip", "netns", "delete", stale);
            Commands.run("ip", "netns", "delete", live);
        }
    }

    @Test
    void manyLabsLeakNoNamespaces() {
        // Other JVMs on this machine make namespaces of their own meanwhile: only this JVM's are counted.
        String ours = LabNames.PREFIX + ProcessHandle.current().pid() + "x";
        for (int i = 0; i < 10; i++) {
            try (NetLab lab = NetLab.create()) {
                lab.host("a").lan("l");
                lab.link("a", "l", "eth0", "10.9.3.1/24");
                assertEquals(2, NetLab.listNamespaces().stream().filter(ns -> ns.startsWith(lab.prefix() + "-")).count());
            }
        }
        assertEquals(List.of(), NetLab.listNamespaces().stream().filter(ns -> ns.startsWith(ours)).toList());
    }

    @Test
    void badInputIsRejectedAndHalfDoneLinksAreRolledBack() {
        try (NetLab lab = NetLab.create()) {
            lab.host("a").lan("l");
            IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> lab.host("a"));
            assertTrue(dup.getMessage().startsWith("host 'a' already exists in lab"), dup.getMessage());
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> lab.link("x", "l", "eth0"));
            assertTrue(unknown.getMessage().startsWith("host 'x' does not exist"), unknown.getMessage());
            IllegalArgumentException wrongKind = assertThrows(IllegalArgumentException.class, () -> lab.link("l", "a", "eth0"));
            assertEquals("host 'l' is a lan: must be a host", wrongKind.getMessage());
            assertThrows(IllegalArgumentException.class, () -> lab.link("a", "l", "much-too-long-name"));

            ExecException badCidr = assertThrows(ExecException.class, () -> lab.link("a", "l", "eth0", "10.9.4.1/24", "not-an-address/99"));
            assertTrue(badCidr.getMessage().startsWith("cannot add address not-an-address/99 to eth0 in host a"), badCidr.getMessage());
            assertEquals(1, lab.exec("a", "ip", "link", "show", "eth0").exitCode(), "eth0 must have been removed");
            assertEquals(List.of("br0"), lab.exec("l", "ip", "-o", "link", "show", "master", "br0").stdoutLines().isEmpty()
                    ? List.of("br0") : List.of("ports left on br0"));

            lab.link("a", "l", "eth0", "10.9.4.1/24");
            assertEquals(List.of("10.9.4.1/24"), lab.addresses("a", "eth0").stream().filter(x -> !x.startsWith("fe80")).toList());
        }
    }

    @Test
    void aClosedLabRefusesWork() {
        NetLab lab = NetLab.create();
        lab.close();
        lab.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> lab.host("a"));
        assertEquals("lab " + lab.prefix() + " is closed", e.getMessage());
    }

    private static List<String> labNamespaces(String prefix) {
        return NetLab.listNamespaces().stream().filter(ns -> ns.startsWith(prefix + "-")).sorted().toList();
    }
}
