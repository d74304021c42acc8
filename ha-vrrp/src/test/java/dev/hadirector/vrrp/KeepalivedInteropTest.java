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
import dev.hadirector.vrrp.time.RealEventLoop;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interop, both directions: our {@link VrrpRouter} (on the real event loop) and Debian's keepalived share one
 * VRID on a LAN made of namespaces (v2 with PASS authentication at 1 s; v3 over IPv4 and over IPv6 at 500 ms). Until ha-kernel provides the VRRP socket, our adverts leave through a
 * small raw-socket pipe (python3, sending the bytes our codec wrote) and keepalived's reach us through a
 * tcpdump capture fed to {@link VrrpRouter#receive}. Checked: keepalived yields to our higher priority (it
 * accepted our adverts, checksum and authentication included); it takes over when we stop (our priority-0
 * advert); and our lower-priority router stays backup behind keepalived.
 */
class KeepalivedInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** What the shared VRID speaks. v3 runs at 500 ms: the capture path adds latency on a busy machine. */
    enum Mode {
        V2_PASS(2, 1000, "10.77.0.100/24"),
        V3_IPV4(3, 500, "10.77.0.100/24"),
        V3_IPV6(3, 500, "2001:db8:77::100/64");

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
        Rig.requireCommand("tcpdump");
        Rig.requireCommand("python3");
        Rig.requireCommand("mkfifo");
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
                """.formatted(mode.version, v2 ? "1" : "0.5",
                v2 ? "authentication {\n    auth_type PASS\n    auth_pass hadpass\n  }" : "", mode.vip);
        Files.writeString(dir.resolve("keepalived.conf"), conf);
        Path fifo = dir.resolve("adverts.fifo");
        Path pcap = dir.resolve("us.pcap");
        Path sender = dir.resolve("raw_sender.py");
        try (InputStream script = getClass().getResourceAsStream("/interop/raw_sender.py")) {
            Files.write(sender, script.readAllBytes());
        }

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
            // --immediate-mode: without it the kernel hands packets to tcpdump in blocks up to a second late,
            // longer than a v3 Master_Down_Interval. -Q in: only what reaches us, i.e. keepalived's adverts.
            LabProcess tcpdump = lab.spawn("us", "tcpdump", "-n", "-U", "--immediate-mode", "-Q", "in", "-i", "eth0",
                    "-w", pcap.toString(), "ip proto 112 or ip6 proto 112");
            await(tcpdump.awaitOutput(l -> l.contains("listening on"), WAIT).isPresent(), "tcpdump listening",
                    tcpdump);
            LabProcess keepalived = lab.spawn("ka", "keepalived", "-n", "-l", "-P", "-f",
                    dir.resolve("keepalived.conf").toString(), "-p", dir.resolve("k.pid").toString(),
                    "-r", dir.resolve("v.pid").toString());
            await(keepalived.awaitOutput(l -> l.contains("Entering MASTER STATE"), WAIT).isPresent(),
                    "keepalived alone becomes master", keepalived);

            lab.exec("us", "mkfifo", fifo.toString()).ok();
            LabProcess pipe = lab.spawn("us", "python3", sender.toString(), fifo.toString(), primary, "eth0");
            await(pipe.awaitOutput(l -> l.equals("opening"), WAIT).isPresent(), "raw sender started", pipe);

            // Opening a FIFO blocks until the reader opens it too: bound the wait in case the sender died.
            FileOutputStream fifoOut = CompletableFuture.supplyAsync(() -> {
                try {
                    return new FileOutputStream(fifo.toFile());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            try (DataOutputStream toWire = new DataOutputStream(fifoOut);
                 RealEventLoop loop = new RealEventLoop("vrrp-interop")) {
                await(pipe.awaitOutput(l -> l.equals("ready"), WAIT).isPresent(), "raw sender ready", pipe);
                AdvertSender wire = (destination, payload, offset, length) -> {
                    byte[] bytes = new byte[length];
                    payload.get(offset, bytes);
                    try {
                        toWire.writeShort(length);
                        toWire.writeByte(destination.getAddress().length);
                        toWire.write(destination.getAddress());
                        toWire.write(bytes);
                        toWire.flush();
                    } catch (IOException e) {
                        throw new IllegalStateException("raw sender pipe: " + e.getMessage(), e);
                    }
                };
                CaptureFeed feed = new CaptureFeed(pcap, loop);

                // 1. We outrank keepalived: it must accept our adverts and step back.
                // (keepalived logs "Entering BACKUP STATE" once at startup already: count, do not just search.)
                int backupsBefore = count(keepalived, "Entering BACKUP STATE");
                VrrpRouter high = router(loop, wire, mode, primary, 200);
                feed.deliverTo(high);
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

                // 3. Lower priority: we stay backup behind keepalived, hearing its adverts.
                VrrpRouter low = router(loop, wire, mode, primary, 50);
                feed.deliverTo(low);
                onLoop(loop, low::start);
                Thread.sleep(5 * intervalMillis); // beyond our Master_Down_Interval; the assertion is on the outcome
                awaitCondition(() -> onLoopGet(loop, low::advertsAccepted) >= 3, "adverts from keepalived accepted",
                        keepalived);
                assertEquals(VrrpState.BACKUP, onLoopGet(loop, low::state), () -> "accepted "
                        + onLoopGet(loop, low::advertsAccepted) + ", discards " + onLoopGet(loop,
                        () -> low.discards().toString()) + "; keepalived said:\n" + keepalived.output());
                assertEquals(0, onLoopGet(loop, () -> low.discards().total()),
                        "discards: " + onLoopGet(loop, () -> low.discards().toString()));
                assertTrue(lastState(keepalived).contains("MASTER"), keepalived.output());
                onLoop(loop, low::stop);
                feed.close();
            }
        }
    }

    private static VrrpRouter router(RealEventLoop loop, AdvertSender wire, Mode mode, String primary,
                                     int priority) {
        VrrpInstance.Builder b = VrrpInstance.builder("VI_INTEROP").iface("eth0").virtualRouterId(60)
                .priority(priority).virtualAddress(mode.vip);
        if (mode.version == 2) {
            b.authPass("hadpass");
        } else {
            b.version(VrrpVersion.V3).advertInterval(Duration.ofMillis(mode.intervalMillis));
        }
        return new VrrpRouter(b.build(), Vip.parseAddress(primary), loop, wire, new VipManager() {
            @Override
            public void add(List<Vip> vips) {
                // Addresses are ha-kernel's business; this test is about the protocol on the wire.
            }

            @Override
            public void remove(List<Vip> vips) {
            }
        }, vips -> { });
    }

    /** Polls the growing capture and hands keepalived's adverts to the current router on its loop. */
    private static final class CaptureFeed implements AutoCloseable {
        private final Thread thread;
        private volatile VrrpRouter target;
        private volatile boolean running = true;

        CaptureFeed(Path pcap, RealEventLoop loop) {
            thread = new Thread(() -> {
                int delivered = 0;
                while (running) {
                    try {
                        if (Files.exists(pcap)) {
                            List<CapturedPackets.Packet> packets = CapturedPackets.read(Files.readAllBytes(pcap));
                            for (; delivered < packets.size(); delivered++) {
                                CapturedPackets.Packet p = packets.get(delivered);
                                VrrpRouter r = target;
                                if (r != null) {
                                    loop.execute(() -> r.receive(ByteBuffer.wrap(p.payload()), 0,
                                            p.payload().length, p.ttl(), p.source(), p.destination()));
                                }
                            }
                        }
                        Thread.sleep(20);
                    } catch (IOException e) {
                        // A capture file caught mid-write is read again on the next round.
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "interop-capture-feed");
            thread.setDaemon(true);
            thread.start();
        }

        void deliverTo(VrrpRouter router) {
            target = router;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(10_000);
        }
    }

    private static void onLoop(RealEventLoop loop, Runnable action) throws Exception {
        onLoopGet(loop, () -> {
            action.run();
            return null;
        });
    }

    private static <T> T onLoopGet(RealEventLoop loop, java.util.function.Supplier<T> action) {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(action.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
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
