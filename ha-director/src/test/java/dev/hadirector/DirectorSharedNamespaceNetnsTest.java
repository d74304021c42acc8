package dev.hadirector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.kernel.rtnetlink.Link;
import dev.hadirector.kernel.rtnetlink.RtnetlinkClient;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Several directors, and the application's own handles, in one namespace of one JVM share its namespace thread:
 * closing one must leave the others their namespace (issue #6: close() used to stop the shared thread under the
 * others' feet, and an application closing its own handle still could), and the last one out must release it.
 */
class DirectorSharedNamespaceNetnsTest {

    private static VrrpInstance.Builder instance(String name, int vrid, String vip) {
        return VrrpInstance.builder(name).iface("eth0").virtualRouterId(vrid).priority(150)
                .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100))
                .virtualAddress(vip + "/24").garpMasterDelay(Duration.ZERO);
    }

    private static List<Thread> namespaceThreads(String nsName) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("netns-" + nsName + "-")).toList();
    }

    /** A lab with one namespace, "dir", whose eth0 on lan0 has {@code address}. */
    private static NetLab directorLab(String address) {
        NetLab lab = NetLab.create();
        try {
            lab.lan("lan0").host("dir");
            lab.link("dir", "lan0", "eth0", address);
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    @Test
    void closingOneDirectorLeavesTheOtherItsNamespaceAndTheLastOneReleasesIt() throws Exception {
        Rig.requireNetns();
        try (NetLab lab = directorLab("10.87.0.1/24")) {
            String ns = lab.nsName("dir");
            Director first = Director.builder().namespace(ns).vrrp(instance("VI_A", 71, "10.87.0.100")).start();
            Director second = Director.builder().namespace(ns).vrrp(instance("VI_B", 72, "10.87.0.101")).start();
            try {
                Await.until("both master", () -> first.vrrp("VI_A").state() == VrrpState.MASTER
                        && second.vrrp("VI_B").state() == VrrpState.MASTER, () -> first + " / " + second);
                List<Thread> shared = namespaceThreads(ns);
                assertEquals(1, shared.size(), "one namespace thread for both directors: " + shared);

                first.close();
                assertEquals(shared, namespaceThreads(ns), "the second director still holds the namespace thread");
                assertEquals(VrrpState.MASTER, second.vrrp("VI_B").state());
                List<String> addresses = lab.addresses("dir", "eth0");
                assertFalse(addresses.contains("10.87.0.100/24"), "first VIP removed: " + addresses);
                assertTrue(addresses.contains("10.87.0.101/24"), "second VIP kept: " + addresses);

                // A director started now shares the live thread instead of finding it closed.
                try (Director third = Director.builder().namespace(ns)
                        .vrrp(instance("VI_C", 73, "10.87.0.102")).start()) {
                    Await.until("third master", () -> third.vrrp("VI_C").state() == VrrpState.MASTER, third::toString);
                    assertEquals(shared, namespaceThreads(ns));
                }
                assertEquals(shared, namespaceThreads(ns), "closing the third leaves the second its thread");
            } finally {
                first.close();
                second.close();
            }
            Await.until("namespace thread released by the last director", () -> namespaceThreads(ns).isEmpty(),
                    () -> namespaceThreads(ns).toString());
        }
    }

    @Test
    void directorsStartingAndClosingConcurrentlyInOneNamespaceNeverFindItClosed() throws Exception {
        Rig.requireNetns();
        try (NetLab lab = directorLab("10.88.0.1/24")) {
            String ns = lab.nsName("dir");
            int workers = 4;
            int rounds = 6;
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    int worker = w;
                    done.add(pool.submit(() -> {
                        for (int r = 0; r < rounds; r++) {
                            try (Director d = Director.builder().namespace(ns).vrrp(instance("VI_" + worker,
                                    80 + worker, "10.88.0." + (100 + worker))).start()) {
                                d.vrrp("VI_" + worker).state();
                            } catch (RuntimeException e) {
                                failures.add("worker " + worker + " round " + r + ": " + e);
                            }
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(List.of(), failures);
            Await.until("namespace thread released", () -> namespaceThreads(ns).isEmpty(),
                    () -> namespaceThreads(ns).toString());
        }
    }

    @Test
    void anApplicationClosingItsOwnHandleFirstLeavesTheDirectorItsNamespace() throws Exception {
        Rig.requireNetns();
        try (NetLab lab = directorLab("10.89.0.1/24")) {
            String ns = lab.nsName("dir");
            NetNamespace application = NetNamespace.named(ns);
            Director director = null;
            try {
                Thread shared = application.call(Thread::currentThread);
                director = Director.builder().namespace(ns).vrrp(instance("VI_A", 91, "10.89.0.100")).start();
                Director d = director;
                Await.until("master", () -> d.vrrp("VI_A").state() == VrrpState.MASTER, d::toString);
                assertEquals(List.of(shared), namespaceThreads(ns), "the director joins the application's thread");

                application.close();
                application.close();
                assertEquals(List.of(shared), namespaceThreads(ns), "the director still holds the namespace thread");
                // New sockets and rtnetlink calls in the namespace still go through that thread.
                ReloadSummary summary = d.reload(Director.builder().namespace(ns)
                        .vrrp(instance("VI_A", 91, "10.89.0.100")).vrrp(instance("VI_B", 92, "10.89.0.101")));
                assertFalse(summary.unchanged(), summary::toString);
                Await.until("added instance master", () -> d.vrrp("VI_B").state() == VrrpState.MASTER, d::toString);
                Await.until("both VIPs in the namespace", () -> lab.addresses("dir", "eth0")
                        .containsAll(List.of("10.89.0.100/24", "10.89.0.101/24")), () -> lab.addresses("dir", "eth0")
                        .toString());
                assertEquals(VrrpState.MASTER, d.vrrp("VI_A").state());

                director.close();
                Await.until("namespace thread released by the director, its last holder",
                        () -> namespaceThreads(ns).isEmpty(), () -> namespaceThreads(ns).toString());
                List<String> addresses = lab.addresses("dir", "eth0");
                assertFalse(addresses.contains("10.89.0.100/24") || addresses.contains("10.89.0.101/24"),
                        "VIPs removed on close: " + addresses);
            } finally {
                application.close();
                if (director != null) {
                    director.close();
                }
            }
        }
    }

    @Test
    void aDirectorClosingFirstLeavesTheApplicationItsHandle() throws Exception {
        Rig.requireNetns();
        try (NetLab lab = directorLab("10.90.0.1/24")) {
            String ns = lab.nsName("dir");
            try (NetNamespace application = NetNamespace.named(ns)) {
                Thread shared = application.call(Thread::currentThread);
                try (Director d = Director.builder().namespace(ns).vrrp(instance("VI_A", 93, "10.90.0.100")).start()) {
                    Await.until("master", () -> d.vrrp("VI_A").state() == VrrpState.MASTER, d::toString);
                    d.close();
                    d.close();
                }
                assertEquals(List.of(shared), namespaceThreads(ns), "the application still holds the namespace thread");
                assertSame(shared, application.call(Thread::currentThread));
                try (RtnetlinkClient rtnl = application.call(RtnetlinkClient::open)) {
                    assertEquals(List.of("eth0", "lo"), rtnl.links().stream().map(Link::name).sorted().toList(),
                            "the application's rtnetlink socket opened after the director closed sees the namespace");
                }
            }
            Await.until("namespace thread released by the application, its last holder",
                    () -> namespaceThreads(ns).isEmpty(), () -> namespaceThreads(ns).toString());
        }
    }
}
