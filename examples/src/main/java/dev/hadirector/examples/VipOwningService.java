package dev.hadirector.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.hadirector.Director;
import dev.hadirector.DirectorListener;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.api.VrrpTransition;

/**
 * Shows a Java service that owns a VIP itself, the active/passive pattern without keepalived: two copies run on two
 * machines with the same VRID; the one that is VRRP master holds the VIP and accepts writes, the other answers reads
 * but refuses writes with 503 until it becomes master. The switch happens in the director's listener, before the VIP
 * is removed when leaving master, so no write is accepted by a node that no longer owns the address.
 *
 * <p>Run as root: {@code VipOwningService --iface eth0 --vip 192.168.1.200/24}; then {@code curl -X POST -d x
 * http://192.168.1.200:8080/notes} and {@code curl http://192.168.1.200:8080/notes}.
 */
public final class VipOwningService {

    static final int HTTP_PORT = 8080;
    static final int VRID = 52;

    private final AtomicBoolean writable = new AtomicBoolean();
    private final List<String> notes = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Examples.requireRootOrExit("VipOwningService");
        ExampleArgs options = Examples.parseOrExit("VipOwningService", args);
        VipOwningService service = new VipOwningService();
        HttpServer http = service.serve(new InetSocketAddress(HTTP_PORT));
        try (Director director = service.startDirector(options)) {
            Examples.closeOnExit(director);
            System.out.println("serving on port " + HTTP_PORT + "; writes accepted while this node is VRRP master");
            options.awaitEnd();
        } finally {
            http.stop(0);
        }
    }

    /** The director that tells this service whether it owns the VIP. */
    Director startDirector(ExampleArgs options) {
        Director.Builder builder = Director.builder()
                .vrrp(VrrpInstance.builder("SERVICE")
                        .iface(options.iface())
                        .virtualRouterId(VRID)
                        .priority(100)
                        // Below one second needs VRRP v3 (centisecond intervals); v2, keepalived's default, counts whole seconds.
                        .version(VrrpVersion.V3)
                        .advertInterval(Duration.ofMillis(500))
                        .virtualAddress(options.vip()))
                .listener(new DirectorListener() {
                    @Override
                    public void becameMaster(VrrpTransition transition) {
                        writable.set(true);
                        System.out.println("owning the VIP: accepting writes (" + transition + ")");
                    }

                    @Override
                    public void onTransition(VrrpTransition transition) {
                        if (transition.leftMaster()) {
                            // Still before the VIP goes: stop writes first, so none lands on a non-owner.
                            writable.set(false);
                            System.out.println("lost the VIP: refusing writes (" + transition + ")");
                        }
                    }
                });
        options.namespace().ifPresent(builder::namespace);
        return builder.start();
    }

    boolean writable() {
        return writable.get();
    }

    HttpServer serve(InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/notes", this::handle);
        server.start();
        return server;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestMethod()) {
                case "GET" -> {
                    String all;
                    synchronized (notes) {
                        all = String.join("\n", notes);
                    }
                    reply(exchange, 200, all + "\n");
                }
                case "POST", "PUT" -> {
                    if (!writable.get()) {
                        reply(exchange, 503, "not the VIP owner: writes go to the master\n");
                        return;
                    }
                    String note;
                    try (InputStream body = exchange.getRequestBody()) {
                        note = new String(body.readNBytes(4096), StandardCharsets.UTF_8).strip();
                    }
                    synchronized (notes) {
                        notes.add(note);
                    }
                    reply(exchange, 201, "stored\n");
                }
                default -> reply(exchange, 405, "GET, POST or PUT\n");
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
