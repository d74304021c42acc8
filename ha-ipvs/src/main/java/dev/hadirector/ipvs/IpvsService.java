package dev.hadirector.ipvs;

import dev.hadirector.api.Protocol;
import dev.hadirector.api.Scheduler;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * A virtual service exactly as the kernel holds it. {@code flags} are the IP_VS_SVC_F_* bits (without HASHED);
 * {@code netmask} is the persistence granularity: for IPv4 the mask as a big-endian int
 * ({@code 0xffffff00} = 255.255.255.0), for IPv6 the prefix length. {@code persistenceEngine} is null when none.
 */
public record IpvsService(ServiceKey key, Scheduler scheduler, int flags, int timeout, int netmask,
                          String persistenceEngine) {

    public IpvsService {
        if (key == null) {
            throw new IllegalArgumentException("service key is null");
        }
        if (scheduler == null) {
            throw new IllegalArgumentException(key + ": scheduler is null");
        }
        flags &= ~Ipvs.SVC_F_HASHED;
        if (key.ipv6() && (netmask < 1 || netmask > 128)) {
            throw new IllegalArgumentException(key + ": netmask " + netmask + " out of range: IPv6 prefix must be 1..128");
        }
        if (persistenceEngine != null && persistenceEngine.isEmpty()) {
            persistenceEngine = null;
        }
    }

    /** A service with the kernel defaults: no flags, no persistence, full netmask. */
    public static IpvsService of(ServiceKey key, Scheduler scheduler) {
        return new IpvsService(key, scheduler, 0, 0, fullNetmask(key.ipv6()), null);
    }

    public static int fullNetmask(boolean ipv6) {
        return ipv6 ? 128 : 0xffffffff;
    }

    public boolean persistent() {
        return (flags & Ipvs.SVC_F_PERSISTENT) != 0;
    }

    public boolean onePacket() {
        return (flags & Ipvs.SVC_F_ONEPACKET) != 0;
    }

    public IpvsService withScheduler(Scheduler s) {
        return new IpvsService(key, s, flags, timeout, netmask, persistenceEngine);
    }

    public IpvsService withFlags(int f) {
        return new IpvsService(key, scheduler, f, timeout, netmask, persistenceEngine);
    }

    public IpvsService withPersistence(int timeoutSeconds, int mask) {
        return new IpvsService(key, scheduler, flags | Ipvs.SVC_F_PERSISTENT, timeoutSeconds, mask,
                persistenceEngine);
    }

    public IpvsService withPersistenceEngine(String pe) {
        return new IpvsService(key, scheduler, flags, timeout, netmask, pe);
    }

    @Override
    public String toString() {
        return key.toString();
    }

    /**
     * What identifies a service: protocol, address and port, or a firewall mark with an address family.
     * Printed as ipvsadm prints it: {@code TCP 10.0.0.1:80}, {@code FWM 7}, {@code FWM 7 IPv6}.
     */
    public record ServiceKey(Protocol protocol, InetAddress address, int port, int firewallMark, boolean ipv6) {
        public ServiceKey {
            if (firewallMark != 0) {
                if (protocol != null || address != null || port != 0) {
                    throw new IllegalArgumentException("firewall mark " + Integer.toUnsignedString(firewallMark)
                            + ": a firewall-mark service has no protocol, address or port");
                }
            } else {
                if (protocol == null || address == null) {
                    throw new IllegalArgumentException("service needs a protocol and an address, or a firewall mark");
                }
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException(protocol + " " + address.getHostAddress() + ": port " + port
                            + " out of range: must be 0..65535");
                }
                ipv6 = address instanceof Inet6Address;
            }
        }

        public static ServiceKey of(Protocol protocol, InetAddress address, int port) {
            return new ServiceKey(protocol, address, port, 0, address instanceof Inet6Address);
        }

        public static ServiceKey firewallMark(int mark, boolean ipv6) {
            if (mark == 0) {
                throw new IllegalArgumentException("firewall mark 0 out of range: must be 1..4294967295");
            }
            return new ServiceKey(null, null, 0, mark, ipv6);
        }

        public boolean isFirewallMark() {
            return firewallMark != 0;
        }

        public int family() {
            return ipv6 ? Ipvs.AF_INET6 : Ipvs.AF_INET;
        }

        @Override
        public String toString() {
            if (firewallMark != 0) {
                return "FWM " + Integer.toUnsignedString(firewallMark) + (ipv6 ? " IPv6" : "");
            }
            return protocol.name() + " " + Addresses.endpoint(address, port);
        }
    }
}
