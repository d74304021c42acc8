package dev.hadirector.api;

import java.util.List;

/**
 * How a virtual server reacts to the health of its pool, as keepalived's {@code virtual_server} does.
 *
 * <p>The live weight is the sum of the weights of the real servers that pass their checks. Quorum is lost
 * when it falls below {@code quorum - hysteresis} and regained when it reaches {@code quorum + hysteresis}.
 * While quorum is lost the {@code sorryServer} (if any) replaces every real server; with
 * {@code sorryServerInhibit} it stays in the table at weight 0 while unused instead of being removed.
 *
 * @param quorum             minimum live weight for the pool to serve (keepalived's default 1)
 * @param hysteresis         flap dampener around the quorum, in weight units (default 0)
 * @param quorumUp           program and arguments run (without a shell) when quorum is regained; empty: none
 * @param quorumDown         program and arguments run when quorum is lost; empty: none
 * @param sorryServer        the server that replaces the pool while quorum is lost; null: none
 * @param sorryServerInhibit keep the sorry server at weight 0 while quorum holds
 * @param omega              on shutdown, run quorum_down and the down notifiers of the live real servers
 * @param haSuspend          pause the checks while the director is not VRRP master
 * @param virtualHost        default HTTP Host of the pool's HTTP/SSL checks; null: none
 */
public record PoolPolicy(int quorum, int hysteresis, List<String> quorumUp, List<String> quorumDown,
                         RealServer sorryServer, boolean sorryServerInhibit, boolean omega, boolean haSuspend,
                         String virtualHost) {

    /** keepalived's defaults: quorum 1, no hysteresis, no programs, no sorry server. */
    public static final PoolPolicy DEFAULT = new PoolPolicy(1, 0, List.of(), List.of(), null, false, false, false,
            null);

    public PoolPolicy {
        if (quorum < 0) {
            throw new IllegalArgumentException("quorum " + quorum + " out of range: must be >= 0");
        }
        if (hysteresis < 0) {
            throw new IllegalArgumentException("hysteresis " + hysteresis + " out of range: must be >= 0");
        }
        quorumUp = Programs.command("quorumUp", quorumUp);
        quorumDown = Programs.command("quorumDown", quorumDown);
        if (sorryServerInhibit && sorryServer == null) {
            throw new IllegalArgumentException("sorryServerInhibit true invalid: needs a sorryServer");
        }
        if (virtualHost != null) {
            Programs.hostName("virtualHost", virtualHost);
        }
    }

    /** The live weight at or above which a lost quorum is regained. */
    public long regainAt() {
        return (long) quorum + hysteresis;
    }

    /** The live weight below which a holding quorum is lost. */
    public long loseBelow() {
        return (long) quorum - hysteresis;
    }
}
