package dev.hadirector.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.testkit.LabProcess;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.vrrp.kernel.VrrpSocket;
import dev.hadirector.vrrp.time.RealEventLoop;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interop, both directions: our {@link VrrpRouter} (on the real event loop) and Debian's keepalived share one
 * VRID on a LAN made of namespaces (v2 with PASS authentication at 1 s; v3 over IPv4 and over IPv6 at
 * 250 ms). Our adverts go out and keepalived's come in through {@link VrrpSocket} (ha-kernel's raw socket)
 * opened in our namespace. Checked: keepalived yields to our higher priority
 * (it accepted our adverts, checksum and authentication included); it takes over when we stop (our
 * priority-0 advert); and our lower-priority router stays backup behind keepalived, validating every advert
 * it hears.
 */
class KeepalivedInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** What the shared VRID speaks. v3 runs at 250 ms, leaving headroom for a busy machine. */
    enum Mode {
        V2_PASS(2, 1000, "10.77.0.100/24"),
        V3_IPV4(3, 250, "10.77.0.100/24"),
        V3_IPV6(3, 250, "2001:db8:77::100/64");

        final int version;
        final long intervalMillis;
        final String vip;

        Mode(int version, long intervalMillis, String vip) {
            this.version = version;
            this.intervalMillis = intervalMillis;
            this.vip = vip;
        }

        boolean ipv6() {
            return vip.contains(":");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void sharesAVridWithKeepalived(Mode mode) throws Exception {
        Rig.requireNetns();
        Rig.requireCommand("keepalived");
        boolean v2 = mode.version == 2;
        long intervalMillis = mode.intervalMillis;
        String conf = """
                global_defs {
                  router_id ka
                }
                vrrp_instance VI_INTEROP {
                  version %d
                  state BACKUP
                  interface eth0
                  virtual_router_id 60
                  priority 100
                  advert_int %s
                  %s
                  virtual_ipaddress {
                    %s
                  }
                }
                """.formatted(mode.version, v2 ? "1" : "0.25",
                v2 ? "authentication {\n    auth_type PASS\n    auth_pass hadpass\n  }" : "", mode.vip);
        Files.writeString(dir.resolve("keepalived.conf"), conf);
        try (NetLab lab = NetLab.create()) {
            lab.host("ka").host("us").lan("lan0");
            for (String host : List.of("ka", "us")) {
                // Link-local addresses usable at once: IPv6 VRRP is sent from them.
                lab.sysctl(host, "net.ipv6.conf.default.accept_dad", "0");
                lab.sysctl(host, "net.ipv6.conf.all.accept_dad", "0");
            }
            lab.link("ka", "lan0", "eth0", "10.77.0.1/24");
            lab.link("us", "lan0", "eth0", "10.77.0.2/24");
            String primary = mode.ipv6() ? linkLocal(lab, "us") : "10.77.0.2";
            LabProcess keepalived = lab.spawn("ka", "keepalived", "-n", "-l", "-P", "-f",
                    dir.resolve("keepalived.conf").toString(), "-p", dir.resolve("k.pid").toString(),
                    "-r", dir.resolve("v.pid").toString());
            await(keepalived.awaitOutput(l -> l.contains("Entering MASTER STATE"), WAIT).isPresent(),
                    "keepalived alone becomes master", keepalived);

            InetAddress us = Vip.parseAddress(primary);
            try (NetNamespace ns = NetNamespace.named(lab.nsName("us"));
                 RealEventLoop loop = new RealEventLoop("vrrp-interop")) {
                // 1. We outrank keepalived: it must accept our adverts and step back.
                // (keepalived logs "Entering BACKUP STATE" once at startup already: count, do not just search.)
                int backupsBefore = count(keepalived, "Entering BACKUP STATE");
                VrrpInstance highSpec = spec(mode, 200);
                try (VrrpSocket socket = VrrpSocket.open(highSpec, us, ns)) {
                    VrrpRouter high = router(loop, socket, highSpec, us);
                    socket.startReceiving(high, loop);
                    onLoop(loop, high::start);
                    awaitState(loop, high, VrrpState.MASTER);
                    awaitCondition(() -> count(keepalived, "Entering BACKUP STATE") > backupsBefore,
                            "keepalived yielding to our priority 200", keepalived);
                    Thread.sleep(4 * intervalMillis); // beyond its Master_Down_Interval: it must stay backup
                    assertEquals(VrrpState.MASTER, onLoopGet(loop, high::state));
                    assertTrue(lastState(keepalived).contains("BACKUP"), keepalived.output());

                    // 2. We resign (priority 0): keepalived takes over.
                    int mastersBefore = count(keepalived, "Entering MASTER STATE");
                    onLoop(loop, high::stop);
                    awaitCondition(() -> count(keepalived, "Entering MASTER STATE") > mastersBefore,
                            "keepalived takes over after our priority-0 advert", keepalived);
                }

                // 3. Lower priority: we stay backup behind keepalived, hearing its adverts.
                VrrpInstance lowSpec = spec(mode, 50);
                try (VrrpSocket socket = VrrpSocket.open(lowSpec, us, ns)) {
                    VrrpRouter low = router(loop, socket, lowSpec, us);
                    socket.startReceiving(low, loop);
                    onLoop(loop, low::start);
                    Thread.sleep(5 * intervalMillis); // beyond our Master_Down_Interval; asserting the outcome
                    awaitCondition(() -> onLoopGet(loop, low::advertsAccepted) >= 3,
                            "adverts from keepalived accepted", keepalived);
                    assertEquals(VrrpState.BACKUP, onLoopGet(loop, low::state), () -> "accepted "
                            + onLoopGet(loop, low::advertsAccepted) + ", discards " + onLoopGet(loop,
                            () -> low.discards().toString()) + "; keepalived said:\n" + keepalived.output());
                    assertEquals(0, onLoopGet(loop, () -> low.discards().total()),
                            "discards: " + onLoopGet(loop, () -> low.discards().toString()));
                    assertEquals(0, socket.overloadDrops());
                    assertTrue(lastState(keepalived).contains("MASTER"), keepalived.output());
                    onLoop(loop, low::stop);
                }
            }
        }
    }

    private static VrrpInstance spec(Mode mode, int priority) {
        VrrpInstance.Builder b = VrrpInstance.builder("VI_INTEROP").iface("eth0").virtualRouterId(60)
                .priority(priority).virtualAddress(mode.vip);
        if (mode.version == 2) {
            b.authPass("hadpass");
        } else {
            b.version(VrrpVersion.V3).advertInterval(Duration.ofMillis(mode.intervalMillis));
        }
        return b.build();
    }

    private static VrrpRouter router(RealEventLoop loop, AdvertSender wire, VrrpInstance spec, InetAddress us) {
        return new VrrpRouter(spec, us, loop, wire, new VipManager() {
            @Override
            public void add(List<Vip> vips) {
                // Addresses are ha-kernel's business; this test is about the protocol on the wire.
            }

            @Override
            public void remove(List<Vip> vips) {
            }
        }, vips -> { });
    }

    private static void onLoop(RealEventLoop loop, Runnable action) throws Exception {
        onLoopGet(loop, () -> {
            action.run();
            return null;
        });
    }

    private static <T> T onLoopGet(RealEventLoop loop, java.util.function.Supplier<T> action) {
        try {
            return LoopCall.onLoop(loop, action);
        } catch (Exception e) {
            throw new AssertionError("event loop call failed: " + e, e);
        }
    }

    private static void awaitState(RealEventLoop loop, VrrpRouter router, VrrpState wanted) throws Exception {
        awaitCondition(() -> onLoopGet(loop, router::state) == wanted, "our router " + wanted, null);
    }

    private static void awaitCondition(BooleanSupplier condition, String what, LabProcess context)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + WAIT.toSeconds() + " s"
                        + (context == null ? "" : "; " + context + " said:\n" + context.output()));
            }
            Thread.sleep(50);
        }
    }

    private static void await(boolean happened, String what, LabProcess context) {
        if (!happened) {
            fail("no " + what + " within " + WAIT.toSeconds() + " s; " + context + " said:\n" + context.output());
        }
    }

    /** The fe80:: address of eth0 in {@code host}, without its prefix length. */
    private static String linkLocal(NetLab lab, String host) {
        return lab.addresses(host, "eth0").stream().filter(a -> a.startsWith("fe80:")).map(a -> a.split("/")[0])
                .findFirst().orElseThrow(() -> new AssertionError("no link-local address on eth0 of " + host));
    }

    private static String lastState(LabProcess process) {
        String last = "";
        for (String l : process.output().split("\n")) {
            if (l.contains("Entering ") && l.contains(" STATE")) {
                last = l;
            }
        }
        return last;
    }

    private static int count(LabProcess process, String text) {
        return (int) Arrays.stream(process.output().split("\n")).filter(l -> l.contains(text)).count();
    }
}
