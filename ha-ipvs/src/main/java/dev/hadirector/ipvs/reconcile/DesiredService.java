package dev.hadirector.ipvs.reconcile;

import dev.hadirector.ipvs.IpvsDestination;
import dev.hadirector.ipvs.IpvsService;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A service and its destinations as the reconciler should make the kernel hold them. */
public record DesiredService(IpvsService service, List<IpvsDestination> destinations) {
    public DesiredService {
        if (service == null) {
            throw new IllegalArgumentException("desired service is null");
        }
        // Address and port pairs, not their text: formatting every endpoint is most of the cost of a large table.
        Set<Map.Entry<InetAddress, Integer>> seen = new HashSet<>();
        for (IpvsDestination d : destinations) {
            if (!seen.add(Map.entry(d.address(), d.port()))) {
                throw new IllegalArgumentException(service.key() + ": destination " + d.endpoint() + " is listed twice");
            }
        }
        destinations = List.copyOf(destinations);
    }
}
