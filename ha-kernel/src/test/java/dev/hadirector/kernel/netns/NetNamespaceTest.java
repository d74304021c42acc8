package dev.hadirector.kernel.netns;

import dev.hadirector.testkit.NetLab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.Interfaces;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.rtnetlink.Link;
import dev.hadirector.kernel.rtnetlink.RtnetlinkClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetNamespaceTest {
    private static final Path THREAD_NETNS = Path.of("/proc/thread-self/ns/net");

    @Test
    void unknownNamespaceIsEnoentNamingThePath() {
        KernelException e = assertThrows(KernelException.class, () -> NetNamespace.named("hdk-no-such-namespace"));
        assertEquals("ENOENT", e.errnoName());
        assertEquals("open network namespace /run/netns/hdk-no-such-namespace: ENOENT (No such file or directory)",
                e.getMessage());
    }

    @Test
    void aFileThatIsNotANetworkNamespaceIsRefused() {
        KernelException e = assertThrows(KernelException.class, () -> NetNamespace.at(Path.of("/proc/self/ns/uts")));
        assertEquals("EINVAL", e.errnoName());
        assertEquals("enter network namespace /proc/self/ns/uts", e.operation());
    }

    @Test
    void namesMustBePlainFileNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetNamespace.named("../x"));
        assertEquals("namespace name \"../x\" must be a plain file name", e.getMessage());
    }

    @Test
    void workRunsInsideAndSocketsStayThere() throws Exception {
        try (NetLab lab = NetLab.create()) {
            lab.host("a").lan("sw").link("a", "sw", "nsprobe0");
            NetNamespace ns = NetNamespace.at(lab.nsPath("a"));
            Thread nsThread = ns.call(Thread::currentThread);
            try {
                long nsInode = (Long) Files.getAttribute(lab.nsPath("a"), "unix:ino");
                assertEquals("net:[" + nsInode + "]", ns.call(() -> Files.readSymbolicLink(THREAD_NETNS).toString()));
                assertNotEquals("net:[" + nsInode + "]", Files.readSymbolicLink(THREAD_NETNS).toString(),
                        "the caller's thread stays where it was");
                try (NetNamespace second = NetNamespace.at(lab.nsPath("a"))) {
                    assertNotSame(ns, second, "a handle per holder");
                    assertSame(ns.call(Thread::currentThread), second.call(Thread::currentThread),
                            "one thread per namespace");
                }
                assertEquals("net:[" + nsInode + "]", ns.call(() -> ns.call(() -> Files.readSymbolicLink(THREAD_NETNS)
                        .toString())), "a nested call runs in place instead of deadlocking");
                int index = ns.call(() -> Interfaces.index("nsprobe0"));
                assertEquals("nsprobe0", ns.call(() -> Interfaces.name(index)));

                // Opened inside, used from this thread: still the namespace's view.
                try (RtnetlinkClient rtnl = ns.call(RtnetlinkClient::open)) {
                    assertEquals(List.of("lo", "nsprobe0"), rtnl.links().stream().map(Link::name).sorted().toList());
                }
                IllegalStateException fromInside = assertThrows(IllegalStateException.class,
                        () -> ns.run(() -> {
                            throw new IllegalStateException("from the namespace thread");
                        }));
                assertEquals("from the namespace thread", fromInside.getMessage());
            } finally {
                ns.close();
            }
            NetNamespace again = NetNamespace.at(lab.nsPath("a"));
            try {
                assertNotSame(nsThread, again.call(Thread::currentThread), "a closed namespace gets a new thread");
                assertThrows(IllegalStateException.class, () -> ns.call(() -> 1));
                assertEquals(1, again.call(() -> 1));
            } finally {
                again.close();
            }
        }
    }

    @Test
    void eachHolderClosesOnlyItsOwnHandleAndTheLastOneStopsTheThread() throws Exception {
        try (NetLab lab = NetLab.create()) {
            lab.host("a").lan("sw").link("a", "sw", "nsprobe0");
            NetNamespace application = NetNamespace.named(lab.nsName("a"));
            NetNamespace library = NetNamespace.named(lab.nsName("a"));
            try {
                Thread shared = application.call(Thread::currentThread);
                assertSame(shared, library.call(Thread::currentThread));

                application.close();
                IllegalStateException closed = assertThrows(IllegalStateException.class, () -> application.call(() -> 1));
                assertEquals("network namespace " + lab.nsPath("a") + " is closed", closed.getMessage());
                assertSame(shared, library.call(Thread::currentThread), "the other holder keeps the thread");
                assertEquals("nsprobe0", library.call(() -> Interfaces.name(Interfaces.index("nsprobe0"))));
                try (RtnetlinkClient rtnl = library.call(RtnetlinkClient::open)) {
                    assertEquals(List.of("lo", "nsprobe0"), rtnl.links().stream().map(Link::name).sorted().toList());
                }

                application.close();
                assertSame(shared, library.call(Thread::currentThread), "a second close of one handle is harmless");

                try (NetNamespace third = NetNamespace.named(lab.nsName("a"))) {
                    assertSame(shared, third.call(Thread::currentThread), "a new holder joins the live thread");
                }
                assertTrue(shared.isAlive(), "closing the newcomer leaves the library its thread");
                library.close();
                shared.join(10_000);
                assertFalse(shared.isAlive(), "the last holder's close stops the thread");
                library.close();
            } finally {
                application.close();
                library.close();
            }
        }
    }
}
