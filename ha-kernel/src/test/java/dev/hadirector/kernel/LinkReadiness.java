package dev.hadirector.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.kernel.rtnetlink.Link;
import dev.hadirector.kernel.rtnetlink.OperState;
import dev.hadirector.kernel.rtnetlink.RtnetlinkClient;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Waits until a freshly made veth reports operstate UP. The kernel turns a link's carrier on asynchronously
 * (linkwatch, up to a second later); until then its queue discards what is sent, so a test that sends at once
 * would lose its first packets.
 */
public final class LinkReadiness {
    private LinkReadiness() {
    }

    public static void awaitUp(NetNamespace ns, String... ifnames) {
        try (RtnetlinkClient rtnl = ns.call(RtnetlinkClient::open)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (String ifname : ifnames) {
                while (true) {
                    Optional<Link> link = rtnl.link(ifname);
                    if (link.isPresent() && link.get().operState() == OperState.UP) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        fail(ifname + " in " + ns + " is not up: " + link);
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        fail("interrupted waiting for " + ifname);
                    }
                }
            }
        }
    }
}
