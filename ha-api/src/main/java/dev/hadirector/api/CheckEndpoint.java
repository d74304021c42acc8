package dev.hadirector.api;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Where a check connects and from where; each empty field falls back to the real server's own
 * address and port (connect side) or to the kernel's choice (bind side).
 *
 * @param connectIp   connect_ip
 * @param connectPort connect_port, 0 for the real server's port
 * @param bindIp      bindto
 * @param bindPort    bind_port, 0 for an ephemeral port
 * @param bindInterface bind_if: the interface the check's packets leave by (SO_BINDTODEVICE); needed to reach an
 *                    IPv6 link-local connect_ip
 */
public record CheckEndpoint(Optional<InetAddress> connectIp, int connectPort, Optional<InetAddress> bindIp,
                            int bindPort, Optional<String> bindInterface) {

    public static final CheckEndpoint DEFAULT = new CheckEndpoint(Optional.empty(), 0, Optional.empty(), 0,
            Optional.empty());

    /** Without bind_if. */
    public CheckEndpoint(Optional<InetAddress> connectIp, int connectPort, Optional<InetAddress> bindIp, int bindPort) {
        this(connectIp, connectPort, bindIp, bindPort, Optional.empty());
    }

    public CheckEndpoint {
        SpecRules.notNull("connectIp", connectIp);
        SpecRules.notNull("bindIp", bindIp);
        SpecRules.range("connectPort", connectPort, 0, 65_535);
        SpecRules.range("bindPort", bindPort, 0, 65_535);
        SpecRules.notNull("bindInterface", bindInterface);
        bindInterface.ifPresent(SpecRules::interfaceName);
        if (connectIp.isPresent() && bindIp.isPresent()
                && connectIp.get().getClass() != bindIp.get().getClass()) {
            throw new IllegalArgumentException("bindTo " + bindIp.get().getHostAddress()
                    + " does not match the address family of connectIp " + connectIp.get().getHostAddress()
                    + ": both must be IPv4 or both IPv6");
        }
    }
}
