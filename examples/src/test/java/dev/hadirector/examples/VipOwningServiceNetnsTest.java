package dev.hadirector.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpServer;

import dev.hadirector.Director;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import org.junit.jupiter.api.Test;

/**
 * The VIP-owning service on the host kernel (VRRP only, no IPVS): writes are refused until it is master, accepted while
 * it holds the VIP in its namespace, and refused again once its director has stopped.
 */
class VipOwningServiceNetnsTest {

    @Test
    void writesFollowTheVip() throws Exception {
        Rig.requireNetns();
        VipOwningService service = new VipOwningService();
        HttpServer http = service.serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        HttpClient client = HttpClient.newHttpClient();
        URI notes = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/notes");
        try (NetLab lab = NetLab.create()) {
            lab.lan("lan").host("svc").link("svc", "lan", "eth0", "10.0.0.1/24");
            assertEquals(503, post(client, notes, "before").statusCode(), "not master yet: writes refused");

            Director director = service.startDirector(ExampleArgs.parse("--namespace", lab.nsName("svc"),
                    "--iface", "eth0", "--vip", "10.0.0.100/24"));
            try {
                assertTrue(eventually(service::writable), "alone on its LAN it becomes master and accepts writes");
                assertTrue(lab.addresses("svc", "eth0").contains("10.0.0.100/24"), lab.addresses("svc", "eth0").toString());
                assertEquals(201, post(client, notes, "while master").statusCode());
                HttpResponse<String> read = client.send(HttpRequest.newBuilder(notes).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals("while master\n", read.body());
            } finally {
                director.close();
            }
            assertFalse(service.writable(), "the listener refuses writes as soon as the node leaves master");
            assertEquals(503, post(client, notes, "after").statusCode());
            assertFalse(lab.addresses("svc", "eth0").contains("10.0.0.100/24"), "VIP removed at close");
        } finally {
            http.stop(0);
        }
    }

    private static HttpResponse<String> post(HttpClient client, URI uri, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls for up to 15 s: a lone VRRP router waits about three advert intervals before it becomes master. */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
