package dev.hadirector.kernel.nftables;

import static dev.hadirector.kernel.nftables.NfTables.*;

import dev.hadirector.kernel.netlink.Netlink;
import dev.hadirector.kernel.netlink.NetlinkWriter;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One expression of an nf_tables rule, written as {@code NFTA_LIST_ELEM { NFTA_EXPR_NAME, NFTA_EXPR_DATA }}.
 * Every u32 in expression data is big-endian (the kernel reads them with {@code ntohl}); comparison data is
 * raw bytes in the order the packet carries them.
 */
public sealed interface NfExpression {

    /** The kernel's expression type name ("meta", "payload", ...). */
    String name();

    /** Writes the attributes inside NFTA_EXPR_DATA. */
    void writeData(NetlinkWriter w);

    /** Writes the whole list element. */
    default void writeTo(NetlinkWriter w) {
        int element = w.beginNested(NFTA_LIST_ELEM | Netlink.NLA_F_NESTED);
        w.putString(NFTA_EXPR_NAME, name());
        int data = w.beginNested(NFTA_EXPR_DATA | Netlink.NLA_F_NESTED);
        writeData(w);
        w.endNested(data);
        w.endNested(element);
    }

    /** Loads packet metadata {@code key} (NFT_META_*) into {@code register}. */
    record Meta(int key, int register) implements NfExpression {
        @Override
        public String name() {
            return "meta";
        }

        @Override
        public void writeData(NetlinkWriter w) {
            w.putBe32(NFTA_META_KEY, key).putBe32(NFTA_META_DREG, register);
        }
    }

    /** Loads {@code length} bytes at {@code offset} of header {@code base} (NFT_PAYLOAD_*) into {@code register}. */
    record Payload(int base, int offset, int length, int register) implements NfExpression {
        public Payload {
            if (offset < 0 || length < 1 || length > 16) {
                throw new IllegalArgumentException("payload offset " + offset + " length " + length
                        + ": offset must be >= 0 and length 1..16 bytes (one register)");
            }
        }

        @Override
        public String name() {
            return "payload";
        }

        @Override
        public void writeData(NetlinkWriter w) {
            w.putBe32(NFTA_PAYLOAD_DREG, register).putBe32(NFTA_PAYLOAD_BASE, base)
                    .putBe32(NFTA_PAYLOAD_OFFSET, offset).putBe32(NFTA_PAYLOAD_LEN, length);
        }
    }

    /** Compares {@code register} with {@code value} by {@code op} (NFT_CMP_*); the rule stops when false. */
    record Compare(int register, int op, byte[] value) implements NfExpression {
        public Compare {
            if (value.length < 1 || value.length > 16) {
                throw new IllegalArgumentException("cmp value of " + value.length + " bytes: must be 1..16");
            }
            if (op < NFT_CMP_EQ || op > NFT_CMP_GTE) {
                throw new IllegalArgumentException("cmp op " + op + ": must be NFT_CMP_EQ..NFT_CMP_GTE (0..5)");
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public String name() {
            return "cmp";
        }

        @Override
        public void writeData(NetlinkWriter w) {
            w.putBe32(NFTA_CMP_SREG, register).putBe32(NFTA_CMP_OP, op);
            int data = w.beginNested(NFTA_CMP_DATA | Netlink.NLA_F_NESTED);
            w.putBytes(NFTA_DATA_VALUE, value);
            w.endNested(data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Compare c && c.register == register && c.op == op && Arrays.equals(c.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * register + op) + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Compare[register=" + register + ", op=" + op + ", value=" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /**
     * Looks {@code register} up in named set {@code set}; the rule stops when it is absent. {@code setId} is
     * the id the set was created with in the same batch (the kernel finds a set added in the same
     * transaction by it), or 0.
     */
    record Lookup(String set, int setId, int register) implements NfExpression {
        @Override
        public String name() {
            return "lookup";
        }

        @Override
        public void writeData(NetlinkWriter w) {
            w.putString(NFTA_LOOKUP_SET, set).putBe32(NFTA_LOOKUP_SREG, register);
            if (setId != 0) {
                w.putBe32(NFTA_LOOKUP_SET_ID, setId);
            }
        }
    }

    /**
     * Counts the packets and bytes that reach it (what {@code nft list} shows as {@code counter packets N bytes M});
     * starts at zero, so it carries no data attributes.
     */
    record Counter() implements NfExpression {
        public static final Counter INSTANCE = new Counter();

        @Override
        public String name() {
            return "counter";
        }

        @Override
        public void writeData(NetlinkWriter w) {
            // NFTA_COUNTER_BYTES / NFTA_COUNTER_PACKETS are optional initial values; absent means zero.
        }
    }

    /** Ends the rule with verdict {@code code} (NF_DROP, NF_ACCEPT), an immediate into the verdict register. */
    record Verdict(int code) implements NfExpression {
        public static final Verdict DROP = new Verdict(NF_DROP);
        public static final Verdict ACCEPT = new Verdict(NF_ACCEPT);

        @Override
        public String name() {
            return "immediate";
        }

        @Override
        public void writeData(NetlinkWriter w) {
            w.putBe32(NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
            int data = w.beginNested(NFTA_IMMEDIATE_DATA | Netlink.NLA_F_NESTED);
            int verdict = w.beginNested(NFTA_DATA_VERDICT | Netlink.NLA_F_NESTED);
            w.putBe32(NFTA_VERDICT_CODE, code);
            w.endNested(verdict);
            w.endNested(data);
        }
    }
}
