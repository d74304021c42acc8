package dev.hadirector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {
    private static final Path FILE = Path.of("/etc/keepalived/keepalived.conf");

    private static ConfigReport validate(String text) throws ConfigException {
        return ConfigValidator.keepalived().validate(ConfigReader.builder().configId("main").build().parse(FILE, text));
    }

    private static List<String> lines(ConfigReport report, FindingKind kind) {
        return report.findings(kind).stream().map(Finding::toString).toList();
    }

    @Test
    void unknownKeywordSuggestsTheNearestKnownOne() throws Exception {
        ConfigReport report = validate("vrrp_instance VI_1 {\n  priorty 100\n  virtual_ipaddres {\n  }\n}\n");
        assertEquals(List.of(
                FILE + ":2: keyword 'priorty' in vrrp_instance is unknown (did you mean 'priority'?)",
                FILE + ":3: keyword 'virtual_ipaddres' in vrrp_instance is unknown (did you mean 'virtual_ipaddress'?)"),
                lines(report, FindingKind.UNKNOWN_KEYWORD));
        assertFalse(report.isValid());
    }

    @Test
    void unknownKeywordKnownElsewhereSaysWhereItBelongs() throws Exception {
        ConfigReport report = validate("virtual_router_id 51\nglobal_defs {\n  xyzzy\n}\n");
        assertEquals(List.of(
                FILE + ":1: keyword 'virtual_router_id' at the top level is unknown (it belongs in vrrp_instance)",
                FILE + ":3: keyword 'xyzzy' in global_defs is unknown"),
                lines(report, FindingKind.UNKNOWN_KEYWORD));
    }

    @Test
    void virtualServerWithoutProtocolIsWarnedAboutTheUdpDefaultAsKeepalivedDoes() throws Exception {
        ConfigReport report = validate("virtual_server 10.0.0.1 80 {\n lb_algo rr\n}\n"
                + "virtual_server 10.0.0.2 80 {\n protocol TCP\n}\nvirtual_server fwmark 7 {\n}\n");
        assertEquals(List.of(FILE + ":1: virtual_server 10.0.0.1 80: no protocol set - defaulting to UDP, as keepalived"
                        + " does (add 'protocol TCP' for TCP)"),
                lines(report, FindingKind.DEFAULTED));
        assertTrue(report.isValid());
        assertTrue(report.isFullySupported());
    }

    @Test
    void strictModeAndTheNftablesKeywordsAreSupportedAndIfindexIsSaidToBeIgnored() throws Exception {
        ConfigReport report = validate("global_defs {\n vrrp_strict\n nftables kad\n nftables_priority -5\n"
                + " nftables_ifindex\n}\nvrrp_instance VI_1 {\n strict_mode off\n}\n");
        assertEquals(List.of(FILE + ":5: global_defs nftables_ifindex: accepted and ignored - the director's no_accept"
                        + " rules match destination addresses only, never an interface, so there is no interface"
                        + " name or index to match"),
                lines(report, FindingKind.DEFAULTED));
        assertEquals(List.of(), lines(report, FindingKind.NOT_YET_SUPPORTED));
        assertTrue(report.isValid());
        assertTrue(report.isFullySupported());
        assertEquals(List.of(), lines(validate("global_defs {\n nftables_counters\n}\n"), FindingKind.NOT_YET_SUPPORTED),
                "nftables_counters is supported");
    }

    @Test
    void caseMistakeInCheckerName() throws Exception {
        ConfigReport report = validate("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n  http_get {\n  }\n }\n}\n");
        assertEquals(List.of(FILE + ":3: keyword 'http_get' in real_server is unknown (did you mean 'HTTP_GET'?)"),
                lines(report, FindingKind.UNKNOWN_KEYWORD));
    }

    @Test
    void notYetSupportedKeywordsAreListedOnePerLine() throws Exception {
        ConfigReport report = validate("vrrp_instance VI_1 {\n  state MASTER\n  virtual_ipaddress {\n"
                + "    10.0.0.1/24\n  }\n  use_vmac\n  authentication {\n    auth_type PASS\n  }\n"
                + "  debug\n}\nvrrp_track_process p {\n}\n");
        assertEquals(List.of(
                FILE + ":6: keyword 'use_vmac' in vrrp_instance is not yet supported",
                FILE + ":10: keyword 'debug' in vrrp_instance is not yet supported",
                FILE + ":12: keyword 'vrrp_track_process' is not yet supported"),
                lines(report, FindingKind.NOT_YET_SUPPORTED));
        assertTrue(report.isValid());
        assertFalse(report.isFullySupported());
    }

    @Test
    void supportedKeywordsAreNotReported() throws Exception {
        ConfigValidator validator = new ConfigValidator(KeywordCatalog.build(Set.of(" vrrp_instance", "vrrp_instance *")));
        ConfigReport report = validator.validate(ConfigReader.builder().configId("x").build()
                .parse(FILE, "vrrp_instance VI_1 {\n state MASTER\n}\n"));
        assertEquals(List.of(), report.findings());
        assertTrue(report.isValid());
        assertTrue(report.isFullySupported());
    }

    @Test
    void blocksWhereValuesBelongAndTheOtherWayRound() throws Exception {
        ConfigReport report = validate("vrrp_instance VI_1 {\n  priority 100 {\n  }\n  virtual_ipaddress\n"
                + "  unicast_peer {\n    10.0.0.2 {\n    }\n  }\n}\nglobal_defs\n");
        assertEquals(List.of(
                FILE + ":2: keyword 'priority' in vrrp_instance takes no '{' block",
                FILE + ":4: keyword 'virtual_ipaddress' in vrrp_instance needs a '{ ... }' block listing its entries",
                FILE + ":6: entry '10.0.0.2' of 'unicast_peer' takes no '{' block",
                FILE + ":10: keyword 'global_defs' at the top level needs a '{ ... }' block"),
                lines(report, FindingKind.BAD_STRUCTURE));
    }

    @Test
    void listEntriesAreDataNotKeywords() throws Exception {
        ConfigReport report = validate("global_defs {\n notification_email {\n  admin@example.com\n }\n}\n"
                + "virtual_server_group G {\n 10.0.0.1-9 80\n fwmark 1\n}\n");
        assertEquals(List.of(), report.findings(FindingKind.UNKNOWN_KEYWORD));
        assertEquals(List.of(), report.findings(FindingKind.BAD_STRUCTURE));
    }

    @Test
    void includeWarningsFromTheReaderAreInTheReport() throws Exception {
        ConfigReport report = validate("include /nonexistent-dir/*.conf\n");
        assertEquals(List.of("/nonexistent-dir/*.conf"),
                report.findings(FindingKind.INCLUDE_NO_MATCH).stream()
                        .map(f -> f.message().substring(f.message().lastIndexOf(' ') + 1)).toList());
        assertTrue(report.isValid());
    }

    @Test
    void editDistance() {
        assertEquals(0, ConfigValidator.editDistance("abc", "abc"));
        assertEquals(1, ConfigValidator.editDistance("priorty", "priority"));
        assertEquals(1, ConfigValidator.editDistance("stetA", "steAt"));
        assertEquals(3, ConfigValidator.editDistance("", "abc"));
    }
}
