package dev.hadirector.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.DirectorListener;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.checks.lvs.LoadBalancer;
import dev.hadirector.checks.lvs.LoadBalancerListener;
import dev.hadirector.ipvs.reconcile.ReconcileResult;
import dev.hadirector.testkit.Waiting;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real peer on loopback: Debian's aiosmtpd receives what the client sends (envelope, headers, body, dots), and
 * the alerts of a real server going down and up under a real TCP check reach it through the load balancer's
 * listener (the table is a fake: this host has no IPVS).
 */
class AiosmtpdPeerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Process server;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        Aiosmtpd.require();
        port = Aiosmtpd.freePort();
        server = new ProcessBuilder(Aiosmtpd.command("127.0.0.1", port, dir.resolve("mail")))
                .redirectErrorStream(true).redirectOutput(dir.resolve("aiosmtpd.log").toFile()).start();
        until("aiosmtpd listening on " + port, () -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
    }

    private static void until(String what, BooleanSupplier condition) throws InterruptedException {
        Waiting.until(what, WAIT, condition);
    }

    private List<Aiosmtpd.Message> mails(int atLeast) throws Exception {
        until(atLeast + " mails in " + dir, () -> {
            try {
                return Aiosmtpd.messages(dir.resolve("mail")).size() >= atLeast;
            } catch (IOException e) {
                return false;
            }
        });
        return Aiosmtpd.messages(dir.resolve("mail"));
    }

    @Test
    void theServerStoresExactlyWhatTheClientSent() throws Exception {
        SmtpClient client = new SmtpClient(SocketOpener.HERE, "127.0.0.1", port, Duration.ofSeconds(10), "lb1.test");
        ZonedDateTime when = ZonedDateTime.now(Clock.systemDefaultZone()).withNano(0);
        List<String> refused = client.send(new MailMessage("director@example.com",
                List.of("ops@example.com", "oncall@example.org"), "[LVS_1] VRRP Instance VI_1 - Entering MASTER state",
                "=> VRRP Instance is now owning VRRP VIPs <=\n.a line with a leading dot", when));
        assertEquals(List.of(), refused);
        Aiosmtpd.Message m = mails(1).get(0);
        assertEquals("[LVS_1] VRRP Instance VI_1 - Entering MASTER state", m.subject());
        assertEquals("director@example.com", m.headers().get("From"));
        assertEquals("director@example.com", m.headers().get("X-MailFrom"));
        assertEquals("ops@example.com, oncall@example.org", m.headers().get("To"));
        assertEquals("ops@example.com,oncall@example.org", m.headers().get("X-RcptTo").replace(" ", ""));
        assertEquals(MailMessage.DATE.format(when), m.headers().get("Date"));
        assertEquals("=> VRRP Instance is now owning VRRP VIPs <=\n.a line with a leading dot\n", m.body());
    }

    @Test
    void aRealServerGoingDownAndUpIsMailed() throws Exception {
        try (ServerSocket realServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int rsPort = realServer.getLocalPort();
            Thread acceptor = new Thread(() -> {
                while (!realServer.isClosed()) {
                    try {
                        realServer.accept().close();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "real-server");
            acceptor.setDaemon(true);
            acceptor.start();
            RealServer rs = RealServer.of("127.0.0.1", rsPort).check(HealthCheck.tcp()
                    .every(Duration.ofMillis(200)).connectTimeout(Duration.ofSeconds(1)).retry(0).build()).build();
            VirtualServer vs = VirtualServer.tcp("10.0.0.1", 80).realServer(rs).build();
            SmtpAlerts settings = SmtpAlerts.builder().to("ops@example.com").from("director@example.com")
                    .server("127.0.0.1", port).routerId("LVS_1").build();
            try (AlertSender sender = new AlertSender(settings, SmtpClient.of(settings, SocketOpener.HERE),
                    Clock.systemDefaultZone(), Duration.ofSeconds(10), "alerts")) {
                DirectorListener alerts = new SmtpAlertListener(settings, List.of(), sender::submit);
                try (LoadBalancer lb = LoadBalancer.builder(List.of(vs),
                                desired -> new ReconcileResult(List.of(), List.of(), List.of()))
                        .listener(new LoadBalancerListener() {
                            @Override
                            public void onRealServerUp(RealServerEvent event) {
                                alerts.realServerUp(event);
                            }

                            @Override
                            public void onRealServerDown(RealServerEvent event) {
                                alerts.realServerDown(event);
                            }
                        }).start()) {
                    realServer.close(); // the port stops answering: the check fails, the server goes down
                    String where = "Realserver [127.0.0.1]:tcp:" + rsPort + " of virtual server [10.0.0.1]:tcp:80";
                    Aiosmtpd.Message down = mails(1).get(0);
                    assertEquals("[LVS_1] " + where + " - DOWN", down.subject());
                    assertEquals("=> TCP CHECK failed on service <=\n", down.body());
                    try (ServerSocket again = new ServerSocket()) {
                        again.setReuseAddress(true);
                        again.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), rsPort), 50);
                        Aiosmtpd.Message up = mails(2).get(1);
                        assertEquals("[LVS_1] " + where + " - UP", up.subject());
                        assertEquals("=> TCP CHECK succeed on service <=\n", up.body());
                    }
                }
            }
            assertTrue(Aiosmtpd.messages(dir.resolve("mail")).size() >= 2);
        }
    }
}
