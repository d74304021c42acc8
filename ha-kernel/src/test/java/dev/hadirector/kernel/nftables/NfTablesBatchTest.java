package dev.hadirector.kernel.nftables;

import static dev.hadirector.kernel.nftables.NfTables.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.netlink.NetlinkWriter;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact messages, derived by hand from nf_tables.h and nfnetlink.h: netlink header in host order
 * (little-endian on x86_64 and arm64), nfgenmsg, attributes with every u32 big-endian, nests flagged
 * NLA_F_NESTED (0x8000). Sequence numbers are 0 until the connection stamps them.
 */
class NfTablesBatchTest {

    @Test
    void batchBeginAddressesTheNftablesSubsystemInResId() {
        NfTablesBatch batch = new NfTablesBatch().addTable(NFPROTO_INET, "t");
        assertEquals("14000000" + "1000" + "0000" + "00000000" + "00000000" // len 20, NFNL_MSG_BATCH_BEGIN
                        + "00" + "00" + "000a",                              // AF_UNSPEC, V0, res_id htons(10)
                hex(batch.writer(), 0));
        batch.finish();
        assertEquals("14000000" + "1100" + "0000" + "00000000" + "00000000" + "0000000a", hex(batch.writer(), 2));
    }

    @Test
    void newTable() {
        NfTablesBatch batch = new NfTablesBatch().addTable(NFPROTO_INET, "t");
        assertEquals("24000000" + "000a" + "0004" + "00000000" + "00000000" // len 36, 10<<8|NEWTABLE, NLM_F_CREATE
                        + "01000000"                                        // NFPROTO_INET, V0, res_id 0
                        + "06000100" + "74000000"                           // NFTA_TABLE_NAME "t"
                        + "08000200" + "00000000",                          // NFTA_TABLE_FLAGS 0
                hex(batch.writer(), 1));
        assertEquals("add table inet t", batch.description(0));
    }

    @Test
    void deleteTableAndBaseChain() {
        NfTablesBatch batch = new NfTablesBatch().deleteTable(NFPROTO_INET, "t")
                .addBaseChain(NFPROTO_INET, "t", "in", "filter", NF_INET_LOCAL_IN, -1);
        assertEquals("1c000000" + "020a" + "0000" + "00000000" + "00000000" + "01000000"
                + "06000100" + "74000000", hex(batch.writer(), 1));
        assertEquals("4c000000" + "030a" + "0004" + "00000000" + "00000000" + "01000000"
                        + "06000100" + "74000000"                        // NFTA_CHAIN_TABLE "t"
                        + "07000300" + "696e0000"                        // NFTA_CHAIN_NAME "in"
                        + "14000480" + "08000100" + "00000001"           // NFTA_CHAIN_HOOK { HOOKNUM LOCAL_IN
                        + "08000200" + "ffffffff"                        //   PRIORITY -1 }
                        + "08000500" + "00000001"                        // NFTA_CHAIN_POLICY accept
                        + "0b000700" + "66696c74657200" + "00",          // NFTA_CHAIN_TYPE "filter"
                hex(batch.writer(), 2));
        assertEquals("add chain inet t in", batch.description(1));
    }

    @Test
    void newSet() {
        NfTablesBatch batch = new NfTablesBatch().addSet(NFPROTO_INET, "t", "s", 7, NFT_DATATYPE_IPV6_ADDR, 16);
        assertEquals("44000000" + "090a" + "0004" + "00000000" + "00000000" + "01000000"
                        + "06000100" + "74000000"                        // NFTA_SET_TABLE "t"
                        + "06000200" + "73000000"                        // NFTA_SET_NAME "s"
                        + "08000300" + "00000000"                        // NFTA_SET_FLAGS 0
                        + "08000400" + "00000008"                        // NFTA_SET_KEY_TYPE ipv6_addr
                        + "08000500" + "00000010"                        // NFTA_SET_KEY_LEN 16
                        + "08000a00" + "00000007",                       // NFTA_SET_ID 7
                hex(batch.writer(), 1));
    }

    @Test
    void addAndDeleteSetElements() {
        NfTablesBatch batch = new NfTablesBatch()
                .addElements(NFPROTO_INET, "t", "s", List.of(new byte[] {10, 0, 0, 1}))
                .deleteElements(NFPROTO_INET, "t", "s", List.of(new byte[] {10, 0, 0, 1}, new byte[] {10, 0, 0, 2}));
        String body = "06000100" + "74000000" + "06000200" + "73000000"; // LIST_TABLE "t", LIST_SET "s"
        String element1 = "10000180" + "0c000180" + "08000100" + "0a000001"; // LIST_ELEM { KEY { VALUE 10.0.0.1 } }
        String element2 = "10000180" + "0c000180" + "08000100" + "0a000002";
        assertEquals("38000000" + "0c0a" + "0004" + "00000000" + "00000000" + "01000000" + body
                + "14000380" + element1, hex(batch.writer(), 1));
        assertEquals("48000000" + "0e0a" + "0000" + "00000000" + "00000000" + "01000000" + body
                + "24000380" + element1 + element2, hex(batch.writer(), 2));
        assertEquals("add element 10.0.0.1 to set inet t s", batch.description(0));
        assertEquals("delete elements 10.0.0.1, 10.0.0.2 from set inet t s", batch.description(1));
    }

    @Test
    void elementsOfIpv6AreDescribedInRfc5952Form() {
        byte[] v6 = HexFormat.of().parseHex("20010db8000000000000000000000100");
        NfTablesBatch batch = new NfTablesBatch().addElements(NFPROTO_INET, "t", "s6", List.of(v6));
        assertEquals("add element 2001:db8::100 to set inet t s6", batch.description(0));
    }

    @Test
    void expressionsOfARule() {
        assertEquals("24000180" + "09000100" + "6d65746100000000"            // LIST_ELEM { NAME "meta"
                        + "14000280" + "08000200" + "0000000f"               //   DATA { KEY NFPROTO
                        + "08000100" + "00000001",                           //          DREG 1 } }
                expression(new NfExpression.Meta(NFT_META_NFPROTO, NFT_REG_1)));
        assertEquals("34000180" + "0c000100" + "7061796c6f616400"            // "payload"
                        + "24000280" + "08000100" + "00000001" + "08000200" + "00000001"
                        + "08000300" + "00000010" + "08000400" + "00000004",  // DREG 1, BASE network, +16, 4 bytes
                expression(new NfExpression.Payload(NFT_PAYLOAD_NETWORK_HEADER, 16, 4, NFT_REG_1)));
        assertEquals("2c000180" + "08000100" + "636d7000"                    // "cmp"
                        + "20000280" + "08000100" + "00000001" + "08000200" + "00000000"
                        + "0c000380" + "05000100" + "02000000",               // DATA { VALUE 02 } (padded)
                expression(new NfExpression.Compare(NFT_REG_1, NFT_CMP_EQ, new byte[] {NFPROTO_IPV4})));
        assertEquals("30000180" + "0b000100" + "6c6f6f6b75700000"            // "lookup"
                        + "20000280" + "0a000100" + "7669707334000000"       // SET "vips4"
                        + "08000200" + "00000001" + "08000400" + "00000001", // SREG 1, SET_ID 1
                expression(new NfExpression.Lookup("vips4", 1, NFT_REG_1)));
        assertEquals("30000180" + "0e000100" + "696d6d656469617465000000"      // "immediate"
                        + "1c000280" + "08000100" + "00000000"               // DREG verdict
                        + "10000280" + "0c000280" + "08000100" + "00000000", // DATA { VERDICT { CODE NF_DROP } }
                expression(NfExpression.Verdict.DROP));
        assertEquals("14000180" + "0c000100" + "636f756e74657200"            // "counter"
                        + "04000280",                                        // DATA {} : starts at zero
                expression(NfExpression.Counter.INSTANCE));
    }

    @Test
    void ruleWrapsItsExpressionsInAList() {
        NfTablesBatch batch = new NfTablesBatch().addRule(NFPROTO_INET, "t", "in", List.of(NfExpression.Verdict.ACCEPT));
        String verdict = "30000180" + "0e000100" + "696d6d656469617465000000"
                + "1c000280" + "08000100" + "00000000" + "10000280" + "0c000280" + "08000100" + "00000001";
        assertEquals("58000000" + "060a" + "000c" + "00000000" + "00000000" + "01000000" // CREATE|APPEND
                + "06000100" + "74000000" + "07000200" + "696e0000"
                + "34000480" + verdict, hex(batch.writer(), 1));
        assertEquals("add rule inet t in [accept]", batch.description(0));
    }

    @Test
    void badNamesAndKeysFailBeforeAnythingIsSent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NfTablesBatch().addTable(NFPROTO_INET, "x".repeat(256)));
        assertEquals("nf_tables name \"" + "x".repeat(256) + "\" (256 bytes): must be 1..255 bytes without NUL",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NfTablesBatch().addTable(NFPROTO_INET, ""));
        assertThrows(IllegalArgumentException.class, () -> new NfTablesBatch().addTable(NFPROTO_INET, "a\0b"));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new NfTablesBatch().addElements(NFPROTO_INET, "t", "s", List.of()));
        assertEquals("add elements of set s: no keys", empty.getMessage());
        IllegalArgumentException noChange = assertThrows(IllegalArgumentException.class,
                () -> new NfTablesBatch().addRule(NFPROTO_INET, "t", "in", List.of()));
        assertEquals("rule in chain in: no expressions", noChange.getMessage());
        assertThrows(IllegalStateException.class, () -> new NfTablesBatch().finish());
        assertThrows(IllegalArgumentException.class,
                () -> new NfExpression.Payload(NFT_PAYLOAD_NETWORK_HEADER, 0, 17, NFT_REG_1));
        NfTablesBatch ended = new NfTablesBatch().addTable(NFPROTO_INET, "t");
        ended.finish();
        assertThrows(IllegalStateException.class, () -> ended.addTable(NFPROTO_INET, "u"));
        assertTrue(ended.clear().addTable(NFPROTO_INET, "u").size() == 1, "clear() makes the batch reusable");
    }

    private static String expression(NfExpression e) {
        NetlinkWriter w = new NetlinkWriter(256);
        w.beginMessage(0, 0);
        e.writeTo(w);
        w.endMessage();
        ByteBuffer frames = w.frames();
        byte[] bytes = new byte[frames.remaining() - 16];
        frames.get(16, bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String hex(NetlinkWriter w, int message) {
        ByteBuffer frames = w.frames();
        byte[] bytes = new byte[w.messageLength(message)];
        frames.get(w.messageOffset(message), bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
