/** DNS_CHECK: one query over UDP and the RFC 1035 pieces it needs. */
package dev.hadirector.checks.dns;
