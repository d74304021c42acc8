/** PING_CHECK: ICMP/ICMPv6 echo through an EchoSocket; RawEchoSocketFactory puts it on ha-kernel's raw sockets. */
package dev.hadirector.checks.ping;
