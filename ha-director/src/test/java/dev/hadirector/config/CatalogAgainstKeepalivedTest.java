package dev.hadirector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every keyword of the catalog, written into the section where the catalog places it, must be known to
 * keepalived itself. One configuration per (parent section, block) place, each also holding one made-up
 * control keyword: keepalived must report exactly that one as unknown, which proves it parsed the section
 * and found nothing else to reject. Keeps the catalog free of invented or misplaced keywords.
 */
class CatalogAgainstKeepalivedTest {
    private static final String CONTROL = "zz_not_a_keyword";

    @TempDir
    Path dir;

    private final KeywordCatalog catalog = KeywordCatalog.keepalived();

    @Test
    void keepalivedKnowsEveryCatalogKeywordWhereTheCatalogPutsIt() throws Exception {
        KeepalivedOracle.requireKeepalived();
        Map<String, List<String>> pathTo = pathsToSections();
        List<String> problems = new ArrayList<>();
        int places = 0;
        checkPlace(List.of(), catalog.topLevel(), problems);
        for (CatalogSection parent : catalog.sections()) {
            for (KeywordSpec spec : parent.keywords().values()) {
                if (spec.shape() == KeywordShape.BLOCK) {
                    List<String> opening = new ArrayList<>(pathTo.get(parent.id()));
                    opening.add(spec.name() + " " + blockName(spec.name()));
                    checkPlace(opening, catalog.section(spec.section()).orElseThrow(), problems);
                    places++;
                }
            }
        }
        assertEquals(List.of(), problems, "checked " + places + " places");
    }

    /** The block openings leading from the top level to each section (first found, breadth first). */
    private Map<String, List<String>> pathsToSections() {
        Map<String, List<String>> paths = new HashMap<>();
        paths.put(CatalogSection.TOP_LEVEL, List.of());
        Deque<CatalogSection> queue = new ArrayDeque<>(List.of(catalog.topLevel()));
        while (!queue.isEmpty()) {
            CatalogSection section = queue.poll();
            for (KeywordSpec spec : section.keywords().values()) {
                if (spec.shape() == KeywordShape.BLOCK && !paths.containsKey(spec.section())) {
                    List<String> path = new ArrayList<>(paths.get(section.id()));
                    path.add(spec.name() + " " + blockName(spec.name()));
                    paths.put(spec.section(), path);
                    queue.add(catalog.section(spec.section()).orElseThrow());
                }
            }
        }
        return paths;
    }

    private void checkPlace(List<String> openings, CatalogSection section, List<String> problems) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String opening : openings) {
            text.append(opening).append(" {\n");
        }
        text.append(CONTROL).append(" 1\n");
        for (KeywordSpec spec : section.keywords().values()) {
            switch (spec.shape()) {
                case VALUE -> text.append(spec.name()).append(" 1\n");
                case LIST -> text.append(spec.name()).append(spec.name().equals("virtual_server_group") ? " G" : "")
                        .append(" {\n}\n");
                case BLOCK -> text.append(spec.name()).append(' ').append(blockName(spec.name())).append(" {\n}\n");
            }
        }
        text.append("}\n".repeat(openings.size()));
        Path config = dir.resolve("place.conf");
        Files.writeString(config, text);

        Set<String> unknown = new TreeSet<>();
        for (String reported : KeepalivedOracle.unknownKeywords(config, "main")) {
            String keyword = reported.substring(reported.lastIndexOf(' ') + 1);
            if (!KeepalivedOracle.LEFT_OUT_OF_DEBIANS_BUILD.contains(keyword)) {
                unknown.add(keyword);
            }
        }
        String where = openings.isEmpty() ? "top level" : String.join(" > ", openings);
        if (!unknown.equals(Set.of(CONTROL))) {
            problems.add(where + ": keepalived reported " + unknown + " as unknown, expected only " + CONTROL
                    + (unknown.contains(CONTROL) ? "" : " (the control is missing: keepalived skipped the section)")
                    + "\n" + text);
        }
        ConfigReport ours = ConfigValidator.keepalived()
                .validate(ConfigReader.builder().configId("main").build().read(config));
        if (!KeepalivedOracle.ourUnknownKeywords(ours).stream().allMatch(u -> u.endsWith(": " + CONTROL))
                || ours.findings(FindingKind.UNKNOWN_KEYWORD).size() != 1
                || !ours.findings(FindingKind.BAD_STRUCTURE).isEmpty()) {
            problems.add(where + ": our validator disagrees: " + ours.findings().stream()
                    .filter(f -> f.kind() != FindingKind.NOT_YET_SUPPORTED).toList());
        }
    }

    private static String blockName(String keyword) {
        return switch (keyword) {
            case "virtual_server" -> "10.0.0.1 80";
            case "real_server" -> "10.0.0.2 80";
            case "global_defs", "authentication", "url", "garp_group", "SSL", "host" -> "";
            default -> keyword.endsWith("_CHECK") || keyword.endsWith("_GET") ? "" : "N_" + keyword;
        };
    }
}
