/**
 * The mapping of keepalived.conf's VRRP sections ({@code vrrp_instance}, {@code vrrp_sync_group},
 * {@code vrrp_script} and the VRRP part of {@code global_defs}) onto the ha-api specs, with keepalived's
 * defaults and file:line refusals.
 */
package dev.hadirector.config.vrrp;
