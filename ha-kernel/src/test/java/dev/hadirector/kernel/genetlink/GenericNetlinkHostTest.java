package dev.hadirector.kernel.genetlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.netlink.Netlink;
import dev.hadirector.kernel.netlink.NetlinkConnection;
import org.junit.jupiter.api.Test;

/** Against the host kernel: needs no privilege, since resolving a family is allowed to anyone. */
class GenericNetlinkHostTest {

    @Test
    void controllerResolvesItself() {
        try (NetlinkConnection c = NetlinkConnection.open(Netlink.NETLINK_GENERIC)) {
            GenericFamily family = GenericNetlink.resolve(c, "nlctrl");
            assertEquals(GenericNetlink.GENL_ID_CTRL, family.id());
            assertEquals("nlctrl", family.name());
            assertTrue(family.multicastGroup("notify").isPresent(), family.toString());
        }
    }

    @Test
    void missingFamilyIsAClearEnoent() {
        try (NetlinkConnection c = NetlinkConnection.open(Netlink.NETLINK_GENERIC)) {
            KernelException e = assertThrows(KernelException.class,
                    () -> GenericNetlink.resolve(c, "NOSUCHFAMILY"));
            assertEquals("ENOENT", e.errnoName());
            assertTrue(e.getMessage().contains("\"NOSUCHFAMILY\""), e.getMessage());
        }
    }

    @Test
    void ipvsIsReportedMissingOnAKernelWithoutIt() {
        org.junit.jupiter.api.Assumptions.assumeFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/proc/net/ip_vs")),
                "this kernel has IPVS; the UML suite covers the positive case");
        try (NetlinkConnection c = NetlinkConnection.open(Netlink.NETLINK_GENERIC)) {
            KernelException e = assertThrows(KernelException.class, () -> GenericNetlink.resolve(c, "IPVS"));
            assertEquals("ENOENT", e.errnoName());
            assertTrue(e.getMessage().contains("module"), e.getMessage());
        }
    }
}
