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
            "global_defs vrrp_strict", "vrrp_instance strict_mode",
            // the no_accept firewall's table prefix and chain priority (nftables_ifindex: accepted, nothing to match)
            "global_defs nftables", "global_defs nftables_priority", "global_defs nftables_ifindex",
            "global_defs nftables_counters",
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
            "vrrp_instance notify_stop", "vrrp_instance notify",
            // SMTP alerts: dev.hadirector.config.alert maps these onto the SmtpAlerts the Director mails with
            "global_defs notification_email", "global_defs notification_email_from", "global_defs smtp_server",
            "global_defs smtp_helo_name", "global_defs smtp_connect_timeout", "global_defs smtp_alert",
            "global_defs smtp_alert_vrrp", "global_defs smtp_alert_checker", "global_defs no_email_faults",
            "global_defs no_checker_emails", "vrrp_instance smtp_alert", "vrrp_sync_group smtp_alert",
            "virtual_server smtp_alert", "real_server smtp_alert",
            // the IPVS connection sync daemon: dev.hadirector.config.lvs.ConnectionSyncMapper
            "global_defs lvs_sync_daemon", "vrrp_instance lvs_sync_daemon_interface",
            // the load balancer: dev.hadirector.config.lvs maps these onto the specs LoadBalancer runs
            " virtual_server", " virtual_server_group", " SSL",
            "SSL password", "SSL ca", "SSL certificate", "SSL key",
            "virtual_server lvs_sched", "virtual_server lb_algo", "virtual_server flag-1", "virtual_server flag-2",
            "virtual_server flag-3", "virtual_server sh-port", "virtual_server sh-fallback", "virtual_server mh-port",
            "virtual_server mh-fallback", "virtual_server ops", "virtual_server lvs_method", "virtual_server lb_kind",
            "virtual_server persistence_engine", "virtual_server persistence_timeout",
            "virtual_server persistence_granularity", "virtual_server protocol", "virtual_server ha_suspend",
            "virtual_server virtualhost", "virtual_server alpha", "virtual_server omega", "virtual_server quorum",
            "virtual_server hysteresis", "virtual_server quorum_up", "virtual_server quorum_down",
            "virtual_server ip_family", "virtual_server sorry_server", "virtual_server sorry_server_inhibit",
            "virtual_server sorry_server_lvs_method", "virtual_server connect_timeout", "virtual_server retry",
            "virtual_server delay_before_retry", "virtual_server warmup", "virtual_server delay_loop",
            "virtual_server inhibit_on_failure", "virtual_server real_server",
            "real_server weight", "real_server lvs_method", "real_server notify_up", "real_server notify_down",
            "real_server uthreshold", "real_server lthreshold", "real_server virtualhost", "real_server alpha",
            "real_server connect_timeout", "real_server retry", "real_server delay_before_retry",
            "real_server warmup", "real_server delay_loop", "real_server inhibit_on_failure",
            "real_server TCP_CHECK", "real_server HTTP_GET", "real_server SSL_GET", "real_server SMTP_CHECK",
            "real_server DNS_CHECK", "real_server MISC_CHECK", "real_server PING_CHECK", "real_server UDP_CHECK",
            "real_server FILE_CHECK",
            "TCP_CHECK connect_ip", "TCP_CHECK connect_port", "TCP_CHECK bindto", "TCP_CHECK bind_port", "TCP_CHECK bind_if",
            "TCP_CHECK alpha", "TCP_CHECK connect_timeout", "TCP_CHECK retry", "TCP_CHECK delay_before_retry",
            "TCP_CHECK warmup", "TCP_CHECK delay_loop",
            "HTTP_GET connect_ip", "HTTP_GET connect_port", "HTTP_GET bindto", "HTTP_GET bind_port", "HTTP_GET bind_if",
            "HTTP_GET alpha", "HTTP_GET connect_timeout", "HTTP_GET retry", "HTTP_GET delay_before_retry",
            "HTTP_GET warmup", "HTTP_GET delay_loop", "HTTP_GET http_protocol", "HTTP_GET fast_recovery",
            "HTTP_GET url",
            "SSL_GET connect_ip", "SSL_GET connect_port", "SSL_GET bindto", "SSL_GET bind_port", "SSL_GET bind_if",
            "SSL_GET alpha", "SSL_GET connect_timeout", "SSL_GET retry", "SSL_GET delay_before_retry",
            "SSL_GET warmup", "SSL_GET delay_loop", "SSL_GET http_protocol", "SSL_GET fast_recovery",
            "SSL_GET enable_sni", "SSL_GET url",
            "url path", "url digest", "url status_code", "url regex", "url regex_no_match",
            "url regex_options", "url regex_min_offset", "url regex_max_offset",
            "SMTP_CHECK connect_ip", "SMTP_CHECK connect_port", "SMTP_CHECK bindto", "SMTP_CHECK bind_port", "SMTP_CHECK bind_if",
            "SMTP_CHECK alpha", "SMTP_CHECK connect_timeout", "SMTP_CHECK retry", "SMTP_CHECK delay_before_retry",
            "SMTP_CHECK warmup", "SMTP_CHECK delay_loop", "SMTP_CHECK helo_name",
            "DNS_CHECK connect_ip", "DNS_CHECK connect_port", "DNS_CHECK bindto", "DNS_CHECK bind_port", "DNS_CHECK bind_if",
            "DNS_CHECK alpha", "DNS_CHECK connect_timeout", "DNS_CHECK retry", "DNS_CHECK delay_before_retry",
            "DNS_CHECK warmup", "DNS_CHECK delay_loop", "DNS_CHECK type", "DNS_CHECK name",
            "MISC_CHECK alpha", "MISC_CHECK retry", "MISC_CHECK delay_before_retry", "MISC_CHECK warmup",
            "MISC_CHECK delay_loop", "MISC_CHECK misc_path", "MISC_CHECK misc_timeout", "MISC_CHECK misc_dynamic",
            "MISC_CHECK user", "global_defs script_user",
            "PING_CHECK connect_ip", "PING_CHECK bindto", "PING_CHECK bind_if", "PING_CHECK alpha", "PING_CHECK connect_timeout",
            "PING_CHECK retry", "PING_CHECK delay_before_retry", "PING_CHECK warmup", "PING_CHECK delay_loop",
            "UDP_CHECK connect_ip", "UDP_CHECK connect_port", "UDP_CHECK bindto", "UDP_CHECK bind_port", "UDP_CHECK bind_if",
            "UDP_CHECK alpha", "UDP_CHECK connect_timeout", "UDP_CHECK retry", "UDP_CHECK delay_before_retry",
            "UDP_CHECK warmup", "UDP_CHECK delay_loop", "UDP_CHECK payload", "UDP_CHECK require_reply",
            "UDP_CHECK min_reply_length", "UDP_CHECK max_reply_length",
            "FILE_CHECK track_file", "FILE_CHECK weight"
    );

    private SupportedKeywords() {
    }
}
