package dev.hadirector.api;

/**
 * A health check of one real server: an immutable spec, built through the static factories
 * that ha-checks' issue adds here (tcp, http, https, smtp, dns, udp, ping, file, misc).
 */
public interface HealthCheck {
}
