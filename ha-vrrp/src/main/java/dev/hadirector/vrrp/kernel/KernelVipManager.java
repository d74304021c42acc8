package dev.hadirector.vrrp.kernel;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.kernel.rtnetlink.InterfaceAddress;
import dev.hadirector.kernel.rtnetlink.RtnetlinkClient;
import dev.hadirector.vrrp.VipManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Adds and removes an instance's virtual addresses over rtnetlink, on each address's {@code dev} or the
 * instance's interface, with its label; IPv6 addresses without duplicate address detection (the master
 * owns them at once, as keepalived does). Adding replaces (an address already present is not an error);
 * removing an absent address is not an error. Every address is attempted; failures are reported together in
 * one exception naming each address and errno, so a single bad address does not keep the others away.
 *
 * <p>An instance with accept mode off that does not own its addresses gets an {@link AcceptModeFirewall}:
 * addresses are blocked before they are added (so the master never accepts a packet for them, not even
 * for a moment) and unblocked only once they are gone. When the firewall refuses, no address is added,
 * since running with them unguarded would break the configured no_accept.
 */
public final class KernelVipManager implements VipManager, AutoCloseable {
    private final VrrpInstance spec;
    private final RtnetlinkClient client;
    private final AcceptModeFirewall firewall;

    private KernelVipManager(VrrpInstance spec, RtnetlinkClient client, AcceptModeFirewall firewall) {
        this.spec = spec;
        this.client = client;
        this.firewall = firewall;
    }

    /**
     * Opens an rtnetlink connection in {@code namespace} (null: the JVM's own), and the instance's
     * {@link AcceptModeFirewall} when {@link AcceptModeFirewall#isNeededFor it needs one} (replacing the
     * table a crashed run left).
     */
    public static KernelVipManager open(VrrpInstance spec, NetNamespace namespace) {
        return open(spec, namespace, AcceptModeFirewallSettings.DEFAULTS);
    }

    /** As {@link #open(VrrpInstance, NetNamespace)}, the firewall (if any) placed by {@code firewallSettings}. */
    public static KernelVipManager open(VrrpInstance spec, NetNamespace namespace,
                                        AcceptModeFirewallSettings firewallSettings) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(firewallSettings, "firewallSettings");
        RtnetlinkClient client = namespace == null ? RtnetlinkClient.open() : namespace.call(RtnetlinkClient::open);
        try {
            AcceptModeFirewall firewall = AcceptModeFirewall.isNeededFor(spec)
                    ? AcceptModeFirewall.open(spec, namespace, firewallSettings) : null;
            return new KernelVipManager(spec, client, firewall);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The nf_tables table enforcing no_accept, when this instance has one. */
    public Optional<String> firewallTable() {
        return Optional.ofNullable(firewall).map(AcceptModeFirewall::table);
    }

    @Override
    public void add(List<Vip> vips) {
        if (firewall != null) {
            try {
                firewall.block(vips);
            } catch (RuntimeException e) {
                throw new IllegalStateException("instance " + spec.name() + ": no virtual address added, because"
                        + " the no_accept firewall could not block them: " + e.getMessage(), e);
            }
        }
        List<String> failures = new ArrayList<>();
        for (Vip vip : vips) {
            try {
                client.replaceAddress(toKernel(vip));
            } catch (KernelException e) {
                failures.add("add " + vip + ": " + e.getMessage());
            }
        }
        report(failures);
    }

    @Override
    public void remove(List<Vip> vips) {
        List<String> failures = new ArrayList<>();
        List<Vip> gone = new ArrayList<>();
        for (Vip vip : vips) {
            try {
                client.deleteAddress(toKernel(vip));
                gone.add(vip);
            } catch (KernelException e) {
                if (e.errno() != Errno.EADDRNOTAVAIL && e.errno() != Errno.ENODEV) {
                    failures.add("remove " + vip + ": " + e.getMessage());
                } else {
                    gone.add(vip);
                }
            }
        }
        // An address still present stays blocked: a backup must not accept for it either.
        if (firewall != null && !gone.isEmpty()) {
            try {
                firewall.unblock(gone);
            } catch (RuntimeException e) {
                failures.add(e.getMessage());
            }
        }
        report(failures);
    }

    private InterfaceAddress toKernel(Vip vip) {
        String dev = vip.dev().orElse(spec.iface());
        int index;
        try {
            index = client.indexOf(dev);
        } catch (KernelException e) {
            throw new KernelException(e.errno(), "virtual address " + vip + ": interface " + dev + " not found");
        }
        InterfaceAddress.Builder b = InterfaceAddress.builder(vip.address(), vip.prefixLength(), index);
        vip.label().ifPresent(b::label);
        if (vip.isIpv6()) {
            b.noDad();
        }
        return b.build();
    }

    private void report(List<String> failures) {
        if (!failures.isEmpty()) {
            throw new IllegalStateException("instance " + spec.name() + ": " + String.join("; ", failures));
        }
    }

    @Override
    public void close() {
        try {
            if (firewall != null) {
                firewall.close();
            }
        } finally {
            client.close();
        }
    }
}
