package dev.hadirector.config.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.VrrpInstance;
import dev.hadirector.config.ConfigException;
import dev.hadirector.config.ConfigReader;
import dev.hadirector.vrrp.kernel.AcceptModeFirewallSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code vrrp_strict}, {@code strict_mode} and the global nftables keywords, with keepalived 2.2.7's rules. */
class StrictModeMappingTest {
    private static final Path FILE = Path.of("/etc/keepalived/keepalived.conf");

    private static VrrpConfig map(String text) throws ConfigException {
        return VrrpConfigMapper.map(ConfigReader.standard().parse(FILE, text));
    }

    /** A strict global_defs (line 1-3), then an instance on line 4 whose body starts on line 5. */
    private static VrrpConfig strict(String globals, String body) throws ConfigException {
        return map("global_defs {\n vrrp_strict\n" + globals + "}\nvrrp_instance VI_1 {\n interface eth0\n"
                + " virtual_router_id 51\n" + body + "}\n");
    }

    private static List<String> problems(VrrpConfig c) {
        return c.problems().stream().map(ConfigException::getMessage).toList();
    }

    private static VrrpInstance only(VrrpConfig c) throws ConfigException {
        List<VrrpInstance> instances = c.orThrow();
        assertEquals(1, instances.size());
        return instances.get(0);
    }

    @Test
    void strictModeTurnsAcceptModeOffUnlessTheInstanceOwnsItsAddresses() throws Exception {
        assertFalse(only(strict("", " priority 100\n virtual_ipaddress {\n  10.0.0.1/24\n }\n")).acceptMode(),
                "no accept/no_accept under vrrp_strict: RFC 5798's Accept_Mode False");
        assertTrue(only(strict("", " priority 255\n virtual_ipaddress {\n  10.0.0.1/24\n }\n")).acceptMode(),
                "the address owner accepts");
        assertTrue(only(strict(" vrrp_version 3\n", " priority 100\n accept\n virtual_ipaddress {\n  10.0.0.1/24\n }\n"))
                .acceptMode(), "an explicit accept stays (VRRPv3)");
        assertFalse(only(strict("", " priority 255\n no_accept\n virtual_ipaddress {\n  10.0.0.1/24\n }\n"))
                .acceptMode(), "an explicit no_accept stays");
        assertTrue(only(map("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n"
                + "  10.0.0.1/24\n }\n}\n")).acceptMode(), "without strict mode keepalived's default is accept");
    }

    @Test
    void everyStrictRuleIsRefusedAtItsLineWithTheRule() throws Exception {
        VrrpConfig c = strict("", " priority 100\n state MASTER\n authentication {\n  auth_type PASS\n  auth_pass x\n }\n"
                + " preempt_delay 5\n accept\n virtual_ipaddress {\n  10.0.0.1/24\n }\n");
        assertEquals(List.of(), c.instances());
        assertEquals(List.of(
                FILE + ":8: vrrp_instance VI_1: state MASTER with priority 100: vrrp_strict allows state MASTER if and"
                        + " only if the priority is 255 (the address owner)",
                FILE + ":9: vrrp_instance VI_1: authentication not allowed: vrrp_strict follows RFC 3768 and RFC 5798,"
                        + " which have no authentication",
                FILE + ":13: vrrp_instance VI_1: preempt_delay 5 not allowed: vrrp_strict requires preemption without"
                        + " delay (preempt_delay 0 or none)",
                FILE + ":14: vrrp_instance VI_1: accept not allowed with VRRP version 2: vrrp_strict follows RFC 3768,"
                        + " which has no accept mode (use version 3, or no_accept)"), problems(c));
    }

    @Test
    void theOwnerMustBeMasterAndTheFirstIpv6AddressLinkLocal() throws Exception {
        assertEquals(List.of(FILE + ":8: vrrp_instance VI_1: state BACKUP with priority 255: vrrp_strict allows state"
                        + " MASTER if and only if the priority is 255 (the address owner)"),
                problems(strict("", " priority 255\n state BACKUP\n virtual_ipaddress {\n  10.0.0.1/24\n }\n")));
        assertEquals(List.of(FILE + ":9: vrrp_instance VI_1: first IPv6 virtual address 2001:db8:0:0:0:0:0:1 is not"
                        + " link-local: vrrp_strict requires the first IPv6 virtual_ipaddress to be link-local"
                        + " (fe80::/10), as RFC 5798 5.2.9 does"),
                problems(strict(" vrrp_version 3\n", " priority 100\n virtual_ipaddress {\n  2001:db8::1/64\n"
                        + "  fe80::1/64\n }\n")));
        // keepalived's "No VIP specified": the spec refuses it in any mode
        assertEquals(List.of(FILE + ":4: VRRP instance VI_1: virtualAddress missing: an advert carries at least one"
                        + " address (RFC 5798 5.2.6)"),
                problems(strict("", " priority 100\n virtual_ipaddress_excluded {\n  10.0.0.1/24\n }\n")));
    }

    @Test
    void whatKeepalivedLetsThroughInStrictModeRuns() throws Exception {
        // keepalived 2.2.7's `keepalived -t` accepts each of these with vrrp_strict (checked by hand against it)
        VrrpInstance owner = only(strict("", " priority 255\n state MASTER\n accept\n preempt_delay 0\n"
                + " virtual_ipaddress {\n  10.0.0.1/24\n }\n"));
        assertTrue(owner.acceptMode());
        VrrpInstance unicast = only(strict("", " priority 100\n unicast_peer {\n  10.0.0.2\n }\n"
                + " virtual_ipaddress {\n  10.0.0.1/24\n }\n"));
        assertEquals(1, unicast.unicastPeers().size());
        VrrpInstance v6 = only(strict(" vrrp_version 3\n", " priority 100\n virtual_ipaddress {\n  fe80::1/64\n"
                + "  2001:db8::1/64\n }\n"));
        assertFalse(v6.acceptMode());
    }

    @Test
    void strictModeInAnInstanceOverridesTheGlobalSetting() throws Exception {
        String auth = " authentication {\n  auth_type PASS\n  auth_pass x\n }\n virtual_ipaddress {\n  10.0.0.1/24\n }\n";
        VrrpInstance off = only(strict("", " strict_mode off\n" + auth));
        assertTrue(off.acceptMode(), "not strict: keepalived's default accept");
        assertTrue(off.authPass().isPresent());
        for (String on : List.of("strict_mode", "strict_mode on", "strict_mode yes", "strict_mode true")) {
            VrrpConfig c = map("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n " + on + "\n" + auth + "}\n");
            assertEquals(List.of(FILE + ":5: vrrp_instance VI_1: authentication not allowed: vrrp_strict follows"
                    + " RFC 3768 and RFC 5798, which have no authentication"), problems(c), on);
        }
        assertEquals(List.of(FILE + ":7: strict_mode maybe invalid: must be on, off, true, false, yes or no (or"
                        + " nothing, meaning on)"),
                problems(strict("", " strict_mode maybe\n virtual_ipaddress {\n  10.0.0.1/24\n }\n")));
    }

    @Test
    void nftablesNamesTheTablePrefixAndNftablesPrioritySetsTheChainPriority() throws Exception {
        String instance = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n"
                + "  10.0.0.1/24\n }\n}\n";
        assertEquals(AcceptModeFirewallSettings.DEFAULTS, map(instance).firewall());
        assertEquals(AcceptModeFirewallSettings.DEFAULTS, map("global_defs {\n nftables\n}\n" + instance).firewall(),
                "nftables without a name keeps the director's own prefix");
        VrrpConfig c = map("global_defs {\n nftables kad\n nftables_priority -150\n}\n" + instance);
        assertEquals(new AcceptModeFirewallSettings("kad", -150), c.firewall());
        assertEquals("kad_VI_1", c.firewall().tableName("VI_1"));
        assertEquals(new AcceptModeFirewallSettings("hadirector", -1, true),
                map("global_defs {\n nftables\n nftables_counters\n}\n" + instance).firewall(),
                "nftables_counters puts a counter on the drop rules");
    }

    @Test
    void badNftablesSettingsAreRefusedAtTheirLine() throws Exception {
        assertEquals(List.of(FILE + ":2: nftables takes at most 1 argument (the table name), has 2: a b"),
                problems(map("global_defs {\n nftables a b\n}\n")));
        assertEquals(List.of(FILE + ":2: nftables table name 'my/t' invalid at character 3: must start with a letter,"
                        + " digit or '_' and hold only those, '-' and '.'"),
                problems(map("global_defs {\n nftables my/t\n}\n")));
        assertEquals(List.of(FILE + ":3: nftables_priority \"abc\" is not an integer: must be -2147483648..2147483647"),
                problems(map("global_defs {\n nftables\n nftables_priority abc\n}\n")));
        assertEquals(List.of(FILE + ":2: nftables_priority 3000000000 out of range: must be -2147483648..2147483647"),
                problems(map("global_defs {\n nftables_priority 3000000000\n}\n")));
        assertEquals(1, problems(map("global_defs {\n nftables_counters yes\n}\n")).size(),
                "nftables_counters takes no argument");
        assertTrue(problems(map("global_defs {\n nftables_counters yes\n}\n")).get(0).startsWith(FILE + ":2: "));
    }
}
