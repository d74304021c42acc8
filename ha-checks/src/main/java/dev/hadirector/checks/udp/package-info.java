/** UDP_CHECK: payload out, reply or no ICMP unreachable back. */
package dev.hadirector.checks.udp;
