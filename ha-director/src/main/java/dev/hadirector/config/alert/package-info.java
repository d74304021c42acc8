/** keepalived.conf's mail settings ({@code global_defs} notification and smtp keywords, {@code smtp_alert}). */
package dev.hadirector.config.alert;
