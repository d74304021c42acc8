/** PING_CHECK against an EchoSocket interface; the raw-socket implementation belongs to ha-kernel (not written yet). */
package dev.hadirector.checks.ping;
