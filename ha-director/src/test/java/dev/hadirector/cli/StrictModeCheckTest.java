package dev.hadirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --check} on configurations using vrrp_strict and the global nftables keywords. */
class StrictModeCheckTest {
    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private Result check(String text) throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.standard().run(new String[] {"--check", "-f", file.toString()}, o, e);
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8).replace(file.toString(), "F"),
                err.toString(StandardCharsets.UTF_8).replace(file.toString(), "F"));
    }

    @Test
    void strictModeAndTheNftablesKeywordsAreSupported() throws Exception {
        Result r = check("global_defs {\n vrrp_strict\n nftables kad\n nftables_priority -5\n nftables_ifindex\n}\n"
                + "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n priority 100\n strict_mode on\n"
                + " virtual_ipaddress {\n  10.0.0.1/24\n }\n}\n");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("F:5: global_defs nftables_ifindex: accepted and ignored - the director's no_accept rules match"
                + " destination addresses only, never an interface, so there is no interface name or index to match\n"
                + "ha-director: F: configuration is valid and fully supported\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void whatStrictModeForbidsFailsTheCheckWithFileLineAndRule() throws Exception {
        Result r = check("global_defs {\n vrrp_strict\n}\nvrrp_instance VI_1 {\n interface eth0\n"
                + " virtual_router_id 51\n priority 100\n state MASTER\n preempt_delay 2\n"
                + " virtual_ipaddress {\n  10.0.0.1/24\n }\n}\n");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals("F:8: vrrp_instance VI_1: state MASTER with priority 100: vrrp_strict allows state MASTER if"
                + " and only if the priority is 255 (the address owner)\n"
                + "F:9: vrrp_instance VI_1: preempt_delay 2 not allowed: vrrp_strict requires preemption without"
                + " delay (preempt_delay 0 or none)\n"
                + "ha-director: F: the configuration cannot be mapped\n", r.err());
    }
}
