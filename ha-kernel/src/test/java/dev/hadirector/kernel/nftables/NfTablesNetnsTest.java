package dev.hadirector.kernel.nftables;

import static dev.hadirector.kernel.nftables.NfTables.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against the host kernel, in a namespace the test creates, with Debian's nft as the reader: what the client
 * commits, {@code nft list} decodes into the same table, chain, sets, elements and rules; a refused change
 * leaves nothing behind.
 */
class NfTablesNetnsTest {
    private static final String TABLE = "hadirector_test";

    private NetLab lab;
    private NetNamespace ns;
    private NfTablesClient client;

    @BeforeEach
    void lab() {
        Rig.requireNetns();
        Rig.requireCommand("nft");
        lab = NetLab.create();
        lab.host("a");
        ns = NetNamespace.at(lab.nsPath("a"));
        client = ns.call(NfTablesClient::open);
    }

    @AfterEach
    void cleanUp() {
        if (client != null) {
            client.close();
        }
        if (ns != null) {
            ns.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void nftDecodesTheTableChainSetsElementsAndRules() {
        client.commit(firewall().addElements(NFPROTO_INET, TABLE, "vips4", List.of(new byte[] {10, 9, 0, 100}))
                .addElements(NFPROTO_INET, TABLE, "vips6", List.of(v6(0x100))), "install test firewall");

        String listed = nft("list", "table", "inet", TABLE);
        assertEquals("""
                table inet hadirector_test {
                	set vips4 {
                		type ipv4_addr
                		elements = { 10.9.0.100 }
                	}

                	set vips6 {
                		type ipv6_addr
                		elements = { 2001:db8:9::100 }
                	}

                	chain input {
                		type filter hook input priority filter - 1; policy accept;
                		icmpv6 type 135-136 accept
                		ip daddr @vips4 drop
                		ip6 daddr @vips6 drop
                	}
                }
                """, listed);

        String low = nft("--debug=netlink", "list", "table", "inet", TABLE);
        // nft's view of the very expressions and registers we sent, element keys in host order
        assertTrue(low.contains("element 6400090a  : 0 [end]"), low);
        assertTrue(low.contains("""
                  [ meta load l4proto => reg 1 ]
                  [ cmp eq reg 1 0x0000003a ]
                  [ payload load 1b @ transport header + 0 => reg 1 ]
                  [ cmp gte reg 1 0x00000087 ]
                  [ cmp lte reg 1 0x00000088 ]
                  [ immediate reg 0 accept ]
                """), low);
        assertTrue(low.contains("""
                  [ meta load nfproto => reg 1 ]
                  [ cmp eq reg 1 0x00000002 ]
                  [ payload load 4b @ network header + 16 => reg 1 ]
                  [ lookup reg 1 set vips4 0x0 ]
                  [ immediate reg 0 drop ]
                """), low);
        assertTrue(low.contains("""
                  [ meta load nfproto => reg 1 ]
                  [ cmp eq reg 1 0x0000000a ]
                  [ payload load 16b @ network header + 24 => reg 1 ]
                  [ lookup reg 1 set vips6 0x0 ]
                  [ immediate reg 0 drop ]
                """), low);

        client.commit(new NfTablesBatch().deleteElements(NFPROTO_INET, TABLE, "vips4",
                List.of(new byte[] {10, 9, 0, 100})), "remove element");
        String after = nft("list", "set", "inet", TABLE, "vips4");
        assertFalse(after.contains("10.9.0.100"), after);

        client.commit(new NfTablesBatch().deleteTable(NFPROTO_INET, TABLE), "delete table");
        assertEquals("", nft("list", "ruleset").strip());
    }

    @Test
    void aRefusedChangeAppliesNothingAndNamesTheObjectAndErrno() {
        client.commit(firewall(), "install test firewall");
        NfTablesBatch batch = new NfTablesBatch()
                .addElements(NFPROTO_INET, TABLE, "vips4", List.of(new byte[] {10, 9, 0, 7}))
                .deleteElements(NFPROTO_INET, TABLE, "vips4", List.of(new byte[] {10, 9, 0, 8}));
        KernelException e = assertThrows(KernelException.class, () -> client.commit(batch, "block test addresses"));
        assertEquals("ENOENT", e.errnoName());
        assertTrue(e.getMessage().startsWith("block test addresses: delete element 10.9.0.8 from set inet "
                + TABLE + " vips4; nothing applied: ENOENT"), e.getMessage());
        String set = nft("list", "set", "inet", TABLE, "vips4");
        assertFalse(set.contains("10.9.0.7"), "the element added before the refused change must not stay: " + set);

        KernelException missing = assertThrows(KernelException.class, () -> client.commit(
                new NfTablesBatch().addElements(NFPROTO_INET, "nosuchtable", "vips4", List.of(new byte[] {1, 2, 3, 4})),
                "add to a missing table"));
        assertEquals("ENOENT", missing.errnoName());
        assertTrue(missing.getMessage().contains("add element 1.2.3.4 to set inet nosuchtable vips4"),
                missing.getMessage());
    }

    @Test
    void createThenDeleteInOneBatchRemovesATableWhetherOrNotItExisted() {
        NfTablesBatch drop = new NfTablesBatch().addTable(NFPROTO_INET, TABLE).deleteTable(NFPROTO_INET, TABLE);
        client.commit(drop, "remove absent table");
        client.commit(firewall(), "install test firewall");
        client.commit(drop.clear().addTable(NFPROTO_INET, TABLE).deleteTable(NFPROTO_INET, TABLE), "remove table");
        assertEquals("", nft("list", "ruleset").strip());
    }

    @Test
    void aCounterBeforeTheVerdictCountsWhatTheRuleDrops() {
        lab.exec("a", "ip", "link", "set", "lo", "up").ok();
        lab.exec("a", "ip", "address", "add", "10.9.0.100/32", "dev", "lo").ok();
        int r = NFT_REG_1;
        client.commit(new NfTablesBatch()
                .addTable(NFPROTO_INET, TABLE)
                .addBaseChain(NFPROTO_INET, TABLE, "input", "filter", NF_INET_LOCAL_IN, -1)
                .addRule(NFPROTO_INET, TABLE, "input", List.of(
                        new NfExpression.Meta(NFT_META_NFPROTO, r),
                        new NfExpression.Compare(r, NFT_CMP_EQ, new byte[] {NFPROTO_IPV4}),
                        new NfExpression.Payload(NFT_PAYLOAD_NETWORK_HEADER, 16, 4, r),
                        new NfExpression.Compare(r, NFT_CMP_EQ, new byte[] {10, 9, 0, 100}),
                        NfExpression.Counter.INSTANCE,
                        NfExpression.Verdict.DROP)), "install a counted drop");
        assertTrue(nft("list", "chain", "inet", TABLE, "input").contains("ip daddr 10.9.0.100 counter packets 0 bytes 0 drop"),
                nft("list", "ruleset"));

        // Three echo requests of 56 bytes of data: 84-byte IPv4 packets, all dropped on input.
        Rig.requireCommand("ping");
        assertFalse(lab.exec("a", "ping", "-c", "3", "-i", "0.2", "-W", "1", "10.9.0.100").succeeded(),
                "the dropped pings go unanswered");
        String counted = nft("list", "chain", "inet", TABLE, "input");
        assertTrue(counted.contains("ip daddr 10.9.0.100 counter packets 3 bytes 252 drop"), counted);
    }

    /** The accept-mode firewall shape: a base chain on input, one set per family, ND exempt. */
    static NfTablesBatch firewall() {
        int r = NFT_REG_1;
        return new NfTablesBatch()
                .addTable(NFPROTO_INET, TABLE)
                .addBaseChain(NFPROTO_INET, TABLE, "input", "filter", NF_INET_LOCAL_IN, -1)
                .addSet(NFPROTO_INET, TABLE, "vips4", 1, NFT_DATATYPE_IPV4_ADDR, 4)
                .addSet(NFPROTO_INET, TABLE, "vips6", 2, NFT_DATATYPE_IPV6_ADDR, 16)
                .addRule(NFPROTO_INET, TABLE, "input", List.of(
                        new NfExpression.Meta(NFT_META_L4PROTO, r),
                        new NfExpression.Compare(r, NFT_CMP_EQ, new byte[] {58}),
                        new NfExpression.Payload(NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1, r),
                        new NfExpression.Compare(r, NFT_CMP_GTE, new byte[] {(byte) 135}),
                        new NfExpression.Compare(r, NFT_CMP_LTE, new byte[] {(byte) 136}),
                        NfExpression.Verdict.ACCEPT))
                .addRule(NFPROTO_INET, TABLE, "input", List.of(
                        new NfExpression.Meta(NFT_META_NFPROTO, r),
                        new NfExpression.Compare(r, NFT_CMP_EQ, new byte[] {NFPROTO_IPV4}),
                        new NfExpression.Payload(NFT_PAYLOAD_NETWORK_HEADER, 16, 4, r),
                        new NfExpression.Lookup("vips4", 1, r),
                        NfExpression.Verdict.DROP))
                .addRule(NFPROTO_INET, TABLE, "input", List.of(
                        new NfExpression.Meta(NFT_META_NFPROTO, r),
                        new NfExpression.Compare(r, NFT_CMP_EQ, new byte[] {NFPROTO_IPV6}),
                        new NfExpression.Payload(NFT_PAYLOAD_NETWORK_HEADER, 24, 16, r),
                        new NfExpression.Lookup("vips6", 2, r),
                        NfExpression.Verdict.DROP));
    }

    private static byte[] v6(int last) {
        byte[] a = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        a[14] = (byte) (last >>> 8);
        a[15] = (byte) last;
        return a;
    }

    private String nft(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "nft";
        System.arraycopy(args, 0, command, 1, args.length);
        return lab.exec("a", command).ok().stdout();
    }
}
