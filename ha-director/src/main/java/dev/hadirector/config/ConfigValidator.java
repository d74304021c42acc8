package dev.hadirector.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Walks a configuration tree against the {@link KeywordCatalog}: every keyword must be known in its
 * section (else UNKNOWN, with the nearest known keyword suggested), blocks must be where the catalog says,
 * and every keyword the director cannot run yet is listed.
 */
public final class ConfigValidator {
    private static final ConfigValidator KEEPALIVED = new ConfigValidator(KeywordCatalog.keepalived());

    /** Longer than any keyword, so no suggestion; also bounds the edit-distance work on hostile input. */
    private static final int MAX_SUGGESTION_LENGTH = 64;

    private final KeywordCatalog catalog;

    public ConfigValidator(KeywordCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    public static ConfigValidator keepalived() {
        return KEEPALIVED;
    }

    public ConfigReport validate(ConfigTree tree) {
        List<Finding> findings = new ArrayList<>(tree.readFindings());
        walk(tree.nodes(), catalog.topLevel(), findings);
        return new ConfigReport(findings);
    }

    private void walk(List<ConfigNode> nodes, CatalogSection section, List<Finding> findings) {
        for (ConfigNode node : nodes) {
            KeywordSpec spec = section.keyword(node.keyword()).orElse(null);
            if (spec == null) {
                findings.add(new Finding(Severity.ERROR, FindingKind.UNKNOWN_KEYWORD, node.location(),
                        "keyword '" + node.keyword() + "' " + section.where() + " is unknown" + hint(node.keyword(), section)));
                continue;
            }
            if (spec.status() == KeywordStatus.NOT_YET_SUPPORTED) {
                findings.add(new Finding(Severity.WARNING, FindingKind.NOT_YET_SUPPORTED, node.location(),
                        "keyword '" + spec.name() + "' " + (section.id().equals(CatalogSection.TOP_LEVEL)
                                ? "" : section.where() + " ") + "is not yet supported"));
            }
            if (section.id().equals(CatalogSection.TOP_LEVEL)) {
                warnWhenProtocolDefaults(node, findings);
            }
            if (section.id().equals("global_defs") && node.keyword().equals("nftables_ifindex")) {
                findings.add(new Finding(Severity.WARNING, FindingKind.DEFAULTED, node.location(),
                        "global_defs nftables_ifindex: accepted and ignored - the director's no_accept rules match"
                                + " destination addresses only, never an interface, so there is no interface name"
                                + " or index to match"));
            }
            switch (spec.shape()) {
                case VALUE -> {
                    if (node.hasBlock()) {
                        findings.add(structure(node, "keyword '" + spec.name() + "' " + section.where()
                                + " takes no '{' block"));
                    }
                }
                case LIST -> {
                    if (!node.hasBlock()) {
                        findings.add(structure(node, "keyword '" + spec.name() + "' " + section.where()
                                + " needs a '{ ... }' block listing its entries"));
                    }
                    for (ConfigNode entry : node.children()) {
                        if (entry.hasBlock()) {
                            findings.add(structure(entry, "entry '" + entry.keyword() + "' of '" + spec.name()
                                    + "' takes no '{' block"));
                        }
                    }
                }
                case BLOCK -> {
                    if (!node.hasBlock()) {
                        findings.add(structure(node, "keyword '" + spec.name() + "' " + section.where()
                                + " needs a '{ ... }' block"));
                    } else {
                        CatalogSection inner = catalog.section(spec.section()).orElseThrow();
                        walk(node.children(), inner, findings);
                    }
                }
            }
        }
    }

    /**
     * keepalived runs an address-based virtual_server without a {@code protocol} line as UDP, which surprises
     * anyone who meant TCP: say so, as {@code keepalived -t} does.
     */
    private static void warnWhenProtocolDefaults(ConfigNode node, List<Finding> findings) {
        if (!node.keyword().equals("virtual_server") || !node.hasBlock() || node.args().isEmpty()
                || node.args().get(0).equals("fwmark") || node.args().get(0).equals("group")) {
            return;
        }
        for (ConfigNode child : node.children()) {
            if (child.keyword().equals("protocol")) {
                return;
            }
        }
        findings.add(new Finding(Severity.WARNING, FindingKind.DEFAULTED, node.location(),
                "virtual_server " + String.join(" ", node.args())
                        + ": no protocol set - defaulting to UDP, as keepalived does (add 'protocol TCP' for TCP)"));
    }

    private static Finding structure(ConfigNode node, String message) {
        return new Finding(Severity.ERROR, FindingKind.BAD_STRUCTURE, node.location(), message);
    }

    /** " (did you mean 'x'?)", " ('x' belongs in y)", or "" when nothing is close. */
    private String hint(String keyword, CatalogSection section) {
        if (keyword.length() > MAX_SUGGESTION_LENGTH) {
            return "";
        }
        String nearest = null;
        int best = Integer.MAX_VALUE;
        String lower = keyword.toLowerCase(Locale.ROOT);
        for (String known : section.keywords().keySet()) {
            int distance = editDistance(lower, known.toLowerCase(Locale.ROOT));
            if (distance < best || (distance == best && known.compareTo(nearest) < 0)) {
                best = distance;
                nearest = known;
            }
        }
        if (nearest != null && best <= Math.max(1, Math.min(3, keyword.length() / 3))) {
            return " (did you mean '" + nearest + "'?)";
        }
        List<String> elsewhere = catalog.sectionsKnowing(keyword);
        if (!elsewhere.isEmpty()) {
            List<String> names = elsewhere.stream()
                    .map(id -> id.equals(CatalogSection.TOP_LEVEL) ? "the top level" : id).toList();
            return " (it belongs in " + String.join(" or ", names) + ")";
        }
        return "";
    }

    /** Levenshtein distance, with a transposition of neighbours counted as one edit. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
