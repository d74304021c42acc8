package dev.hadirector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.checks.lvs.LoadBalancerListener;
import dev.hadirector.testkit.LabProcess;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Director with IPVS, inside User-Mode-Linux: the virtual server is programmed, a real server that
 * stops answering its TCP check leaves the table (the listener hears it on the director's loop) and comes
 * back, and close() removes the service and the VIP.
 */
@Tag("uml")
class DirectorIpvsUmlTest {
    @Test
    void healthChecksDriveTheTableAndCloseRemovesWhatTheDirectorAdded() throws Exception {
        Rig.requireIpvs();
        Rig.requireCommand("ipvsadm");
        try (NetLab lab = NetLab.create()) {
            lab.lan("lan0").host("dir").host("rs");
            lab.link("dir", "lan0", "eth0", "10.85.0.1/24");
            lab.link("rs", "lan0", "eth0", "10.85.0.5/24");
            LabProcess server = lab.spawn("rs", "python3", "-m", "http.server", "8080", "--bind", "10.85.0.5");
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            VirtualServer vs = VirtualServer.tcp("10.85.0.100", 80)
                    .realServer(RealServer.of("10.85.0.5", 8080).check(HealthCheck.tcp()
                            .every(Duration.ofMillis(500)).connectTimeout(Duration.ofSeconds(1)).build()))
                    .build();
            try (Director d = Director.builder().namespace(lab.nsName("dir"))
                    .vrrp(VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(61).version(VrrpVersion.V3)
                            .advertInterval(Duration.ofMillis(100)).virtualAddress("10.85.0.100/24"))
                    .virtualServer(vs)
                    .listener(new DirectorListener() {
                        @Override
                        public void realServerDown(LoadBalancerListener.RealServerEvent e) {
                            events.add(Thread.currentThread().getName() + " down " + e.realServer().port());
                        }

                        @Override
                        public void realServerUp(LoadBalancerListener.RealServerEvent e) {
                            events.add(Thread.currentThread().getName() + " up " + e.realServer().port());
                        }
                    }).start()) {
                Await.until("master", () -> d.vrrp("VI_1").state() == VrrpState.MASTER, d::toString);
                Await.until("service and real server in the table", () -> ipvsadm(lab).contains("10.85.0.100:80")
                        && ipvsadm(lab).contains("10.85.0.5:8080"), () -> ipvsadm(lab));
                Await.until("real server UP", () -> d.virtualServers().get(0).realServers().get(0).health()
                        == RealServerStatus.Health.UP, d::snapshotJson);
                server.stop();
                Await.until("real server out of the table", () -> !ipvsadm(lab).contains("10.85.0.5:8080"),
                        () -> ipvsadm(lab));
                String loopName = "director-" + lab.nsName("dir");
                Await.until("down event on the loop", () -> events.contains(loopName + " down 8080"), events::toString);
                lab.spawn("rs", "python3", "-m", "http.server", "8080", "--bind", "10.85.0.5");
                Await.until("real server back", () -> ipvsadm(lab).contains("10.85.0.5:8080"), () -> ipvsadm(lab));
                Await.until("up event", () -> events.contains(loopName + " up 8080"), events::toString);
                assertTrue(d.snapshotJson().contains("\"health\":\"UP\""), d.snapshotJson());
                d.close();
                assertFalse(ipvsadm(lab).contains("10.85.0.100:80"), "service removed on close: " + ipvsadm(lab));
                assertFalse(lab.addresses("dir", "eth0").contains("10.85.0.100/24"));
            }
        }
    }

    private static String ipvsadm(NetLab lab) {
        return lab.exec("dir", "ipvsadm", "-Ln").ok().stdout();
    }
}
