package dev.hadirector.ipvs;

/** Connection timeouts in seconds; 0 in a set request leaves that timeout unchanged. */
public record IpvsTimeouts(int tcp, int tcpFin, int udp) {
    public IpvsTimeouts {
        if (tcp < 0 || tcpFin < 0 || udp < 0) {
            throw new IllegalArgumentException("timeouts " + tcp + " " + tcpFin + " " + udp
                    + " out of range: must be >= 0 seconds");
        }
    }
}
