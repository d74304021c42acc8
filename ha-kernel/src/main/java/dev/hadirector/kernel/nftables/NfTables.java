package dev.hadirector.kernel.nftables;

/**
 * Constants of nf_tables, from {@code <linux/netfilter/nf_tables.h>}, {@code <linux/netfilter/nfnetlink.h>}
 * and {@code <linux/netfilter.h>}. Message types are {@code NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_*}.
 */
public final class NfTables {
    private NfTables() {
    }

    /** Length of {@code struct nfgenmsg}: family (u8), version (u8), res_id (be16). */
    public static final int NFGENMSG_LENGTH = 4;
    public static final int NFNETLINK_V0 = 0;
    public static final int NFNL_SUBSYS_NFTABLES = 10;
    public static final int NFNL_MSG_BATCH_BEGIN = 0x10;
    public static final int NFNL_MSG_BATCH_END = 0x11;

    public static final int NFT_MSG_NEWTABLE = 0;
    public static final int NFT_MSG_GETTABLE = 1;
    public static final int NFT_MSG_DELTABLE = 2;
    public static final int NFT_MSG_NEWCHAIN = 3;
    public static final int NFT_MSG_NEWRULE = 6;
    public static final int NFT_MSG_NEWSET = 9;
    public static final int NFT_MSG_NEWSETELEM = 12;
    public static final int NFT_MSG_DELSETELEM = 14;

    /** The netlink message type of nf_tables message {@code nftMessage}. */
    public static int messageType(int nftMessage) {
        return NFNL_SUBSYS_NFTABLES << 8 | nftMessage;
    }

    // address families (NFPROTO_*)
    public static final int NFPROTO_UNSPEC = 0;
    public static final int NFPROTO_INET = 1;
    public static final int NFPROTO_IPV4 = 2;
    public static final int NFPROTO_IPV6 = 10;

    // hooks (NF_INET_*)
    public static final int NF_INET_PRE_ROUTING = 0;
    public static final int NF_INET_LOCAL_IN = 1;
    public static final int NF_INET_FORWARD = 2;
    public static final int NF_INET_LOCAL_OUT = 3;
    public static final int NF_INET_POST_ROUTING = 4;

    // verdicts
    public static final int NF_DROP = 0;
    public static final int NF_ACCEPT = 1;

    // registers
    public static final int NFT_REG_VERDICT = 0;
    /** A 16-byte register: holds an IPv6 address as well as an IPv4 one. */
    public static final int NFT_REG_1 = 1;

    public static final int NFTA_LIST_ELEM = 1;

    public static final int NFTA_TABLE_NAME = 1;
    public static final int NFTA_TABLE_FLAGS = 2;

    public static final int NFTA_HOOK_HOOKNUM = 1;
    public static final int NFTA_HOOK_PRIORITY = 2;

    public static final int NFTA_CHAIN_TABLE = 1;
    public static final int NFTA_CHAIN_NAME = 3;
    public static final int NFTA_CHAIN_HOOK = 4;
    public static final int NFTA_CHAIN_POLICY = 5;
    public static final int NFTA_CHAIN_TYPE = 7;

    public static final int NFTA_RULE_TABLE = 1;
    public static final int NFTA_RULE_CHAIN = 2;
    public static final int NFTA_RULE_EXPRESSIONS = 4;

    public static final int NFTA_SET_TABLE = 1;
    public static final int NFTA_SET_NAME = 2;
    public static final int NFTA_SET_FLAGS = 3;
    public static final int NFTA_SET_KEY_TYPE = 4;
    public static final int NFTA_SET_KEY_LEN = 5;
    public static final int NFTA_SET_ID = 10;

    public static final int NFTA_SET_ELEM_KEY = 1;

    public static final int NFTA_SET_ELEM_LIST_TABLE = 1;
    public static final int NFTA_SET_ELEM_LIST_SET = 2;
    public static final int NFTA_SET_ELEM_LIST_ELEMENTS = 3;
    public static final int NFTA_SET_ELEM_LIST_SET_ID = 4;

    public static final int NFTA_DATA_VALUE = 1;
    public static final int NFTA_DATA_VERDICT = 2;
    public static final int NFTA_VERDICT_CODE = 1;

    public static final int NFTA_EXPR_NAME = 1;
    public static final int NFTA_EXPR_DATA = 2;

    public static final int NFTA_IMMEDIATE_DREG = 1;
    public static final int NFTA_IMMEDIATE_DATA = 2;

    public static final int NFTA_CMP_SREG = 1;
    public static final int NFTA_CMP_OP = 2;
    public static final int NFTA_CMP_DATA = 3;
    public static final int NFT_CMP_EQ = 0;
    public static final int NFT_CMP_NEQ = 1;
    public static final int NFT_CMP_LT = 2;
    public static final int NFT_CMP_LTE = 3;
    public static final int NFT_CMP_GT = 4;
    public static final int NFT_CMP_GTE = 5;

    public static final int NFTA_LOOKUP_SET = 1;
    public static final int NFTA_LOOKUP_SREG = 2;
    public static final int NFTA_LOOKUP_SET_ID = 4;

    public static final int NFTA_PAYLOAD_DREG = 1;
    public static final int NFTA_PAYLOAD_BASE = 2;
    public static final int NFTA_PAYLOAD_OFFSET = 3;
    public static final int NFTA_PAYLOAD_LEN = 4;
    public static final int NFT_PAYLOAD_LL_HEADER = 0;
    public static final int NFT_PAYLOAD_NETWORK_HEADER = 1;
    public static final int NFT_PAYLOAD_TRANSPORT_HEADER = 2;

    public static final int NFTA_META_DREG = 1;
    public static final int NFTA_META_KEY = 2;
    public static final int NFT_META_NFPROTO = 15;
    public static final int NFT_META_L4PROTO = 16;

    /**
     * Set key types as the nft tool numbers them (its datatype ids): the kernel stores them without
     * interpreting them, and {@code nft list} uses them to print keys as addresses.
     */
    public static final int NFT_DATATYPE_IPV4_ADDR = 7;
    public static final int NFT_DATATYPE_IPV6_ADDR = 8;

    /** Longest table, chain or set name, without the terminating NUL (NFT_NAME_MAXLEN - 1). */
    public static final int MAX_NAME_BYTES = 255;

    static String familyName(int family) {
        return switch (family) {
            case NFPROTO_INET -> "inet";
            case NFPROTO_IPV4 -> "ip";
            case NFPROTO_IPV6 -> "ip6";
            default -> "family " + family;
        };
    }
}
