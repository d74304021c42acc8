package dev.hadirector.ipvs;

import java.util.List;

/** A snapshot of the kernel's services and their destinations, in the kernel's order. */
public record IpvsTable(List<Service> services) {
    public IpvsTable {
        services = List.copyOf(services);
    }

    public record Service(IpvsServiceEntry entry, List<IpvsDestinationEntry> destinations) {
        public Service {
            destinations = List.copyOf(destinations);
        }

        public IpvsService service() {
            return entry.service();
        }
    }
}
