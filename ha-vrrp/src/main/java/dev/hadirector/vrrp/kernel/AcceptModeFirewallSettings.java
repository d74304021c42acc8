package dev.hadirector.vrrp.kernel;

/**
 * Where the {@link AcceptModeFirewall}s of one director put their rules: keepalived's global
 * {@code nftables [TABLE]}, {@code nftables_priority N} and {@code nftables_counters}.
 *
 * <p>keepalived keeps one table for all its instances; the director gives each instance a table of its own
 * (so an instance can be replaced on a reload without touching the others), named {@code <table>_<instance>}.
 * The default table is {@code hadirector}, not keepalived's {@code keepalived}, so a director and a keepalived
 * in the same network namespace never fight over one table.
 *
 * @param table         the prefix of every instance's table name ({@code nftables TABLE})
 * @param chainPriority the priority of the input base chain ({@code nftables_priority}); keepalived's default
 *                      -1 runs just before the usual filter chains at priority 0
 * @param counters      a counter on each drop rule ({@code nftables_counters}), so {@code nft list} shows how
 *                      much traffic to the VIPs was dropped
 */
public record AcceptModeFirewallSettings(String table, int chainPriority, boolean counters) {
    /** The director's default table prefix. */
    public static final String DEFAULT_TABLE = "hadirector";
    /** keepalived's default {@code nftables_priority}. */
    public static final int DEFAULT_CHAIN_PRIORITY = -1;
    /** The defaults: tables {@code hadirector_<instance>}, chain priority -1. */
    public static final AcceptModeFirewallSettings DEFAULTS =
            new AcceptModeFirewallSettings(DEFAULT_TABLE, DEFAULT_CHAIN_PRIORITY);

    /** Settings without counters. */
    public AcceptModeFirewallSettings(String table, int chainPriority) {
        this(table, chainPriority, false);
    }

    /** Refuses an empty table name or one with a character nft's own syntax would not take unquoted. */
    public AcceptModeFirewallSettings {
        if (table == null || table.isEmpty()) {
            throw new IllegalArgumentException("nftables table name empty: must be 1 or more characters");
        }
        for (int i = 0; i < table.length(); i++) {
            char c = table.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || (i > 0 && (c == '-' || c == '.'));
            if (!ok) {
                throw new IllegalArgumentException("nftables table name '" + table + "' invalid at character "
                        + (i + 1) + ": must start with a letter, digit or '_' and hold only those, '-' and '.'");
            }
        }
    }

    /** The table of instance {@code instanceName}: {@code <table>_<instance>}. */
    public String tableName(String instanceName) {
        return table + "_" + instanceName;
    }
}
