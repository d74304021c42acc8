package dev.hadirector.checks;

import dev.hadirector.api.CheckEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The real server a check runs against: its address and port, as the virtual server knows it.
 * The check's own {@link CheckEndpoint} overrides them.
 */
public record CheckTarget(InetAddress address, int port) {

    public CheckTarget {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " out of range: must be 0..65535");
        }
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
