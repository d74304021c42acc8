package dev.hadirector.config;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sections and keywords keepalived knows, as documented by keepalived.conf(5) of keepalived 2.2
 * (plus the older spellings Debian's sample configurations still use), each with the status the director
 * gives it. Where the man page and keepalived 2.2.7 itself disagree, the catalog follows keepalived
 * (CatalogAgainstKeepalivedTest checks every keyword against {@code keepalived -t}). Built once; immutable.
 */
public final class KeywordCatalog {
    private static final KeywordCatalog KEEPALIVED = build(SupportedKeywords.ENTRIES);

    private final Map<String, CatalogSection> sections;

    private KeywordCatalog(Map<String, CatalogSection> sections) {
        this.sections = Map.copyOf(sections);
    }

    /** The catalog of keepalived's configuration with today's support status. */
    public static KeywordCatalog keepalived() {
        return KEEPALIVED;
    }

    public CatalogSection topLevel() {
        return sections.get(CatalogSection.TOP_LEVEL);
    }

    public Optional<CatalogSection> section(String id) {
        return Optional.ofNullable(sections.get(id));
    }

    public Collection<CatalogSection> sections() {
        return sections.values();
    }

    /** The ids of the sections where a keyword is known, for "belongs in ..." hints. */
    public List<String> sectionsKnowing(String keyword) {
        return sections.values().stream()
                .filter(s -> s.keywords().containsKey(keyword))
                .map(CatalogSection::id)
                .sorted()
                .toList();
    }

    static KeywordCatalog build(Set<String> supported) {
        Definition d = new Definition();
        d.define();
        return d.finish(supported);
    }

    /** The catalog's content. One {@code section(...)} per kind of block. */
    private static final class Definition {
        private final Map<String, Map<String, KeywordSpec>> sections = new LinkedHashMap<>();
        private Map<String, KeywordSpec> current;

        private Definition section(String id) {
            if (sections.containsKey(id)) {
                throw new IllegalStateException("section '" + id + "' defined twice");
            }
            current = new LinkedHashMap<>();
            sections.put(id, current);
            return this;
        }

        private Definition values(String... names) {
            for (String name : names) {
                add(new KeywordSpec(name, KeywordShape.VALUE, null, KeywordStatus.NOT_YET_SUPPORTED));
            }
            return this;
        }

        private Definition lists(String... names) {
            for (String name : names) {
                add(new KeywordSpec(name, KeywordShape.LIST, null, KeywordStatus.NOT_YET_SUPPORTED));
            }
            return this;
        }

        /** Keywords whose block is the section of the same name. */
        private Definition blocks(String... names) {
            for (String name : names) {
                add(new KeywordSpec(name, KeywordShape.BLOCK, name, KeywordStatus.NOT_YET_SUPPORTED));
            }
            return this;
        }

        /** A keyword whose block is a section with another id (several checkers share one layout). */
        private Definition block(String name, String sectionId) {
            add(new KeywordSpec(name, KeywordShape.BLOCK, sectionId, KeywordStatus.NOT_YET_SUPPORTED));
            return this;
        }

        private void add(KeywordSpec spec) {
            if (current.put(spec.name(), spec) != null) {
                throw new IllegalStateException("keyword '" + spec.name() + "' defined twice in a section");
            }
        }

        private static final String[] CHECKER_COMMON = {
            "connect_ip", "connect_port", "bindto", "bind_if", "bind_port", "fwmark", "alpha",
            "connect_timeout", "retry", "delay_before_retry", "warmup", "delay_loop", "log_all_failures",
        };

        /** The checker keywords about timing, valid in every checker that runs periodically. */
        private static final String[] CHECKER_TIMING = {
            "alpha", "retry", "delay_before_retry", "warmup", "delay_loop", "log_all_failures",
        };

        private static final String[] NOTIFY_SCRIPTS = {
            "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify_deleted", "notify",
            "notify_priority_changes", "smtp_alert",
        };

        void define() {
            section(CatalogSection.TOP_LEVEL)
                    .values("net_namespace", "net_namespace_ipvs", "namespace_with_ipsets", "instance",
                            "use_pid_dir", "linkbeat_use_polling", "child_wait_time")
                    .blocks("global_defs", "track_group", "track_file", "vrrp_track_process", "bfd_instance",
                            "vrrp_script", "vrrp_sync_group", "garp_group", "vrrp_instance",
                            "virtual_server", "SSL")
                    // vrrp_track_file is the deprecated spelling of track_file
                    .block("vrrp_track_file", "track_file")
                    .lists("linkbeat_interfaces", "static_ipaddress", "static_routes", "static_rules",
                            "interface_up_down_delays",
                            // its lines are addresses, address ranges and "fwmark N": data, not keywords
                            "virtual_server_group");

            section("global_defs")
                    .values("tmp_config_directory", "config_save_dir", "process_names", "process_name",
                            "vrrp_process_name", "checker_process_name", "bfd_process_name",
                            "startup_script", "startup_script_timeout", "shutdown_script",
                            "shutdown_script_timeout", "notification_email_from", "smtp_server", "smtp_helo_name",
                            "smtp_connect_timeout", "smtp_alert", "smtp_alert_vrrp", "smtp_alert_checker",
                            "checker_log_all_failures", "no_email_faults", "router_id", "vrrp_mcast_group4",
                            "vrrp_mcast_group6", "default_interface", "lvs_sync_daemon", "lvs_timeouts",
                            "lvs_flush", "lvs_flush_on_stop", "vrrp_garp_master_delay", "vrrp_garp_master_repeat",
                            "vrrp_garp_lower_prio_delay", "vrrp_down_timer_adverts", "vrrp_garp_lower_prio_repeat",
                            "vrrp_garp_master_refresh", "vrrp_garp_master_refresh_repeat", "vrrp_garp_interval",
                            "vrrp_gna_interval", "vrrp_min_garp", "vrrp_garp_extra_if",
                            "vrrp_lower_prio_no_advert", "vrrp_higher_prio_send_advert", "vrrp_version",
                            "nftables", "nftables_priority", "nftables_counters", "nftables_ifindex",
                            "nftables_ipvs", "nftables_ipvs_priority", "nftables_ipvs_start_fwmark",
                            "vrrp_iptables", "vrrp_ipsets", "disable_local_igmp", "vrrp_check_unicast_src",
                            "vrrp_skip_check_adv_addr", "vrrp_strict", "vrrp_notify_priority_changes",
                            "max_auto_priority", "min_auto_priority_delay", "vrrp_priority", "checker_priority",
                            "bfd_priority", "vrrp_no_swap", "checker_no_swap", "bfd_no_swap", "vrrp_cpu_affinity",
                            "checker_cpu_affinity", "bfd_cpu_affinity", "vrrp_rt_priority", "checker_rt_priority",
                            "bfd_rt_priority", "vrrp_rlimit_rttime", "checker_rlimit_rttime", "bfd_rlimit_rttime",
                            "snmp_socket", "enable_snmp_vrrp", "enable_snmp_checker", "enable_snmp_rfc",
                            "enable_snmp_rfcv2", "enable_snmp_rfcv3", "enable_traps", "enable_dbus",
                            "dbus_service_name", "script_user", "enable_script_security", "notify_fifo",
                            "notify_fifo_script", "vrrp_notify_fifo", "vrrp_notify_fifo_script", "lvs_notify_fifo",
                            "lvs_notify_fifo_script", "fifo_write_vrrp_states_on_reload", "dynamic_interfaces",
                            "vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force",
                            "vrrp_netlink_monitor_rcv_bufs", "vrrp_netlink_monitor_rcv_bufs_force",
                            "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force",
                            "lvs_netlink_monitor_rcv_bufs", "lvs_netlink_monitor_rcv_bufs_force",
                            "process_monitor_rcv_bufs", "process_monitor_rcv_bufs_force", "vrrp_rx_bufs_policy",
                            "vrrp_rx_bufs_multiplier", "rs_init_notifies", "no_checker_emails", "umask",
                            "vrrp_startup_delay", "log_unknown_vrids", "vmac_prefix", "vmac_addr_prefix",
                            "random_seed", "reload_check_config", "include_check", "reload_time_file",
                            "reload_repeat", "reload_file", "data_use_instance",
                            // older spellings keepalived 2.2.7 still accepts, though its man page no longer
                            // lists them (found by probing keepalived -t)
                            "vrrp_rlimit_rtime", "checker_rlimit_rtime", "bfd_rlimit_rtime",
                            "enable_snmp_keepalived", "lvs_flush_onstop", "lvs_process_name",
                            "vrrp_vmac_garp_intvl")
                    .lists("notification_email");

            section("track_group").lists("group");

            section("track_file").values("file", "weight", "init_file");

            section("vrrp_track_process")
                    .values("process", "param_match", "weight", "quorum", "quorum_max", "fork_delay",
                            "terminate_delay", "delay", "full_command");

            section("bfd_instance")
                    .values("neighbor_ip", "neighbour_ip", "source_ip", "min_rx", "min_tx", "idle_tx",
                            "multiplier", "passive", "ttl", "hoplimit", "max_hops", "weight", "vrrp", "checker");

            section("vrrp_script")
                    .values("script", "interval", "timeout", "weight", "rise", "fall", "user", "init_fail");

            section("vrrp_sync_group")
                    .lists("group", "track_interface", "track_script", "track_file", "track_process", "track_bfd")
                    // keepalived.conf(5) lists notify_deleted here too, but keepalived 2.2.7 rejects it in a group
                    .values("notify_master", "notify_backup", "notify_fault", "notify_stop", "notify",
                            "notify_priority_changes", "smtp_alert")
                    .values("global_tracking", "sync_group_tracking_weight");

            section("garp_group")
                    .values("garp_interval", "gna_interval", "interface")
                    .lists("interfaces");

            section("vrrp_instance")
                    .values("state", "interface", "vrf", "use_vmac", "use_vmac_addr", "vmac_xmit_base",
                            "use_ipvlan", "native_ipv6", "dont_track_primary", "mcast_src_ip", "unicast_src_ip",
                            "mcast_dst_ip", "track_src_ip", "version", "check_unicast_src",
                            "unicast_fault_no_peer", "unicast_ttl", "old_unicast_checksum", "garp_master_delay",
                            "garp_master_repeat", "garp_lower_prio_delay", "garp_lower_prio_repeat",
                            "garp_master_refresh", "garp_master_refresh_repeat", "garp_extra_if",
                            "down_timer_adverts", "lower_prio_no_advert", "higher_prio_send_advert",
                            "virtual_router_id", "priority", "advert_int", "promote_secondaries", "accept",
                            "no_accept", "nopreempt", "preempt", "preempt_delay", "skip_check_adv_addr",
                            "strict_mode", "debug", "notify_master_rx_lower_pri", "kernel_rx_buf_size",
                            "linkbeat_use_polling",
                            // the pre-2.0 place of the IPVS sync daemon, still in Debian's samples
                            "lvs_sync_daemon_interface")
                    .values(NOTIFY_SCRIPTS)
                    .lists("track_interface", "track_script", "track_file", "track_process", "track_bfd",
                            "unicast_peer", "virtual_ipaddress", "virtual_ipaddress_excluded", "virtual_routes",
                            "virtual_rules")
                    .blocks("authentication");

            section("authentication").values("auth_type", "auth_pass");

            section("virtual_server")
                    .values("lvs_sched", "flag-1", "flag-2", "flag-3", "sh-port", "sh-fallback", "mh-port",
                            "mh-fallback", "ops", "lvs_method", "persistence_engine", "persistence_timeout",
                            "persistence_granularity", "protocol", "ha_suspend", "smtp_alert", "virtualhost",
                            "snmp_name", "alpha", "omega", "quorum", "hysteresis", "quorum_up", "quorum_down",
                            "ip_family", "sorry_server", "sorry_server_inhibit", "sorry_server_lvs_method",
                            "connect_timeout", "retry", "delay_before_retry", "warmup", "delay_loop",
                            "inhibit_on_failure",
                            // older spellings of lvs_sched and lvs_method, used by Debian's samples
                            "lb_algo", "lb_kind")
                    .blocks("real_server");

            section("real_server")
                    .values("weight", "lvs_method", "notify_up", "notify_down", "uthreshold", "lthreshold",
                            "smtp_alert", "virtualhost", "snmp_name", "alpha", "connect_timeout", "retry",
                            "delay_before_retry", "warmup", "delay_loop", "inhibit_on_failure")
                    .blocks("TCP_CHECK", "HTTP_GET", "SSL_GET", "SMTP_CHECK", "DNS_CHECK", "MISC_CHECK",
                            "BFD_CHECK", "PING_CHECK", "UDP_CHECK", "FILE_CHECK");

            section("TCP_CHECK").values(CHECKER_COMMON);
            section("HTTP_GET").values(CHECKER_COMMON).values("http_protocol", "fast_recovery").blocks("url");
            section("SSL_GET").values(CHECKER_COMMON).values("http_protocol", "fast_recovery", "enable_sni")
                    .block("url", "url");
            section("url")
                    .values("path", "digest", "status_code", "virtualhost", "regex", "regex_no_match",
                            "regex_options", "regex_stack", "regex_min_offset", "regex_max_offset");
            section("SMTP_CHECK").values(CHECKER_COMMON).values("helo_name")
                    // pre-2.0 per-host sub-blocks, still in Debian's SMTP_CHECK sample
                    .blocks("host");
            section("host").values(CHECKER_COMMON);
            section("DNS_CHECK").values(CHECKER_COMMON).values("type", "name");
            // a script, a BFD session and a file have no connection: keepalived rejects the connect_* family there
            section("MISC_CHECK").values(CHECKER_TIMING).values("misc_path", "misc_timeout", "misc_dynamic", "user");
            section("BFD_CHECK").values("alpha", "name");
            section("PING_CHECK").values(CHECKER_COMMON);
            section("UDP_CHECK").values(CHECKER_COMMON)
                    .values("payload", "require_reply", "min_reply_length", "max_reply_length");
            // keepalived.conf(5) also lists "dynamic" here, but keepalived 2.2.7 rejects it as unknown
            section("FILE_CHECK").values("track_file", "weight");

            section("SSL").values("password", "ca", "certificate", "key");
        }

        KeywordCatalog finish(Set<String> supported) {
            Set<String> used = new HashSet<>();
            Map<String, CatalogSection> built = new HashMap<>();
            for (var entry : sections.entrySet()) {
                String id = entry.getKey();
                String wholeSection = id + " *";
                Map<String, KeywordSpec> withStatus = new LinkedHashMap<>();
                for (KeywordSpec spec : entry.getValue().values()) {
                    String one = id + " " + spec.name();
                    boolean on = supported.contains(wholeSection) || supported.contains(one);
                    if (supported.contains(one)) {
                        used.add(one);
                    }
                    withStatus.put(spec.name(), new KeywordSpec(spec.name(), spec.shape(), spec.section(),
                            on ? KeywordStatus.SUPPORTED : KeywordStatus.NOT_YET_SUPPORTED));
                }
                if (supported.contains(wholeSection)) {
                    used.add(wholeSection);
                }
                built.put(id, new CatalogSection(id, withStatus));
            }
            Set<String> unknown = new TreeSet<>(supported);
            unknown.removeAll(used);
            if (!unknown.isEmpty()) {
                throw new IllegalStateException("supported keywords " + unknown
                        + " invalid: not in the catalog (format: 'section keyword' or 'section *')");
            }
            for (CatalogSection section : built.values()) {
                for (KeywordSpec spec : section.keywords().values()) {
                    if (spec.shape() == KeywordShape.BLOCK && !built.containsKey(spec.section())) {
                        throw new IllegalStateException("keyword '" + spec.name() + "' " + section.where()
                                + " refers to missing section '" + spec.section() + "'");
                    }
                }
            }
            return new KeywordCatalog(built);
        }
    }
}
