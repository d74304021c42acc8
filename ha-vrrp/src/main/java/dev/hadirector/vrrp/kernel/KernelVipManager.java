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

/**
 * Adds and removes an instance's virtual addresses over rtnetlink, on each address's {@code dev} or the
 * instance's interface, with its label; IPv6 addresses without duplicate address detection (the master
 * owns them at once, as keepalived does). Adding replaces (an address already present is not an error);
 * removing an absent address is not an error. Every address is attempted; failures are reported together in
 * one exception naming each address and errno, so a single bad address does not keep the others away.
 */
public final class KernelVipManager implements VipManager, AutoCloseable {
    private final VrrpInstance spec;
    private final RtnetlinkClient client;

    private KernelVipManager(VrrpInstance spec, RtnetlinkClient client) {
        this.spec = spec;
        this.client = client;
    }

    /** Opens an rtnetlink connection in {@code namespace} (null: the JVM's own). */
    public static KernelVipManager open(VrrpInstance spec, NetNamespace namespace) {
        Objects.requireNonNull(spec, "spec");
        RtnetlinkClient client = namespace == null ? RtnetlinkClient.open() : namespace.call(RtnetlinkClient::open);
        return new KernelVipManager(spec, client);
    }

    @Override
    public void add(List<Vip> vips) {
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
        for (Vip vip : vips) {
            try {
                client.deleteAddress(toKernel(vip));
            } catch (KernelException e) {
                if (e.errno() != Errno.EADDRNOTAVAIL && e.errno() != Errno.ENODEV) {
                    failures.add("remove " + vip + ": " + e.getMessage());
                }
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
        client.close();
    }
}
