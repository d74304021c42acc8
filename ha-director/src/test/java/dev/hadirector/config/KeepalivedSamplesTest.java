package dev.hadirector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Debian's keepalived sample configurations must all read, and the catalog must know every keyword in
 * them: the only findings allowed are NOT_YET_SUPPORTED ones, and the unknown keywords that keepalived
 * itself rejects in that sample.
 */
class KeepalivedSamplesTest {
    private static final Path SAMPLES = Path.of("/usr/share/doc/keepalived/samples");

    /**
     * Unknown keywords keepalived 2.2.7's own {@code keepalived -t} reports in Debian's samples: the
     * lvs_syncd sample lists sync group members without the {@code group { }} block.
     * {@link #unknownKeywordsMatchKeepalivedItself} keeps this list honest.
     */
    private static final Map<String, Set<String>> UNKNOWN_TO_KEEPALIVED_TOO = Map.of(
            "keepalived.conf.vrrp.lvs_syncd", Set.of(
                    SAMPLES.resolve("keepalived.conf.vrrp.lvs_syncd") + ":4: VI_2",
                    SAMPLES.resolve("keepalived.conf.vrrp.lvs_syncd") + ":5: VI_3"));

    static Stream<Path> samples() throws IOException {
        if (!Files.isDirectory(SAMPLES)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(SAMPLES + " missing and CI=true: install Debian's keepalived package");
            }
            return Stream.of(SAMPLES.resolve("MISSING"));
        }
        try (Stream<Path> files = Files.list(SAMPLES)) {
            List<Path> configs = files.filter(p -> p.getFileName().toString().startsWith("keepalived.conf"))
                    .sorted().toList();
            assertFalse(configs.isEmpty(), "no keepalived.conf.* in " + SAMPLES);
            return configs.stream();
        }
    }

    private static void requireSample(Path sample) {
        if (!Files.exists(sample)) {
            dev.hadirector.testkit.Rig.missing("Debian's keepalived samples are not installed (" + SAMPLES + ")");
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleReadsAndHasOnlyNotYetSupportedFindings(Path sample) throws Exception {
        requireSample(sample);
        for (String configId : List.of("high", "low", "main")) {
            ConfigTree tree = ConfigReader.builder().configId(configId).build().read(sample);
            assertFalse(tree.nodes().isEmpty(), sample + " gave no statements");
            ConfigReport report = ConfigValidator.keepalived().validate(tree);
            List<String> others = report.findings().stream()
                    .filter(f -> f.kind() != FindingKind.NOT_YET_SUPPORTED && f.kind() != FindingKind.UNKNOWN_KEYWORD)
                    .map(Finding::toString).toList();
            assertEquals(List.of(), others, sample.toString());
            assertEquals(UNKNOWN_TO_KEEPALIVED_TOO.getOrDefault(sample.getFileName().toString(), Set.of()),
                    KeepalivedOracle.ourUnknownKeywords(report), sample.toString());
            // The load balancer's and VRRP's sections are supported; a sample using any other section still
            // has something to report.
            Set<String> supportedTop = Set.of("global_defs", "vrrp_instance", "vrrp_sync_group", "vrrp_script");
            if (tree.nodes().stream().anyMatch(n -> !n.keyword().startsWith("virtual_server")
                    && !supportedTop.contains(n.keyword()))) {
                assertFalse(report.findings(FindingKind.NOT_YET_SUPPORTED).isEmpty(), sample.toString());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void unknownKeywordsMatchKeepalivedItself(Path sample) throws Exception {
        requireSample(sample);
        KeepalivedOracle.requireKeepalived();
        for (String configId : List.of("high", "low")) {
            ConfigReport report = ConfigValidator.keepalived()
                    .validate(ConfigReader.builder().configId(configId).build().read(sample));
            assertEquals(KeepalivedOracle.unknownKeywords(sample, configId), KeepalivedOracle.ourUnknownKeywords(report),
                    sample + " with config id " + configId);
        }
    }

    @Test
    void conditionalSampleFollowsTheConfigId() throws Exception {
        Path sample = SAMPLES.resolve("keepalived.conf.conditional_conf");
        requireSample(sample);
        ConfigTree high = ConfigReader.builder().configId("high").build().read(sample);
        ConfigTree low = ConfigReader.builder().configId("low").build().read(sample);
        assertEquals(List.of("high"), high.nodes("net_namespace").get(0).args());
        assertEquals(List.of("low"), low.nodes("net_namespace").get(0).args());
        ConfigNode instance = high.nodes("vrrp_instance").get(0);
        assertEquals(List.of("170"), instance.child("priority").orElseThrow().args());
        assertTrue(low.nodes("vrrp_instance").get(0).child("priority").orElseThrow().args().contains("85"));
    }
}
