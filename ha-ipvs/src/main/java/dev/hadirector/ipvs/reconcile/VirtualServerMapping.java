package dev.hadirector.ipvs.reconcile;

import dev.hadirector.api.Forwarding;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.Scheduler;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.ipvs.Ipvs;
import dev.hadirector.ipvs.IpvsDestination;
import dev.hadirector.ipvs.IpvsService;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import java.util.ArrayList;
import java.util.List;

/** Turns the public {@link VirtualServer} spec into the kernel's terms. */
public final class VirtualServerMapping {
    private VirtualServerMapping() {
    }

    public static DesiredService toDesired(VirtualServer vs) {
        ServiceKey key = vs.firewallMark() != 0 ? ServiceKey.firewallMark(vs.firewallMark(), vs.ipv6())
                : ServiceKey.of(vs.protocol(), vs.address(), vs.port());
        int flags = 0;
        for (Scheduler.Flag f : vs.schedulerFlags()) {
            flags |= f.bit();
        }
        if (vs.onePacket()) {
            flags |= Ipvs.SVC_F_ONEPACKET;
        }
        int netmask;
        if (vs.ipv6()) {
            netmask = vs.persistencePrefix();
        } else {
            netmask = vs.persistencePrefix() == 0 ? 0 : -1 << (32 - vs.persistencePrefix());
        }
        if (vs.persistent()) {
            flags |= Ipvs.SVC_F_PERSISTENT;
        }
        IpvsService service = new IpvsService(key, vs.scheduler(), flags, vs.persistenceTimeout(),
                vs.persistent() ? netmask : IpvsService.fullNetmask(vs.ipv6()), vs.persistenceEngine());
        List<IpvsDestination> dests = new ArrayList<>();
        for (RealServer rs : vs.realServers()) {
            Forwarding f = rs.forwarding() != null ? rs.forwarding() : vs.forwarding();
            // Only NAT rewrites the port: a routed or tunnelled packet keeps the service's.
            int port = !key.isFirewallMark() && f.method() != Forwarding.Method.MASQUERADE ? vs.port() : rs.port();
            dests.add(new IpvsDestination(rs.address(), port, f, rs.weight(), rs.upperThreshold(), rs.lowerThreshold()));
        }
        return new DesiredService(service, dests);
    }
}
