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

    // Written out rather than composed from lambdas: a cold JVM (ipvs save) pays for every lambda it links.
    public static final Comparator<ServiceKey> SERVICES = new Comparator<>() {
        @Override
        public int compare(ServiceKey a, ServiceKey b) {
            int c = Long.compare(Integer.toUnsignedLong(a.firewallMark()), Integer.toUnsignedLong(b.firewallMark()));
            if (c == 0) {
                c = Boolean.compare(a.ipv6(), b.ipv6());
            }
            if (c == 0) {
                c = Integer.compare(a.protocol() == null ? 0 : a.protocol().number(),
                        b.protocol() == null ? 0 : b.protocol().number());
            }
            if (c == 0) {
                c = compareAddresses(a.address() == null ? null : a.address().getAddress(),
                        b.address() == null ? null : b.address().getAddress());
            }
            return c != 0 ? c : Integer.compare(a.port(), b.port());
        }
    };

    public static final Comparator<IpvsDestination> DESTINATIONS = new Comparator<>() {
        @Override
        public int compare(IpvsDestination a, IpvsDestination b) {
            int c = Boolean.compare(a.ipv6(), b.ipv6());
            if (c == 0) {
                c = compareAddresses(a.address().getAddress(), b.address().getAddress());
            }
            return c != 0 ? c : Integer.compare(a.port(), b.port());
        }
    };

    /** Destination entries in {@link #DESTINATIONS} order. */
    public static final Comparator<IpvsDestinationEntry> DESTINATION_ENTRIES = new Comparator<>() {
        @Override
        public int compare(IpvsDestinationEntry a, IpvsDestinationEntry b) {
            return DESTINATIONS.compare(a.destination(), b.destination());
        }
    };

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
            dests.sort(DESTINATION_ENTRIES);
            services.add(new IpvsTable.Service(s.entry(), dests));
        }
        services.sort(new Comparator<IpvsTable.Service>() {
            @Override
            public int compare(IpvsTable.Service a, IpvsTable.Service b) {
                return SERVICES.compare(a.service().key(), b.service().key());
            }
        });
        return new IpvsTable(services);
    }
}
