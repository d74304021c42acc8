package dev.hadirector.kernel.genetlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.netlink.Netlink;
import dev.hadirector.kernel.netlink.NetlinkConnection;
import dev.hadirector.testkit.Rig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs inside User-Mode-Linux (tag "uml"), where the ip_vs module is loaded: the controller resolves the
 * "IPVS" family. The host-side counterpart (reported missing) is {@link GenericNetlinkHostTest}.
 */
@Tag("uml")
class GenericNetlinkIpvsUmlTest {

    @Test
    void resolvesTheIpvsFamily() {
        Rig.requireIpvs();
        try (NetlinkConnection c = NetlinkConnection.open(Netlink.NETLINK_GENERIC)) {
            GenericFamily ipvs = GenericNetlink.resolve(c, "IPVS");
            assertEquals("IPVS", ipvs.name());
            assertTrue(ipvs.id() >= GenericNetlink.GENL_ID_CTRL + 1, "a dynamic family id: " + ipvs);
            assertTrue(ipvs.version() >= 1, ipvs.toString());
            assertTrue(ipvs.maxAttribute() >= 1, ipvs.toString());
            assertEquals(ipvs, GenericNetlink.resolve(c, "IPVS"), "resolving twice gives the same family");
        }
    }
}
