package dev.hadirector.ipvs.text;

import dev.hadirector.ipvs.IpvsDestination;
import dev.hadirector.ipvs.IpvsDestinationEntry;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.ipvs.IpvsTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The order ipvsadm lists a table in: services by firewall mark (address services first), address family,
 * protocol, address and port; destinations by family, address and port.
 */
public final class IpvsadmOrder {
    private IpvsadmOrder() {
    }

    public static final Comparator<ServiceKey> SERVICES = Comparator
            .comparingLong((ServiceKey k) -> Integer.toUnsignedLong(k.firewallMark()))
            .thenComparingInt(k -> k.ipv6() ? 1 : 0)
            .thenComparingInt(k -> k.protocol() == null ? 0 : k.protocol().number())
            .thenComparing((a, b) -> compareAddresses(a.address() == null ? null : a.address().getAddress(),
                    b.address() == null ? null : b.address().getAddress()))
            .thenComparingInt(ServiceKey::port);

    public static final Comparator<IpvsDestination> DESTINATIONS = Comparator
            .comparingInt((IpvsDestination d) -> d.ipv6() ? 1 : 0)
            .thenComparing((a, b) -> compareAddresses(a.address().getAddress(), b.address().getAddress()))
            .thenComparingInt(IpvsDestination::port);

    private static int compareAddresses(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return Arrays.compareUnsigned(a, b);
    }

    /** {@code table} in ipvsadm's order. */
    public static IpvsTable sorted(IpvsTable table) {
        List<IpvsTable.Service> services = new ArrayList<>();
        for (IpvsTable.Service s : table.services()) {
            List<IpvsDestinationEntry> dests = new ArrayList<>(s.destinations());
            dests.sort(Comparator.comparing(IpvsDestinationEntry::destination, DESTINATIONS));
            services.add(new IpvsTable.Service(s.entry(), dests));
        }
        services.sort(Comparator.comparing(s -> s.service().key(), SERVICES));
        return new IpvsTable(services);
    }
}
