package dev.hadirector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeywordCatalogTest {
    private final KeywordCatalog catalog = KeywordCatalog.keepalived();

    @Test
    void knowsTheSectionsOfKeepalived() {
        CatalogSection top = catalog.topLevel();
        for (String block : List.of("global_defs", "vrrp_script", "vrrp_instance", "vrrp_sync_group",
                "virtual_server", "track_file", "vrrp_track_process", "bfd_instance", "garp_group", "SSL")) {
            assertEquals(KeywordShape.BLOCK, top.keyword(block).orElseThrow().shape(), block);
        }
        for (String list : List.of("static_ipaddress", "static_routes", "static_rules", "virtual_server_group",
                "linkbeat_interfaces", "interface_up_down_delays")) {
            assertEquals(KeywordShape.LIST, top.keyword(list).orElseThrow().shape(), list);
        }
        CatalogSection vrrp = catalog.section("vrrp_instance").orElseThrow();
        for (String list : List.of("virtual_ipaddress", "virtual_ipaddress_excluded", "track_interface",
                "track_script", "unicast_peer", "virtual_routes", "virtual_rules")) {
            assertEquals(KeywordShape.LIST, vrrp.keyword(list).orElseThrow().shape(), list);
        }
        assertEquals("authentication", vrrp.keyword("authentication").orElseThrow().section());
        CatalogSection realServer = catalog.section("real_server").orElseThrow();
        for (String checker : List.of("TCP_CHECK", "HTTP_GET", "SSL_GET", "SMTP_CHECK", "DNS_CHECK", "MISC_CHECK",
                "UDP_CHECK", "PING_CHECK", "FILE_CHECK", "BFD_CHECK")) {
            assertEquals(KeywordShape.BLOCK, realServer.keyword(checker).orElseThrow().shape(), checker);
        }
        assertEquals("url", catalog.section("SSL_GET").orElseThrow().keyword("url").orElseThrow().section());
        assertTrue(catalog.section("url").orElseThrow().keyword("status_code").isPresent());
    }

    @Test
    void theSectionsTheDirectorMapsAreSupportedAndTheRestStaysReported() {
        Set<String> vrrpSections = Set.of("vrrp_instance", "vrrp_sync_group", "vrrp_script", "authentication",
                "global_defs");
        Set<String> lbSections = Set.of("virtual_server", "real_server", "TCP_CHECK", "HTTP_GET", "SSL_GET", "url",
                "SMTP_CHECK", "DNS_CHECK", "MISC_CHECK", "PING_CHECK", "UDP_CHECK", "FILE_CHECK", "SSL");
        int supportedLb = 0;
        for (CatalogSection section : catalog.sections()) {
            for (KeywordSpec spec : section.keywords().values()) {
                boolean top = section.id().equals(CatalogSection.TOP_LEVEL);
                boolean vrrp = vrrpSections.contains(section.id()) || (top && vrrpSections.contains(spec.name()));
                boolean lb = lbSections.contains(section.id()) || (top && (spec.name().startsWith("virtual_server") || spec.name().equals("SSL")));
                if (!vrrp && !lb) {
                    assertEquals(KeywordStatus.NOT_YET_SUPPORTED, spec.status(), section.where() + " " + spec.name());
                } else if (lb && spec.status() == KeywordStatus.SUPPORTED) {
                    supportedLb++;
                }
            }
        }
        assertTrue(supportedLb > 100, "load balancer keywords flipped: " + supportedLb);
        CatalogSection instance = catalog.section("vrrp_instance").orElseThrow();
        for (String k : List.of("state", "interface", "virtual_router_id", "priority", "advert_int", "version",
                "virtual_ipaddress", "virtual_ipaddress_excluded", "unicast_src_ip", "unicast_peer", "nopreempt",
                "preempt_delay", "track_interface", "track_script", "garp_master_delay", "notify", "notify_master")) {
            assertEquals(KeywordStatus.SUPPORTED, instance.keyword(k).orElseThrow().status(), k);
        }
        for (String k : List.of("use_vmac", "debug", "track_file", "virtual_routes", "notify_deleted")) {
            assertEquals(KeywordStatus.NOT_YET_SUPPORTED, instance.keyword(k).orElseThrow().status(), k);
        }
        CatalogSection global = catalog.section("global_defs").orElseThrow();
        assertEquals(KeywordStatus.SUPPORTED, global.keyword("vrrp_version").orElseThrow().status());
        assertEquals(KeywordStatus.NOT_YET_SUPPORTED, global.keyword("vrrp_mcast_group4").orElseThrow().status());
        for (String k : List.of("vrrp_strict", "nftables", "nftables_priority", "nftables_ifindex", "nftables_counters")) {
            assertEquals(KeywordStatus.SUPPORTED, global.keyword(k).orElseThrow().status(), k);
        }
        assertEquals(KeywordStatus.SUPPORTED, instance.keyword("strict_mode").orElseThrow().status());
        assertEquals(KeywordStatus.SUPPORTED, catalog.topLevel().keyword("vrrp_script").orElseThrow().status());
        // what the director ignores or cannot do stays reported
        assertEquals(KeywordStatus.NOT_YET_SUPPORTED, catalog.section("virtual_server").orElseThrow()
                .keyword("snmp_name").orElseThrow().status());
        assertEquals(KeywordStatus.NOT_YET_SUPPORTED, catalog.section("real_server").orElseThrow()
                .keyword("BFD_CHECK").orElseThrow().status());
        assertEquals(KeywordStatus.NOT_YET_SUPPORTED, catalog.section("TCP_CHECK").orElseThrow()
                .keyword("fwmark").orElseThrow().status());
    }

    @Test
    void flippingOneKeywordOrOneSection() {
        KeywordCatalog flipped = KeywordCatalog.build(Set.of("vrrp_instance priority", "authentication *",
                " vrrp_instance"));
        CatalogSection vrrp = flipped.section("vrrp_instance").orElseThrow();
        assertEquals(KeywordStatus.SUPPORTED, vrrp.keyword("priority").orElseThrow().status());
        assertEquals(KeywordStatus.NOT_YET_SUPPORTED, vrrp.keyword("state").orElseThrow().status());
        CatalogSection auth = flipped.section("authentication").orElseThrow();
        assertEquals(KeywordStatus.SUPPORTED, auth.keyword("auth_type").orElseThrow().status());
        assertEquals(KeywordStatus.SUPPORTED, auth.keyword("auth_pass").orElseThrow().status());
        assertEquals(KeywordStatus.SUPPORTED, flipped.topLevel().keyword("vrrp_instance").orElseThrow().status());
    }

    @Test
    void aSupportedEntryTheCatalogDoesNotKnowIsRejected() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeywordCatalog.build(Set.of("vrrp_instance priorty")));
        assertEquals("supported keywords [vrrp_instance priorty] invalid: not in the catalog"
                + " (format: 'section keyword' or 'section *')", e.getMessage());
    }

    @Test
    void everyBlockKeywordHasItsSection() {
        for (CatalogSection section : catalog.sections()) {
            for (KeywordSpec spec : section.keywords().values()) {
                if (spec.shape() == KeywordShape.BLOCK) {
                    assertTrue(catalog.section(spec.section()).isPresent(), spec.name());
                } else {
                    assertFalse(spec.section() != null, spec.name());
                }
            }
        }
    }
}
