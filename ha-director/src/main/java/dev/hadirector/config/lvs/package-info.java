/**
 * keepalived.conf's {@code virtual_server}, {@code virtual_server_group}, {@code real_server} and checker blocks
 * mapped onto the {@code dev.hadirector.api} specs the load balancer runs.
 */
package dev.hadirector.config.lvs;
