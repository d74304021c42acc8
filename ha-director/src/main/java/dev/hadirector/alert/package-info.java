/**
 * keepalived's SMTP alerts: {@link dev.hadirector.alert.SmtpAlerts} (the settings, from the fluent API or
 * keepalived.conf's {@code global_defs}), the texts keepalived mails on VRRP, sync group, real server and quorum
 * changes, a plain RFC 5321 client, and the sender thread that keeps mail off the director's event loop.
 */
package dev.hadirector.alert;
