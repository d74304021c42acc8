package dev.hadirector.ipvs.reconcile;

import dev.hadirector.ipvs.IpvsDestination;
import dev.hadirector.ipvs.IpvsService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A service and its destinations as the reconciler should make the kernel hold them. */
public record DesiredService(IpvsService service, List<IpvsDestination> destinations) {
    public DesiredService {
        if (service == null) {
            throw new IllegalArgumentException("desired service is null");
        }
        Set<String> seen = new HashSet<>();
        for (IpvsDestination d : destinations) {
            if (!seen.add(d.endpoint())) {
                throw new IllegalArgumentException(service.key() + ": destination " + d.endpoint() + " is listed twice");
            }
        }
        destinations = List.copyOf(destinations);
    }
}
