package dev.hadirector.config.vrrp;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.config.ConfigNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * keepalived's strict VRRP compliance ({@code global_defs vrrp_strict}, or {@code strict_mode} in one
 * instance) applied to one mapped instance, with keepalived 2.2.7's rules as {@code keepalived -t} enforces
 * them. Every rule keepalived reports makes {@code keepalived -t} fail, even those it then runs with the
 * setting reset ("preempt_delay ... resetting", "authentication ... Ignoring"), so each is a refusal here:
 * a configuration keepalived's own check refuses is not one we run with a silent adjustment.
 *
 * <p>Refused: a VRRPv3 IPv6 instance whose
 * first address is not link-local; {@code state MASTER} with a priority below 255 and {@code state BACKUP}
 * with priority 255; {@code authentication}; a {@code preempt_delay} above 0; {@code accept} in VRRPv2
 * unless the instance owns its addresses (priority 255). Changed: accept mode, when neither {@code accept}
 * nor {@code no_accept} is given, is on only for the address owner (RFC 5798's Accept_Mode default).
 * keepalived's "no VIP specified" needs no rule here: {@link VrrpInstance} refuses an instance without a
 * {@code virtual_ipaddress} in any mode (excluded addresses do not count there either).
 *
 * <p>Not refused, although keepalived.conf(5) lists it: unicast peers (keepalived 2.2.7 runs them in strict
 * mode without a word). Already how the director always behaves, so nothing to change: a master discards a
 * lower-priority advert without answering it (keepalived's {@code lower_prio_no_advert}, which strict mode
 * forces on), and no gratuitous ARP is repeated at a lower priority. The keywords keepalived forbids in strict
 * mode that the director does not run at all ({@code garp_lower_prio_repeat}, {@code higher_prio_send_advert},
 * {@code vmac_xmit_base}, ...) are refused as not yet supported before this runs.
 */
final class StrictMode {
    private StrictMode() {
    }

    /** The statements of one instance the strict rules look at; absent when not given. */
    record Statements(ConfigNode instance, Optional<ConfigNode> state, Optional<ConfigNode> authentication,
                      Optional<ConfigNode> preemptDelay, Optional<ConfigNode> accept,
                      Optional<ConfigNode> virtualAddresses) {
    }

    /** Every strict rule {@code spec} breaks, each at the statement that breaks it. */
    static List<Refusal> violations(VrrpInstance spec, Statements at, Optional<Boolean> acceptGiven) {
        String name = "vrrp_instance " + spec.name() + ": ";
        List<Refusal> out = new ArrayList<>();
        if (spec.version() == VrrpVersion.V3 && !spec.virtualAddresses().isEmpty()) {
            Vip first = spec.virtualAddresses().get(0);
            if (first.isIpv6() && !first.address().isLinkLocalAddress()) {
                out.add(Args.refuse(at.virtualAddresses().orElse(at.instance()), name + "first IPv6 virtual address "
                        + first.address().getHostAddress() + " is not link-local: vrrp_strict requires the first IPv6"
                        + " virtual_ipaddress to be link-local (fe80::/10), as RFC 5798 5.2.9 does"));
            }
        }
        at.state().ifPresent(state -> {
            boolean owner = spec.priority() == VrrpInstance.OWNER_PRIORITY;
            if ((spec.initialState() == VrrpState.MASTER) != owner) {
                out.add(Args.refuse(state, name + "state " + spec.initialState() + " with priority " + spec.priority()
                        + ": vrrp_strict allows state MASTER if and only if the priority is 255 (the address owner)"));
            }
        });
        at.authentication().ifPresent(auth -> out.add(Args.refuse(auth, name + "authentication not allowed:"
                + " vrrp_strict follows RFC 3768 and RFC 5798, which have no authentication")));
        at.preemptDelay().ifPresent(delay -> {
            if (spec.preemptDelay().compareTo(Duration.ZERO) > 0) {
                out.add(Args.refuse(delay, name + "preempt_delay " + Args.one(delay) + " not allowed: vrrp_strict"
                        + " requires preemption without delay (preempt_delay 0 or none)"));
            }
        });
        if (acceptGiven.orElse(false) && spec.version() == VrrpVersion.V2
                && spec.priority() != VrrpInstance.OWNER_PRIORITY) {
            out.add(Args.refuse(at.accept().orElse(at.instance()), name + "accept not allowed with VRRP version 2:"
                    + " vrrp_strict follows RFC 3768, which has no accept mode (use version 3, or no_accept)"));
        }
        return out;
    }

    /** Accept mode when neither accept nor no_accept is given: on only for the address owner. */
    static VrrpInstance withDefaultAcceptMode(VrrpInstance spec) {
        boolean owner = spec.priority() == VrrpInstance.OWNER_PRIORITY;
        return spec.acceptMode() == owner ? spec : spec.toBuilder().acceptMode(owner).build();
    }

    /** {@code strict_mode [on|off|true|false|yes|no]}; without a value, on. */
    static boolean strictModeValue(ConfigNode c) {
        if (c.args().isEmpty()) {
            return true;
        }
        return switch (Args.one(c)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw Args.refuse(c, "strict_mode " + c.args().get(0) + " invalid: must be on, off, true,"
                    + " false, yes or no (or nothing, meaning on)");
        };
    }
}
