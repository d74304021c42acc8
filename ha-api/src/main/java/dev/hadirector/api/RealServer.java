package dev.hadirector.api;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A real server behind a virtual server: its address and port, scheduling weight, connection thresholds,
 * forwarding method (null: the virtual server's) and the health checks that decide whether it serves.
 */
public record RealServer(InetAddress address, int port, int weight, Forwarding forwarding, int upperThreshold,
                         int lowerThreshold, List<HealthCheck> checks, boolean inhibitOnFailure,
                         List<String> notifyUp, List<String> notifyDown, String virtualHost) {

    /** IPVS keeps weights as a signed int. */
    public static final int MAX_WEIGHT = Integer.MAX_VALUE;

    public RealServer {
        if (address == null) {
            throw new IllegalArgumentException("real server address is null");
        }
        String where = "real server " + VirtualServer.formatEndpoint(address, port);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(where + ": port " + port + " out of range: must be 0..65535");
        }
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException(where + ": weight " + weight + " out of range: must be 0.."
                    + MAX_WEIGHT);
        }
        if (upperThreshold < 0) {
            throw new IllegalArgumentException(where + ": upperThreshold " + upperThreshold
                    + " out of range: must be >= 0 (0 means no limit)");
        }
        if (lowerThreshold < 0) {
            throw new IllegalArgumentException(where + ": lowerThreshold " + lowerThreshold
                    + " out of range: must be >= 0");
        }
        if (lowerThreshold > upperThreshold) {
            throw new IllegalArgumentException(where + ": lowerThreshold " + lowerThreshold
                    + " exceeds upperThreshold " + upperThreshold + ": the kernel requires lower <= upper");
        }
        if (checks == null) {
            throw new IllegalArgumentException(where + ": checks is null");
        }
        for (HealthCheck check : checks) {
            if (check == null) {
                throw new IllegalArgumentException(where + ": a health check is null");
            }
        }
        checks = List.copyOf(checks);
        notifyUp = Programs.command(where + ": notifyUp", notifyUp);
        notifyDown = Programs.command(where + ": notifyDown", notifyDown);
        if (virtualHost != null) {
            Programs.hostName(where + ": virtualHost", virtualHost);
        }
    }

    /** A real server without failure policy, notifiers or virtual host (the original shape of the spec). */
    public RealServer(InetAddress address, int port, int weight, Forwarding forwarding, int upperThreshold,
                      int lowerThreshold, List<HealthCheck> checks) {
        this(address, port, weight, forwarding, upperThreshold, lowerThreshold, checks, false, List.of(), List.of(),
                null);
    }

    /** Starts a real server at the literal address {@code address} (IPv4 or IPv6; no DNS) and {@code port}. */
    public static Builder of(String address, int port) {
        return new Builder(VirtualServer.parseAddress("real server address", address), port);
    }

    public static Builder of(InetAddress address, int port) {
        return new Builder(address, port);
    }

    public boolean ipv6() {
        return address instanceof java.net.Inet6Address;
    }

    /** A builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder(address, port).weight(weight).upperThreshold(upperThreshold)
                .lowerThreshold(lowerThreshold);
        b.forwarding = forwarding;
        b.checks.addAll(checks);
        b.inhibitOnFailure = inhibitOnFailure;
        b.notifyUp = notifyUp;
        b.notifyDown = notifyDown;
        b.virtualHost = virtualHost;
        return b;
    }

    @Override
    public String toString() {
        return VirtualServer.formatEndpoint(address, port);
    }

    public static final class Builder {
        private final InetAddress address;
        private final int port;
        private int weight = 1;
        private Forwarding forwarding;
        private int upperThreshold;
        private int lowerThreshold;
        private final List<HealthCheck> checks = new ArrayList<>();
        private boolean inhibitOnFailure;
        private List<String> notifyUp = List.of();
        private List<String> notifyDown = List.of();
        private String virtualHost;

        private Builder(InetAddress address, int port) {
            this.address = address;
            this.port = port;
        }

        public Builder weight(int weight) {
            this.weight = weight;
            return this;
        }

        /** Overrides the virtual server's forwarding method for this real server. */
        public Builder forwarding(Forwarding forwarding) {
            if (forwarding == null) {
                throw new IllegalArgumentException("real server " + address.getHostAddress()
                        + ": forwarding is null");
            }
            this.forwarding = forwarding;
            return this;
        }

        /** No new connections above this many (0: no limit). */
        public Builder upperThreshold(int connections) {
            this.upperThreshold = connections;
            return this;
        }

        /** Connections resume below this many after the upper threshold was hit. */
        public Builder lowerThreshold(int connections) {
            this.lowerThreshold = connections;
            return this;
        }

        public Builder check(HealthCheck... checks) {
            this.checks.addAll(java.util.Arrays.asList(checks));
            return this;
        }

        /** On failure keep the server in the table at weight 0 (existing connections finish) instead of removing it. */
        public Builder inhibitOnFailure(boolean inhibit) {
            this.inhibitOnFailure = inhibit;
            return this;
        }

        /** Program and arguments run (without a shell) when the server comes up. */
        public Builder notifyUp(String... command) {
            this.notifyUp = java.util.Arrays.asList(command);
            return this;
        }

        public Builder notifyUp(List<String> command) {
            this.notifyUp = command;
            return this;
        }

        /** Program and arguments run (without a shell) when the server goes down. */
        public Builder notifyDown(String... command) {
            this.notifyDown = java.util.Arrays.asList(command);
            return this;
        }

        public Builder notifyDown(List<String> command) {
            this.notifyDown = command;
            return this;
        }

        /** HTTP Host of this server's HTTP/SSL checks that set none (overrides the virtual server's). */
        public Builder virtualHost(String host) {
            this.virtualHost = host;
            return this;
        }

        public RealServer build() {
            return new RealServer(address, port, weight, forwarding, upperThreshold, lowerThreshold, checks,
                    inhibitOnFailure, notifyUp, notifyDown, virtualHost);
        }
    }
}
