package dev.hadirector.alert;

import dev.hadirector.api.AddressText;
import dev.hadirector.api.DnsCheck;
import dev.hadirector.api.FileCheck;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.HttpCheck;
import dev.hadirector.api.MiscCheck;
import dev.hadirector.api.PingCheck;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.TcpCheck;
import dev.hadirector.api.UdpCheck;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.api.VrrpState;
import dev.hadirector.checks.lvs.LoadBalancerListener.QuorumEvent;
import dev.hadirector.checks.lvs.LoadBalancerListener.RealServerEvent;
import java.util.Locale;
import java.util.Objects;

/**
 * keepalived's alert texts (keepalived 2.2): the subject names the router ({@code [router_id]}) and the object, the
 * body is one {@code => ... <=} line.
 *
 * <ul>
 * <li>VRRP instance: {@code [R] VRRP Instance VI_1 - Entering MASTER state}, {@code ... - Entering BACKUP state},
 * {@code ... - Entering FAULT state}, {@code ... - Stopping};</li>
 * <li>sync group: {@code [R] VRRP Group VG_1 - Entering MASTER state} and so on;</li>
 * <li>real server: {@code [R] Realserver [192.168.1.2]:tcp:80 of virtual server [10.0.0.1]:tcp:80 - DOWN}, the
 * body naming the checker ({@code => TCP CHECK failed on service <=});</li>
 * <li>virtual server quorum: {@code [R] Virtualserver [10.0.0.1]:tcp:80 - DOWN} with
 * {@code => Lost quorum 3+1=2 <= 1 <=} (quorum, hysteresis, the threshold crossed, the live weight).</li>
 * </ul>
 */
final class AlertComposer {
    private final String routerId;

    AlertComposer(String routerId) {
        this.routerId = Objects.requireNonNull(routerId, "routerId");
    }

    Alert instance(String instance, VrrpState state) {
        String body = switch (state) {
            case MASTER -> "=> VRRP Instance is now owning VRRP VIPs <=";
            case BACKUP, FAULT -> "=> VRRP Instance is no longer owning VRRP VIPs <=";
            case INITIALIZE -> "=> VRRP Instance stopping <=";
        };
        return new Alert("[" + routerId + "] VRRP Instance " + instance + " - " + entering(state), body);
    }

    Alert syncGroup(String group, VrrpState state) {
        String body = state == VrrpState.INITIALIZE ? "=> All VRRP group instances are now stopping <="
                : "=> All VRRP group instances are now in " + state.name() + " state <=";
        return new Alert("[" + routerId + "] VRRP Group " + group + " - " + entering(state), body);
    }

    Alert realServer(RealServerEvent e) {
        String subject = "[" + routerId + "] Realserver " + realServerText(e.virtualServer(), e.realServer())
                + " of virtual server " + virtualServerText(e.virtualServer()) + " - " + (e.up() ? "UP" : "DOWN");
        return new Alert(subject, checkerBody(e.realServer(), e.up(), e.reason()));
    }

    Alert quorum(QuorumEvent e) {
        // keepalived crosses quorum+hysteresis on the way up and quorum-hysteresis on the way down
        long threshold = e.quorumUp() ? (long) e.quorum() + e.hysteresis() : (long) e.quorum() - e.hysteresis();
        String body = "=> " + (e.quorumUp() ? "Gained quorum " : "Lost quorum ") + e.quorum() + "+" + e.hysteresis()
                + "=" + threshold + " <= " + e.liveWeight() + " <=";
        return new Alert("[" + routerId + "] Virtualserver " + virtualServerText(e.virtualServer()) + " - "
                + (e.quorumUp() ? "UP" : "DOWN"), body);
    }

    private static String entering(VrrpState state) {
        return state == VrrpState.INITIALIZE ? "Stopping" : "Entering " + state.name() + " state";
    }

    /** keepalived's FMT_VS: {@code [ADDRESS]:PROTO:PORT}, or {@code FWM N} for a firewall-mark service. */
    static String virtualServerText(VirtualServer vs) {
        if (vs.firewallMark() != 0) {
            return "FWM " + Integer.toUnsignedString(vs.firewallMark());
        }
        return "[" + AddressText.format(vs.address()) + "]:" + protocol(vs) + ":" + vs.port();
    }

    /** keepalived's FMT_RS: the real server's address and port with the virtual server's protocol. */
    static String realServerText(VirtualServer vs, RealServer rs) {
        return "[" + AddressText.format(rs.address()) + "]:" + protocol(vs) + ":" + rs.port();
    }

    private static String protocol(VirtualServer vs) {
        // a firewall-mark service has no protocol of its own; keepalived's default service type is TCP
        return vs.protocol() == null ? "tcp" : vs.protocol().name().toLowerCase(Locale.ROOT);
    }

    /**
     * The body keepalived's checker writes. The load balancer reports the real server's change, not which of its
     * checkers caused it: with checkers of one kind the text is that kind's, with mixed kinds the generic one.
     */
    static String checkerBody(RealServer rs, boolean up, String reason) {
        Class<?> kind = rs.checks().isEmpty() ? null : rs.checks().get(0).getClass();
        for (HealthCheck c : rs.checks()) {
            if (c.getClass() != kind) {
                kind = null;
                break;
            }
        }
        String name;
        if (kind == TcpCheck.class) {
            name = "TCP CHECK";
        } else if (kind == UdpCheck.class) {
            name = "UDP CHECK";
        } else if (kind == PingCheck.class) {
            name = "ICMP CHECK";
        } else if (kind == MiscCheck.class) {
            name = "MISC CHECK";
        } else if (kind == FileCheck.class) {
            name = "FILE CHECK";
        } else if (kind == DnsCheck.class) {
            return up ? "=> DNS_CHECK: succeed on service <=" : "=> DNS_CHECK: failed on service <=";
        } else if (kind == HttpCheck.class) {
            return up ? "=> CHECK succeed on service <=" : "=> CHECK failed on service : HTTP request failed <=";
        } else {
            // SMTP_CHECK (keepalived adds its error text), mixed kinds, or no checker at all
            if (up) {
                return "=> CHECK succeed on service <=";
            }
            return reason == null || reason.isBlank() ? "=> CHECK failed on service <="
                    : "=> CHECK failed on service : " + oneLine(reason) + " <=";
        }
        return "=> " + name + (up ? " succeed" : " failed") + " on service <=";
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ').strip();
    }
}
