package dev.hadirector.kernel.nftables;

import static dev.hadirector.kernel.nftables.NfTables.*;

import dev.hadirector.api.AddressText;
import dev.hadirector.kernel.netlink.Netlink;
import dev.hadirector.kernel.netlink.NetlinkWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One nf_tables transaction being written: {@code NFNL_MSG_BATCH_BEGIN}, the changes, {@code NFNL_MSG_BATCH_END}.
 * {@link NfTablesClient#commit} sends it as one datagram, so the kernel applies all of it or none.
 *
 * <p>Each change is remembered with a description naming its object ("add element 10.0.0.1 to set inet
 * t vips4"), which is what an error reports. Names are checked here (1..255 bytes, no NUL) so a bad one
 * fails before anything is sent. Reusable: {@link #clear()} starts a new transaction in the same buffer.
 */
public final class NfTablesBatch {
    private final NetlinkWriter writer = new NetlinkWriter(8192);
    private final List<String> descriptions = new ArrayList<>();
    private boolean ended;

    public NfTablesBatch() {
        clear();
    }

    /** Forgets everything and begins a new transaction. */
    public NfTablesBatch clear() {
        writer.clear();
        descriptions.clear();
        ended = false;
        envelope(NFNL_MSG_BATCH_BEGIN);
        return this;
    }

    /** Creates table {@code table} of {@code family}; an existing one is kept as it is. */
    public NfTablesBatch addTable(int family, String table) {
        begin(NFT_MSG_NEWTABLE, Netlink.NLM_F_CREATE, family, "add table " + familyName(family) + " " + name(table));
        writer.putString(NFTA_TABLE_NAME, table).putBe32(NFTA_TABLE_FLAGS, 0);
        return end();
    }

    /** Deletes table {@code table} with everything in it; the kernel refuses (ENOENT) when it is absent. */
    public NfTablesBatch deleteTable(int family, String table) {
        begin(NFT_MSG_DELTABLE, 0, family, "delete table " + familyName(family) + " " + name(table));
        writer.putString(NFTA_TABLE_NAME, table);
        return end();
    }

    /**
     * Creates base chain {@code chain} of type {@code type} ("filter") on {@code hook} (NF_INET_*) at
     * {@code priority}, with policy accept.
     */
    public NfTablesBatch addBaseChain(int family, String table, String chain, String type, int hook, int priority) {
        begin(NFT_MSG_NEWCHAIN, Netlink.NLM_F_CREATE, family,
                "add chain " + familyName(family) + " " + name(table) + " " + name(chain));
        writer.putString(NFTA_CHAIN_TABLE, table).putString(NFTA_CHAIN_NAME, chain);
        int hookNest = writer.beginNested(NFTA_CHAIN_HOOK | Netlink.NLA_F_NESTED);
        writer.putBe32(NFTA_HOOK_HOOKNUM, hook).putBe32(NFTA_HOOK_PRIORITY, priority);
        writer.endNested(hookNest);
        writer.putBe32(NFTA_CHAIN_POLICY, NF_ACCEPT).putString(NFTA_CHAIN_TYPE, name(type));
        return end();
    }

    /**
     * Creates named set {@code set} of keys {@code keyLength} bytes long; {@code keyType} is the nft datatype
     * id (for display), {@code setId} a nonzero id unique in this batch by which rules in the same batch find it.
     */
    public NfTablesBatch addSet(int family, String table, String set, int setId, int keyType, int keyLength) {
        if (keyLength < 1 || keyLength > 64) {
            throw new IllegalArgumentException("set " + set + ": key length " + keyLength + " must be 1..64 bytes");
        }
        if (setId == 0) {
            throw new IllegalArgumentException("set " + set + ": set id must be nonzero");
        }
        begin(NFT_MSG_NEWSET, Netlink.NLM_F_CREATE, family,
                "add set " + familyName(family) + " " + name(table) + " " + name(set));
        writer.putString(NFTA_SET_TABLE, table).putString(NFTA_SET_NAME, set).putBe32(NFTA_SET_FLAGS, 0)
                .putBe32(NFTA_SET_KEY_TYPE, keyType).putBe32(NFTA_SET_KEY_LEN, keyLength).putBe32(NFTA_SET_ID, setId);
        return end();
    }

    /** Adds {@code keys} to named set {@code set}; keys already present are not an error. */
    public NfTablesBatch addElements(int family, String table, String set, List<byte[]> keys) {
        return elements(NFT_MSG_NEWSETELEM, Netlink.NLM_F_CREATE, "add", "to", family, table, set, keys);
    }

    /** Removes {@code keys} from named set {@code set}; the kernel refuses (ENOENT) an absent key. */
    public NfTablesBatch deleteElements(int family, String table, String set, List<byte[]> keys) {
        return elements(NFT_MSG_DELSETELEM, 0, "delete", "from", family, table, set, keys);
    }

    /** Appends a rule of {@code expressions} to {@code chain}. */
    public NfTablesBatch addRule(int family, String table, String chain, List<NfExpression> expressions) {
        if (expressions.isEmpty()) {
            throw new IllegalArgumentException("rule in chain " + chain + ": no expressions");
        }
        begin(NFT_MSG_NEWRULE, Netlink.NLM_F_CREATE | Netlink.NLM_F_APPEND, family,
                "add rule " + familyName(family) + " " + name(table) + " " + name(chain) + " " + describe(expressions));
        writer.putString(NFTA_RULE_TABLE, table).putString(NFTA_RULE_CHAIN, chain);
        int list = writer.beginNested(NFTA_RULE_EXPRESSIONS | Netlink.NLA_F_NESTED);
        for (NfExpression e : expressions) {
            e.writeTo(writer);
        }
        writer.endNested(list);
        return end();
    }

    /** How many changes the batch holds. */
    public int size() {
        return descriptions.size();
    }

    /** What change {@code index} does, naming its object. */
    public String description(int index) {
        return descriptions.get(index);
    }

    /** Ends the transaction (once) and returns the frames to send. */
    NetlinkWriter finish() {
        if (descriptions.isEmpty()) {
            throw new IllegalStateException("nf_tables batch holds no change");
        }
        if (!ended) {
            envelope(NFNL_MSG_BATCH_END);
            ended = true;
        }
        return writer;
    }

    /** The frames written so far, for tests. */
    public NetlinkWriter writer() {
        return writer;
    }

    // ---- internals ----

    private NfTablesBatch elements(int type, int flags, String verb, String preposition, int family, String table,
                                   String set, List<byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(verb + " elements of set " + set + ": no keys");
        }
        List<String> shown = new ArrayList<>();
        for (byte[] key : keys) {
            if (key.length < 1 || key.length > 64) {
                throw new IllegalArgumentException(verb + " element of set " + set + ": key of " + key.length
                        + " bytes, must be 1..64");
            }
            shown.add(keyText(key));
        }
        begin(type, flags, family, verb + " element" + (keys.size() == 1 ? " " : "s ") + String.join(", ", shown)
                + " " + preposition + " set " + familyName(family) + " " + name(table) + " " + name(set));
        writer.putString(NFTA_SET_ELEM_LIST_TABLE, table).putString(NFTA_SET_ELEM_LIST_SET, set);
        int list = writer.beginNested(NFTA_SET_ELEM_LIST_ELEMENTS | Netlink.NLA_F_NESTED);
        for (byte[] key : keys) {
            int element = writer.beginNested(NFTA_LIST_ELEM | Netlink.NLA_F_NESTED);
            int keyNest = writer.beginNested(NFTA_SET_ELEM_KEY | Netlink.NLA_F_NESTED);
            writer.putBytes(NFTA_DATA_VALUE, key);
            writer.endNested(keyNest);
            writer.endNested(element);
        }
        writer.endNested(list);
        return end();
    }

    private void envelope(int type) {
        // The batch messages address the subsystem: res_id carries NFNL_SUBSYS_NFTABLES, big-endian.
        writer.beginMessage(type, 0).u8(NFPROTO_UNSPEC).u8(NFNETLINK_V0)
                .u8(NFNL_SUBSYS_NFTABLES >>> 8).u8(NFNL_SUBSYS_NFTABLES & 0xff).endMessage();
    }

    private void begin(int nftMessage, int flags, int family, String description) {
        if (ended) {
            throw new IllegalStateException("nf_tables batch already ended: clear() it first");
        }
        writer.beginMessage(messageType(nftMessage), flags).u8(family).u8(NFNETLINK_V0).u16(0);
        descriptions.add(description);
    }

    private NfTablesBatch end() {
        writer.endMessage();
        return this;
    }

    private static String name(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_NAME_BYTES || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("nf_tables name \"" + name.replace("\0", "\\0") + "\" ("
                    + bytes.length + " bytes): must be 1.." + MAX_NAME_BYTES + " bytes without NUL");
        }
        return name;
    }

    private static String keyText(byte[] key) {
        if (key.length == 4 || key.length == 16) {
            try {
                return AddressText.format(InetAddress.getByAddress(key));
            } catch (UnknownHostException impossible) {
                throw new AssertionError(impossible);
            }
        }
        return "0x" + HexFormat.of().formatHex(key);
    }

    private static String describe(List<NfExpression> expressions) {
        List<String> names = new ArrayList<>();
        for (NfExpression e : expressions) {
            names.add(e instanceof NfExpression.Lookup l ? "lookup @" + l.set()
                    : e instanceof NfExpression.Verdict v ? (v.code() == NF_DROP ? "drop"
                    : v.code() == NF_ACCEPT ? "accept" : "verdict " + v.code()) : e.name());
        }
        return "[" + String.join(" ", names) + "]";
    }
}
