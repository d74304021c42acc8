package dev.hadirector.config;

import java.util.Set;

/**
 * The keywords the director runs. Everything else the catalog knows is NOT_YET_SUPPORTED. When a section
 * gets mapped onto a running part, add one line per keyword: {@code "vrrp_instance priority"} (section id,
 * space, keyword), or {@code "vrrp_instance *"} for every keyword of a section; top-level keywords are
 * written {@code " vrrp_instance"} (empty section id). The catalog rejects entries it does not know, so a
 * typo here fails the build's tests instead of silently supporting nothing.
 */
final class SupportedKeywords {
    static final Set<String> ENTRIES = Set.of(
            // VRRP: dev.hadirector.config.vrrp maps these onto the specs the Director runs
            " global_defs", " vrrp_instance", " vrrp_sync_group", " vrrp_script",
            "global_defs router_id", "global_defs vrrp_version", "global_defs vrrp_garp_master_delay",
            "global_defs vrrp_garp_master_repeat", "global_defs vrrp_garp_master_refresh",
            "global_defs vrrp_garp_master_refresh_repeat",
            "vrrp_script script", "vrrp_script interval", "vrrp_script timeout", "vrrp_script weight",
            "vrrp_script rise", "vrrp_script fall", "vrrp_script init_fail",
            "vrrp_sync_group group", "vrrp_sync_group notify_master", "vrrp_sync_group notify_backup",
            "vrrp_sync_group notify_fault", "vrrp_sync_group notify_stop", "vrrp_sync_group notify",
            "vrrp_instance state", "vrrp_instance interface", "vrrp_instance virtual_router_id",
            "vrrp_instance priority", "vrrp_instance advert_int", "vrrp_instance version",
            "vrrp_instance virtual_ipaddress", "vrrp_instance virtual_ipaddress_excluded",
            "vrrp_instance unicast_src_ip", "vrrp_instance mcast_src_ip", "vrrp_instance unicast_peer",
            "vrrp_instance authentication", "authentication auth_type", "authentication auth_pass",
            "vrrp_instance nopreempt", "vrrp_instance preempt", "vrrp_instance preempt_delay",
            "vrrp_instance accept", "vrrp_instance no_accept",
            "vrrp_instance track_interface", "vrrp_instance track_script",
            "vrrp_instance garp_master_delay", "vrrp_instance garp_master_repeat",
            "vrrp_instance garp_master_refresh", "vrrp_instance garp_master_refresh_repeat",
            "vrrp_instance notify_master", "vrrp_instance notify_backup", "vrrp_instance notify_fault",
            "vrrp_instance notify_stop", "vrrp_instance notify"
    );

    private SupportedKeywords() {
    }
}
