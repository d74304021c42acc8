package dev.hadirector.bench;

/**
 * The IPVS table the benchmark loads, as ipvsadm -R lines: {@code services} TCP virtual servers with wlc and
 * {@code destinations} masqueraded real servers each, and a copy with 1% of the destinations changed.
 */
public final class BenchTable {
    private final int services;
    private final int destinations;

    public BenchTable(int services, int destinations) {
        if (services < 1 || services > 62_500) {
            throw new IllegalArgumentException("services " + services + " out of range: must be 1..62500");
        }
        if (destinations < 1 || destinations > 250) {
            throw new IllegalArgumentException("destinations " + destinations + " out of range: must be 1..250");
        }
        if ((long) services * destinations > 2_000_000) {
            throw new IllegalArgumentException("services x destinations " + (long) services * destinations
                    + " out of range: must be at most 2000000");
        }
        this.services = services;
        this.destinations = destinations;
    }

    public int services() {
        return services;
    }

    public int destinationCount() {
        return services * destinations;
    }

    /** The full table, one -A line followed by its -a lines per service. */
    public String rules() {
        StringBuilder s = new StringBuilder(services * (40 + destinations * 50));
        for (int i = 0; i < services; i++) {
            appendService(s, i);
            for (int j = 0; j < destinations; j++) {
                appendDestination(s, i, destinationAddress(i, j), 1);
            }
        }
        return s.toString();
    }

    /**
     * The table with one destination change per 100 destinations, spread over the services: a quarter of the changes
     * are new weights, a quarter removed destinations, a quarter new destinations, a quarter weights again (the most
     * common change in practice). Returns the rules and the number of changes.
     */
    public Edited onePercentEdit() {
        int changes = Math.max(1, destinationCount() / 100);
        int stride = Math.max(1, services / changes);
        StringBuilder s = new StringBuilder(services * (40 + destinations * 50));
        int made = 0;
        for (int i = 0; i < services; i++) {
            int kind = -1;
            if (i % stride == 0 && made < changes) {
                kind = made % 4;
                made++;
            }
            appendService(s, i);
            for (int j = 0; j < destinations; j++) {
                boolean last = j == destinations - 1;
                if (kind == 2 && last) {
                    continue; // removed
                }
                int weight = (kind == 0 || kind == 3) && j == 0 ? 5 : 1;
                appendDestination(s, i, destinationAddress(i, j), weight);
            }
            if (kind == 1) {
                appendDestination(s, i, "10.250." + (i / 250) + "." + (i % 250 + 1), 1);
            }
        }
        return new Edited(s.toString(), made);
    }

    /** Rules and how many destination changes they hold against {@link #rules()}. */
    public record Edited(String rules, int changes) {
    }

    private static void appendService(StringBuilder s, int i) {
        s.append("-A -t ").append(serviceAddress(i)).append(":80 -s wlc\n");
    }

    private static void appendDestination(StringBuilder s, int i, String address, int weight) {
        s.append("-a -t ").append(serviceAddress(i)).append(":80 -r ").append(address).append(":8080 -m -w ")
                .append(weight).append('\n');
    }

    static String serviceAddress(int i) {
        return "10.100." + (i / 250) + "." + (i % 250 + 1);
    }

    /** Unique per (service, destination) in 10.200.0.0 to 10.231.255.255; 10.250/16 holds the added ones. */
    static String destinationAddress(int i, int j) {
        int n = i * 250 + j;
        return "10." + (200 + n / 62_500) + "." + (n / 250 % 250) + "." + (n % 250 + 1);
    }
}
