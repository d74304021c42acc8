package dev.hadirector.examples;

import java.io.PrintStream;
import java.time.Duration;

import dev.hadirector.Director;
import dev.hadirector.DirectorListener;
import dev.hadirector.api.Forwarding;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.Scheduler;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.api.VrrpTransition;

/**
 * Shows a complete director built with the fluent API alone, no configuration file: one VRRP instance holding the VIP
 * and one IPVS virtual server on it, round-robin in direct-routing mode over two real servers with an HTTP health
 * check each. It prints every VRRP transition, then the live table once a second.
 *
 * <p>Run as root on a machine whose kernel has IPVS, e.g. {@code FluentDirector --iface eth0 --vip 192.168.1.200/24}
 * ({@code --namespace NAME} runs it inside a network namespace, {@code --seconds N} stops it after N seconds).
 */
public final class FluentDirector {

    static final int VRID = 51;
    static final int PRIORITY = 150;
    static final int PORT = 80;
    static final String[] REAL_SERVERS = {"192.168.1.130", "192.168.1.131"};

    private FluentDirector() {
    }

    public static void main(String[] args) throws Exception {
        Examples.requireRootOrExit("FluentDirector");
        ExampleArgs options = Examples.parseOrExit("FluentDirector", args);
        try (Director director = start(options, System.out)) {
            Examples.closeOnExit(director);
            for (long second = 0; options.runFor().map(d -> d.toSeconds()).orElse(Long.MAX_VALUE) > second; second++) {
                Thread.sleep(1_000);
                System.out.println(director.vrrp("VI_1").state() + " " + director.virtualServers());
            }
        }
    }

    /** Builds and starts the director; what a service embedding it would write. */
    static Director start(ExampleArgs options, PrintStream out) {
        String vipAddress = options.vip().substring(0, options.vip().indexOf('/') < 0 ? options.vip().length() : options.vip().indexOf('/'));
        VirtualServer.Builder web = VirtualServer.tcp(vipAddress, PORT)
                .scheduler(Scheduler.RR)
                .forwarding(Forwarding.DIRECT_ROUTE);
        for (String realServer : REAL_SERVERS) {
            web.realServer(RealServer.of(realServer, PORT).weight(1)
                    .check(HealthCheck.http("/").every(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(1)).retry(0).build()));
        }
        Director.Builder builder = Director.builder()
                .vrrp(VrrpInstance.builder("VI_1")
                        .iface(options.iface())
                        .virtualRouterId(VRID)
                        .priority(PRIORITY)
                        // Below one second needs VRRP v3 (centisecond intervals); v2, keepalived's default, counts whole seconds.
                        .version(VrrpVersion.V3)
                        .advertInterval(Duration.ofMillis(200))
                        .virtualAddress(options.vip()))
                .virtualServer(web)
                .listener(new DirectorListener() {
                    @Override
                    public void onTransition(VrrpTransition transition) {
                        out.println("VRRP " + transition);
                    }
                });
        options.namespace().ifPresent(builder::namespace);
        return builder.start();
    }
}
