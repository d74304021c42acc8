package dev.hadirector.vrrp.kernel;

import static dev.hadirector.kernel.nftables.NfTables.*;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.kernel.nftables.NfExpression;
import dev.hadirector.kernel.nftables.NfTablesBatch;
import dev.hadirector.kernel.nftables.NfTablesClient;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Enforces RFC 5798 Accept_Mode False (§6.1, §6.4.3) for one instance, as keepalived's {@code no_accept}
 * does: while the instance is master, packets addressed to its virtual addresses are dropped on input.
 *
 * <p>The instance gets an nf_tables table of its own, {@code inet hadirector_<instance name>} (the prefix is
 * {@link AcceptModeFirewallSettings#table()}), holding a filter chain on the input hook at priority -1
 * (keepalived's default {@code nftables_priority}, so it runs before the usual filter chains; see
 * {@link AcceptModeFirewallSettings#chainPriority()}), a set of IPv4 and a set of IPv6 addresses, and three rules: ICMPv6
 * neighbour solicitations and advertisements are let through (a master must keep answering neighbour
 * discovery for its addresses, also the unicast probes of neighbour unreachability detection), then
 * anything whose destination is in either set is dropped. ARP is not IP and never reaches the chain.
 *
 * <p>Every change is one nf_tables transaction: {@link #open} replaces whatever table of that name a
 * crashed run left (create, delete, create again in one batch); {@link #block} adds addresses to the sets;
 * {@link #unblock} adds then deletes them, so an address already absent is not an error; {@link #close}
 * removes the table. The netlink socket lives in the instance's network namespace.
 */
public final class AcceptModeFirewall implements AutoCloseable {
    /** keepalived's default {@code nftables_priority}: just before the filter priority 0. */
    public static final int CHAIN_PRIORITY = AcceptModeFirewallSettings.DEFAULT_CHAIN_PRIORITY;
    static final String CHAIN = "input";
    static final String SET_V4 = "vips4";
    static final String SET_V6 = "vips6";

    private static final int ICMPV6 = 58;
    private static final int ND_NEIGHBOR_SOLICIT = 135;
    private static final int ND_NEIGHBOR_ADVERT = 136;

    private final String instance;
    private final String table;
    private final NfTablesClient client;
    private final NfTablesBatch batch = new NfTablesBatch();

    private AcceptModeFirewall(String instance, String table, NfTablesClient client) {
        this.instance = instance;
        this.table = table;
        this.client = client;
    }

    /**
     * Whether {@code spec} needs the firewall: accept mode off and not the address owner (priority 255),
     * which RFC 5798 lets accept whatever Accept_Mode says.
     */
    public static boolean isNeededFor(VrrpInstance spec) {
        return !spec.acceptMode() && spec.priority() != VrrpInstance.OWNER_PRIORITY;
    }

    /** The table name of instance {@code instanceName} with the default settings. */
    public static String tableName(String instanceName) {
        return AcceptModeFirewallSettings.DEFAULTS.tableName(instanceName);
    }

    /**
     * Opens a NETLINK_NETFILTER socket in {@code namespace} (null: the JVM's own) and installs the table with
     * empty sets, replacing a stale one of the same name in the same transaction.
     */
    public static AcceptModeFirewall open(VrrpInstance spec, NetNamespace namespace) {
        return open(spec, namespace, AcceptModeFirewallSettings.DEFAULTS);
    }

    /** As {@link #open(VrrpInstance, NetNamespace)}, with the table prefix and chain priority of {@code settings}. */
    public static AcceptModeFirewall open(VrrpInstance spec, NetNamespace namespace, AcceptModeFirewallSettings settings) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(settings, "settings");
        NfTablesBatch install = installBatch(spec, settings);
        NfTablesClient client = namespace == null ? NfTablesClient.open() : namespace.call(NfTablesClient::open);
        return install(spec, settings, install, client);
    }

    /** As {@link #open(VrrpInstance, NetNamespace)}, over a client already open (closed on failure). */
    static AcceptModeFirewall open(VrrpInstance spec, NfTablesClient client) {
        return open(spec, AcceptModeFirewallSettings.DEFAULTS, client);
    }

    /** As {@link #open(VrrpInstance, NetNamespace, AcceptModeFirewallSettings)}, over a client already open. */
    static AcceptModeFirewall open(VrrpInstance spec, AcceptModeFirewallSettings settings, NfTablesClient client) {
        return install(spec, settings, installBatch(spec, settings), client);
    }

    private static AcceptModeFirewall install(VrrpInstance spec, AcceptModeFirewallSettings settings,
                                              NfTablesBatch install, NfTablesClient client) {
        String table = settings.tableName(spec.name());
        try {
            client.commit(install, "instance " + spec.name() + ": install no_accept firewall table inet " + table);
            return new AcceptModeFirewall(spec.name(), table, client);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static NfTablesBatch installBatch(VrrpInstance spec, AcceptModeFirewallSettings settings) {
        try {
            return installBatch(settings.tableName(spec.name()), settings.chainPriority(), settings.counters());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("instance " + spec.name() + ": no_accept firewall table: "
                    + e.getMessage(), e);
        }
    }

    /** Drops packets addressed to {@code vips} from now on; already blocked addresses are not an error. */
    public void block(Collection<Vip> vips) {
        change(vips, true);
    }

    /** Stops dropping packets addressed to {@code vips}; addresses not blocked are not an error. */
    public void unblock(Collection<Vip> vips) {
        change(vips, false);
    }

    /** The table's name, {@code hadirector_<instance>}. */
    public String table() {
        return table;
    }

    /** Removes the table (and with it every blocked address) and closes the socket. */
    @Override
    public void close() {
        try {
            batch.clear().addTable(NFPROTO_INET, table).deleteTable(NFPROTO_INET, table);
            client.commit(batch, "instance " + instance + ": remove no_accept firewall table inet " + table);
        } finally {
            client.close();
        }
    }

    private void change(Collection<Vip> vips, boolean add) {
        Set<InetAddress> v4 = new LinkedHashSet<>();
        Set<InetAddress> v6 = new LinkedHashSet<>();
        for (Vip vip : vips) {
            (vip.isIpv6() ? v6 : v4).add(vip.address());
        }
        if (v4.isEmpty() && v6.isEmpty()) {
            return;
        }
        batch.clear();
        elements(SET_V4, v4, add);
        elements(SET_V6, v6, add);
        client.commit(batch, "instance " + instance + ": " + (add ? "block" : "unblock")
                + " virtual addresses in no_accept firewall table inet " + table);
    }

    private void elements(String set, Set<InetAddress> addresses, boolean add) {
        if (addresses.isEmpty()) {
            return;
        }
        List<byte[]> keys = new ArrayList<>();
        for (InetAddress a : addresses) {
            keys.add(a.getAddress());
        }
        batch.addElements(NFPROTO_INET, table, set, keys);
        if (!add) {
            batch.deleteElements(NFPROTO_INET, table, set, keys);
        }
    }

    private static NfTablesBatch installBatch(String table, int chainPriority, boolean counters) {
        int r = NFT_REG_1;
        return new NfTablesBatch()
                .addTable(NFPROTO_INET, table)
                .deleteTable(NFPROTO_INET, table)
                .addTable(NFPROTO_INET, table)
                .addBaseChain(NFPROTO_INET, table, CHAIN, "filter", NF_INET_LOCAL_IN, chainPriority)
                .addSet(NFPROTO_INET, table, SET_V4, 1, NFT_DATATYPE_IPV4_ADDR, 4)
                .addSet(NFPROTO_INET, table, SET_V6, 2, NFT_DATATYPE_IPV6_ADDR, 16)
                .addRule(NFPROTO_INET, table, CHAIN, List.of(
                        new NfExpression.Meta(NFT_META_L4PROTO, r),
                        new NfExpression.Compare(r, NFT_CMP_EQ, new byte[] {ICMPV6}),
                        new NfExpression.Payload(NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1, r),
                        new NfExpression.Compare(r, NFT_CMP_GTE, new byte[] {(byte) ND_NEIGHBOR_SOLICIT}),
                        new NfExpression.Compare(r, NFT_CMP_LTE, new byte[] {(byte) ND_NEIGHBOR_ADVERT}),
                        NfExpression.Verdict.ACCEPT))
                .addRule(NFPROTO_INET, table, CHAIN, drop(counters,
                        new NfExpression.Meta(NFT_META_NFPROTO, r),
                        new NfExpression.Compare(r, NFT_CMP_EQ, new byte[] {NFPROTO_IPV4}),
                        new NfExpression.Payload(NFT_PAYLOAD_NETWORK_HEADER, 16, 4, r),
                        new NfExpression.Lookup(SET_V4, 1, r)))
                .addRule(NFPROTO_INET, table, CHAIN, drop(counters,
                        new NfExpression.Meta(NFT_META_NFPROTO, r),
                        new NfExpression.Compare(r, NFT_CMP_EQ, new byte[] {NFPROTO_IPV6}),
                        new NfExpression.Payload(NFT_PAYLOAD_NETWORK_HEADER, 24, 16, r),
                        new NfExpression.Lookup(SET_V6, 2, r)));
    }

    /** A rule dropping what {@code match} selects, counting it first when {@code counters} (nftables_counters). */
    private static List<NfExpression> drop(boolean counters, NfExpression... match) {
        List<NfExpression> rule = new java.util.ArrayList<>(List.of(match));
        if (counters) {
            rule.add(NfExpression.Counter.INSTANCE);
        }
        rule.add(NfExpression.Verdict.DROP);
        return rule;
    }
}
