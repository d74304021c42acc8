package dev.hadirector.vrrp.kernel;

import static dev.hadirector.kernel.nftables.NfTables.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.netlink.AttributeReader;
import dev.hadirector.kernel.netlink.EmbeddedNetlinkTransport;
import dev.hadirector.kernel.netlink.NetlinkMessage;
import dev.hadirector.kernel.nftables.NfTablesClient;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the firewall asks of nf_tables, against a scripted kernel: which transactions, which sets, which keys. */
class AcceptModeFirewallTest {
    private final List<String> refuse = new ArrayList<>();
    private final EmbeddedNetlinkTransport kernel = new EmbeddedNetlinkTransport((request, replies) -> {
        if (request.type() == NFNL_MSG_BATCH_BEGIN || request.type() == NFNL_MSG_BATCH_END) {
            return;
        }
        if (refuse.contains(typeName(request.type()))) {
            replies.error(Errno.ENOENT, null);
        } else {
            replies.ack();
        }
    });

    private static VrrpInstance.Builder spec() {
        return VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(1).virtualAddress("10.0.0.1/24");
    }

    @Test
    void onlyANonOwnerWithoutAcceptModeNeedsIt() {
        assertFalse(AcceptModeFirewall.isNeededFor(spec().build()), "keepalived's default is accept");
        assertTrue(AcceptModeFirewall.isNeededFor(spec().acceptMode(false).build()));
        assertTrue(AcceptModeFirewall.isNeededFor(spec().acceptMode(false).priority(254).build()));
        assertFalse(AcceptModeFirewall.isNeededFor(spec().acceptMode(false).priority(255).build()),
                "RFC 5798 6.1: the address owner accepts whatever Accept_Mode says");
        assertEquals("hadirector_VI_1", AcceptModeFirewall.tableName("VI_1"));
    }

    @Test
    void openReplacesAnyStaleTableInOneTransaction() {
        AcceptModeFirewall.open(spec().acceptMode(false).build(), new NfTablesClient(kernel));
        assertEquals(1, kernel.datagramsSent());
        assertEquals(List.of("BEGIN", "NEWTABLE", "DELTABLE", "NEWTABLE", "NEWCHAIN", "NEWSET", "NEWSET",
                "NEWRULE", "NEWRULE", "NEWRULE", "END"), types(kernel.sent()));
    }

    @Test
    void settingsNameTheTableAndSetTheChainPriority() {
        AcceptModeFirewallSettings settings = new AcceptModeFirewallSettings("kad", 10);
        AcceptModeFirewall firewall = AcceptModeFirewall.open(spec().acceptMode(false).build(), settings,
                new NfTablesClient(kernel));
        assertEquals("kad_VI_1", firewall.table());
        NetlinkMessage chain = kernel.sent().stream().filter(m -> typeName(m.type()).equals("NEWCHAIN")).findFirst()
                .orElseThrow();
        AttributeReader a = chain.attributes(NFGENMSG_LENGTH);
        assertTrue(a.find(NFTA_CHAIN_TABLE));
        assertEquals("kad_VI_1", a.string());
        assertTrue(a.rewind().find(NFTA_CHAIN_HOOK));
        AttributeReader hook = a.nested();
        assertTrue(hook.find(NFTA_HOOK_PRIORITY));
        assertEquals(10, hook.be32());

        AcceptModeFirewall defaults = AcceptModeFirewall.open(spec().acceptMode(false).build(), new NfTablesClient(kernel));
        assertEquals("hadirector_VI_1", defaults.table());
    }

    @Test
    void countersPutACounterBeforeEachDropOnlyWhenAskedFor() {
        AcceptModeFirewall.open(spec().acceptMode(false).build(), new AcceptModeFirewallSettings("kad", -1, true),
                new NfTablesClient(kernel));
        assertEquals(List.of("meta,cmp,payload,cmp,cmp,immediate", "meta,cmp,payload,lookup,counter,immediate",
                "meta,cmp,payload,lookup,counter,immediate"), ruleShapes(0));

        int before = kernel.sent().size();
        AcceptModeFirewall.open(spec().acceptMode(false).build(), new AcceptModeFirewallSettings("kad", -1),
                new NfTablesClient(kernel));
        assertEquals(List.of("meta,cmp,payload,cmp,cmp,immediate", "meta,cmp,payload,lookup,immediate",
                "meta,cmp,payload,lookup,immediate"), ruleShapes(before));
    }

    /** The expression names of every rule sent from message {@code from} on, one comma-joined string per rule. */
    private List<String> ruleShapes(int from) {
        List<String> shapes = new ArrayList<>();
        List<NetlinkMessage> sent = kernel.sent();
        for (NetlinkMessage m : sent.subList(from, sent.size())) {
            if (!typeName(m.type()).equals("NEWRULE")) {
                continue;
            }
            AttributeReader rule = m.attributes(NFGENMSG_LENGTH);
            assertTrue(rule.find(NFTA_RULE_EXPRESSIONS));
            AttributeReader elements = rule.nested();
            List<String> names = new ArrayList<>();
            while (elements.next()) {
                AttributeReader element = elements.nested();
                assertTrue(element.find(NFTA_EXPR_NAME));
                names.add(element.string());
            }
            shapes.add(String.join(",", names));
        }
        return shapes;
    }

    @Test
    void settingsRefuseATableNameNftCouldNotRead() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AcceptModeFirewallSettings("my table", -1));
        assertEquals("nftables table name 'my table' invalid at character 3: must start with a letter, digit or '_'"
                + " and hold only those, '-' and '.'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AcceptModeFirewallSettings("", -1));
        assertThrows(IllegalArgumentException.class, () -> new AcceptModeFirewallSettings("-x", -1));
        assertEquals("a-b.c_VI_1", new AcceptModeFirewallSettings("a-b.c", 0).tableName("VI_1"));
    }

    @Test
    void blockAndUnblockSplitByFamilyDeduplicateAndUnblockToleratesAbsentAddresses() throws Exception {
        AcceptModeFirewall firewall = AcceptModeFirewall.open(spec().acceptMode(false).build(), new NfTablesClient(kernel));
        int before = kernel.sent().size();
        List<Vip> vips = List.of(Vip.parse("10.0.0.1/24"), Vip.parse("2001:db8::1/64"), Vip.parse("10.0.0.1/32"),
                Vip.parse("10.0.0.2/24 dev eth1"));
        firewall.block(vips);
        List<NetlinkMessage> block = kernel.sent().subList(before, kernel.sent().size());
        assertEquals(List.of("BEGIN", "NEWSETELEM", "NEWSETELEM", "END"), types(block));
        assertEquals("vips4", setOf(block.get(1)));
        assertEquals(List.of(ip("10.0.0.1"), ip("10.0.0.2")), keysOf(block.get(1)), "one key per address");
        assertEquals("vips6", setOf(block.get(2)));
        assertEquals(List.of(ip("2001:db8::1")), keysOf(block.get(2)));

        before = kernel.sent().size();
        firewall.unblock(vips.subList(0, 1));
        List<NetlinkMessage> unblock = kernel.sent().subList(before, kernel.sent().size());
        // Adding first makes deleting an address that is not blocked harmless, in the same transaction.
        assertEquals(List.of("BEGIN", "NEWSETELEM", "DELSETELEM", "END"), types(unblock));
        assertEquals(List.of(ip("10.0.0.1")), keysOf(unblock.get(2)));

        before = kernel.sent().size();
        firewall.block(List.of());
        assertEquals(before, kernel.sent().size(), "nothing to block sends nothing");

        firewall.close();
        List<NetlinkMessage> all = kernel.sent();
        assertEquals(List.of("BEGIN", "NEWTABLE", "DELTABLE", "END"), types(all.subList(all.size() - 4, all.size())));
    }

    @Test
    void refusalsNameTheInstanceTheTableAndTheAddress() {
        AcceptModeFirewall firewall = AcceptModeFirewall.open(spec().acceptMode(false).build(), new NfTablesClient(kernel));
        refuse.add("NEWSETELEM");
        KernelException e = assertThrows(KernelException.class, () -> firewall.block(List.of(Vip.parse("10.0.0.1/24"))));
        assertEquals("instance VI_1: block virtual addresses in no_accept firewall table inet hadirector_VI_1:"
                + " add element 10.0.0.1 to set inet hadirector_VI_1 vips4; nothing applied: ENOENT (No such file or"
                + " directory)", e.getMessage());

        refuse.add("NEWCHAIN");
        KernelException install = assertThrows(KernelException.class,
                () -> AcceptModeFirewall.open(spec().acceptMode(false).build(), new NfTablesClient(kernel)));
        assertTrue(install.getMessage().startsWith("instance VI_1: install no_accept firewall table inet hadirector_VI_1:"
                + " add chain inet hadirector_VI_1 input"), install.getMessage());

        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> AcceptModeFirewall.open(VrrpInstance.builder("V".repeat(250)).iface("eth0").virtualRouterId(1)
                        .virtualAddress("10.0.0.1/24").acceptMode(false).build(), new NfTablesClient(kernel)));
        assertTrue(tooLong.getMessage().startsWith("instance " + "V".repeat(250) + ": no_accept firewall table:"
                + " nf_tables name"), tooLong.getMessage());
    }

    private static byte[] ipBytes(String text) throws Exception {
        return InetAddress.getByName(text).getAddress();
    }

    private static String ip(String text) throws Exception {
        return InetAddress.getByAddress(ipBytes(text)).getHostAddress();
    }

    private static String setOf(NetlinkMessage m) {
        AttributeReader a = m.attributes(NFGENMSG_LENGTH);
        assertTrue(a.find(NFTA_SET_ELEM_LIST_SET));
        return a.string();
    }

    private static List<String> keysOf(NetlinkMessage m) throws Exception {
        AttributeReader a = m.attributes(NFGENMSG_LENGTH);
        assertTrue(a.find(NFTA_SET_ELEM_LIST_ELEMENTS));
        AttributeReader elements = a.nested();
        List<String> keys = new ArrayList<>();
        while (elements.next()) {
            AttributeReader element = elements.nested();
            assertTrue(element.find(NFTA_SET_ELEM_KEY));
            AttributeReader key = element.nested();
            assertTrue(key.find(NFTA_DATA_VALUE));
            keys.add(InetAddress.getByAddress(key.bytes()).getHostAddress());
        }
        return keys;
    }

    private static List<String> types(List<NetlinkMessage> messages) {
        return messages.stream().map(m -> typeName(m.type())).toList();
    }

    private static String typeName(int type) {
        if (type == NFNL_MSG_BATCH_BEGIN) {
            return "BEGIN";
        }
        if (type == NFNL_MSG_BATCH_END) {
            return "END";
        }
        return switch (type & 0xff) {
            case NFT_MSG_NEWTABLE -> "NEWTABLE";
            case NFT_MSG_DELTABLE -> "DELTABLE";
            case NFT_MSG_NEWCHAIN -> "NEWCHAIN";
            case NFT_MSG_NEWSET -> "NEWSET";
            case NFT_MSG_NEWSETELEM -> "NEWSETELEM";
            case NFT_MSG_DELSETELEM -> "DELSETELEM";
            case NFT_MSG_NEWRULE -> "NEWRULE";
            default -> "type " + type;
        };
    }
}
