package dev.hadirector.checks;

import dev.hadirector.api.CheckEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The real server a check runs against: its address and port, as the virtual server knows it, and
 * the virtual host set on the real or virtual server (keepalived's fallback for HTTP checks
 * without their own). The check's own {@link CheckEndpoint} and virtual host override them.
 */
public record CheckTarget(InetAddress address, int port, Optional<String> virtualHost) {

    public CheckTarget {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(virtualHost, "virtualHost");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " out of range: must be 0..65535");
        }
        virtualHost.ifPresent(v -> {
            if (v.isBlank() || v.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
                throw new IllegalArgumentException("virtualHost \"" + v
                        + "\" invalid: must be a host name without spaces or control characters");
            }
        });
    }

    public CheckTarget(InetAddress address, int port) {
        this(address, port, Optional.empty());
    }

    /** The address and port to connect to once the endpoint's overrides are applied. */
    public InetSocketAddress connectAddress(CheckEndpoint endpoint) {
        InetAddress ip = endpoint.connectIp().orElse(address);
        int p = endpoint.connectPort() != 0 ? endpoint.connectPort() : port;
        return new InetSocketAddress(ip, p);
    }

    /** The local address to bind, if the endpoint asks for one. */
    public static Optional<InetSocketAddress> bindAddress(CheckEndpoint endpoint) {
        if (endpoint.bindIp().isEmpty() && endpoint.bindPort() == 0) {
            return Optional.empty();
        }
        return Optional.of(endpoint.bindIp()
                .map(ip -> new InetSocketAddress(ip, endpoint.bindPort()))
                .orElseGet(() -> new InetSocketAddress(endpoint.bindPort())));
    }

    @Override
    public String toString() {
        return HostPort.format(address, port);
    }
}
