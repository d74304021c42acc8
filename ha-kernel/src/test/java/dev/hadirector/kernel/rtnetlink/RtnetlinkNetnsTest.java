package dev.hadirector.kernel.rtnetlink;

import dev.hadirector.testkit.NetLab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.netns.NetNamespace;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the host kernel, in a namespace the test creates: what we add, `ip addr` sees, and back. */
class RtnetlinkNetnsTest {
    private NetLab lab;
    private NetNamespace ns;
    private RtnetlinkClient rtnl;

    @BeforeEach
    void lab() {
        lab = NetLab.create();
        lab.host("a").lan("sw").link("a", "sw", "veth0");
        ns = NetNamespace.at(lab.nsPath("a"));
        rtnl = ns.call(RtnetlinkClient::open);
    }

    @AfterEach
    void cleanUp() {
        if (rtnl != null) {
            rtnl.close();
        }
        if (ns != null) {
            ns.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void listsTheNamespacesLinks() {
        List<Link> links = rtnl.links();
        assertEquals(List.of("lo", "veth0"), links.stream().map(Link::name).sorted().toList());
        Link veth = rtnl.link("veth0").orElseThrow();
        assertTrue(veth.isUp());
        assertEquals(1500, veth.mtu());
        String ipLink = lab.exec("a", "ip", "-o", "link", "show", "veth0").ok().stdout();
        assertTrue(ipLink.startsWith(veth.index() + ": veth0@"), ipLink);
        assertTrue(ipLink.contains("link/ether " + veth.address().orElseThrow()), ipLink);
        assertEquals(veth, rtnl.link(veth.index()).orElseThrow());
        assertTrue(rtnl.link("nosuchlink0").isEmpty());
        KernelException e = assertThrows(KernelException.class, () -> rtnl.indexOf("nosuchlink0"));
        assertEquals("find link nosuchlink0: ENODEV (No such device)", e.getMessage());
    }

    @Test
    void addsListsAndDeletesIpv4WithLabelAndIpv6WithNodad() {
        int index = rtnl.indexOf("veth0");
        InterfaceAddress v4 = InterfaceAddress.builder("10.1.0.5/24", index).label("veth0:vip").build();
        InterfaceAddress v6 = InterfaceAddress.builder("fd00:1::5/64", index).noDad().build();
        rtnl.addAddress(v4);
        rtnl.addAddress(v6);

        String ip = lab.exec("a", "ip", "addr", "show", "dev", "veth0").ok().stdout();
        assertTrue(ip.contains("inet 10.1.0.5/24 scope global veth0:vip"), ip);
        String v6Line = ip.lines().filter(l -> l.contains("fd00:1::5/64")).findFirst().orElseThrow();
        assertTrue(v6Line.contains("scope global nodad"), ip);
        assertFalse(v6Line.contains("tentative"), "nodad skips duplicate address detection: " + ip);

        List<InterfaceAddress> listed = rtnl.addressesOn(index);
        InterfaceAddress seenV4 = listed.stream().filter(a -> a.sameAddress(v4)).findFirst().orElseThrow();
        assertEquals("veth0:vip", seenV4.label().orElseThrow());
        InterfaceAddress seenV6 = listed.stream().filter(a -> a.sameAddress(v6)).findFirst().orElseThrow();
        assertTrue(seenV6.hasFlag(Rtnetlink.IFA_F_NODAD), seenV6.toString());

        KernelException twice = assertThrows(KernelException.class, () -> rtnl.addAddress(v4));
        // Newer kernels append an extended-ack text ("ipv4: Address already assigned") after this.
        assertTrue(twice.getMessage().startsWith("add address 10.1.0.5/24 on veth0 (index " + index
                + "): EEXIST (File exists)"), twice.getMessage());

        rtnl.deleteAddress(v4);
        rtnl.deleteAddress(v6);
        ip = lab.exec("a", "ip", "addr", "show", "dev", "veth0").ok().stdout();
        assertFalse(ip.contains("10.1.0.5"), ip);
        assertFalse(ip.contains("fd00:1::5"), ip);
        assertTrue(rtnl.addressesOn(index).stream().noneMatch(a -> a.sameAddress(v4) || a.sameAddress(v6)));

        KernelException missing = assertThrows(KernelException.class, () -> rtnl.deleteAddress(v4));
        assertEquals("EADDRNOTAVAIL", missing.errnoName());
        assertTrue(missing.getMessage().startsWith("delete address 10.1.0.5/24 on veth0 (index " + index + "): "
                + "EADDRNOTAVAIL (Cannot assign requested address)"), missing.getMessage());
        KernelException missing6 = assertThrows(KernelException.class, () -> rtnl.deleteAddress(v6));
        assertEquals("EADDRNOTAVAIL", missing6.errnoName());
        assertTrue(missing6.getMessage().contains("fd00:1:0:0:0:0:0:5/64"), missing6.getMessage());
    }

    @Test
    void scopeAndReplace() {
        int index = rtnl.indexOf("veth0");
        InterfaceAddress linkScoped = InterfaceAddress.builder("10.1.0.6/32", index).scope(Rtnetlink.RT_SCOPE_LINK).build();
        rtnl.replaceAddress(linkScoped); // creates when missing
        rtnl.replaceAddress(linkScoped); // and is idempotent when present
        String ip = lab.exec("a", "ip", "-o", "addr", "show", "dev", "veth0").ok().stdout();
        assertTrue(ip.contains("inet 10.1.0.6/32 scope link veth0"), ip);
        assertEquals(Rtnetlink.RT_SCOPE_LINK, rtnl.addressesOn(index).stream().filter(a -> a.sameAddress(linkScoped))
                .findFirst().orElseThrow().scope());
    }

    @Test
    void createsAndDeletesAMacvlanForAVirtualMac() {
        int parent = rtnl.indexOf("veth0");
        MacAddress vmac = MacAddress.parse("00:00:5e:00:01:33");
        Link created = rtnl.addMacvlan(MacvlanLink.builder("vrrp.51", parent).address(vmac).build());
        assertEquals("vrrp.51", created.name());
        assertEquals(vmac, created.address().orElseThrow());
        rtnl.setUp(created.index(), true);
        String ip = lab.exec("a", "ip", "-d", "-o", "link", "show", "vrrp.51").ok().stdout();
        assertTrue(ip.contains("vrrp.51@veth0"), ip);
        assertTrue(ip.contains("link/ether 00:00:5e:00:01:33"), ip);
        assertTrue(ip.contains("macvlan mode private"), ip);

        KernelException taken = assertThrows(KernelException.class,
                () -> rtnl.addMacvlan(MacvlanLink.builder("vrrp.51", parent).build()));
        assertTrue(taken.getMessage().startsWith("add macvlan vrrp.51 on veth0 (index " + parent + "): EEXIST"),
                taken.getMessage());

        rtnl.deleteLink(created.index());
        assertTrue(rtnl.link("vrrp.51").isEmpty());
        KernelException gone = assertThrows(KernelException.class, () -> rtnl.deleteLink(created.index()));
        assertTrue(gone.getMessage().startsWith("delete link missing link (index " + created.index() + "): ENODEV"),
                gone.getMessage());
    }

    @Test
    void seesAddressesOthersAdd() {
        lab.exec("a", "ip", "addr", "add", "192.0.2.7/28", "dev", "veth0").ok().stdout();
        int index = rtnl.indexOf("veth0");
        assertTrue(rtnl.addresses().stream().anyMatch(a -> a.cidr().equals("192.0.2.7/28") && a.interfaceIndex() == index
                && a.label().equals(java.util.Optional.of("veth0"))), rtnl.addresses().toString());
    }

    @Test
    void addressOnAMissingLinkNamesTheIndex() {
        KernelException e = assertThrows(KernelException.class,
                () -> rtnl.addAddress(InterfaceAddress.builder("10.1.0.5/24", 999).build()));
        assertEquals("ENODEV", e.errnoName());
        assertTrue(e.getMessage().startsWith("add address 10.1.0.5/24 on missing link (index 999): ENODEV"),
                e.getMessage());
    }

    @Test
    void setsLinksDownAndUp() {
        int index = rtnl.indexOf("veth0");
        rtnl.setUp(index, false);
        assertFalse(rtnl.link(index).orElseThrow().isUp());
        assertTrue(lab.exec("a", "ip", "-o", "link", "show", "veth0").ok().stdout().contains("state DOWN"));
        rtnl.setUp(index, true);
        assertTrue(rtnl.link(index).orElseThrow().isUp());
    }
}
