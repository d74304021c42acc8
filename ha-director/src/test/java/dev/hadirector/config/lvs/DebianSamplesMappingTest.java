package dev.hadirector.config.lvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.VirtualServer;
import dev.hadirector.config.ConfigException;
import dev.hadirector.config.ConfigReader;
import dev.hadirector.config.ConfigTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every virtual_server in Debian's keepalived samples maps, or is reported with file:line. */
class DebianSamplesMappingTest {
    private static final Path SAMPLES = Path.of("/usr/share/doc/keepalived/samples");

    @Test
    void everyVirtualServerMapsOrIsReportedWithItsLine() throws Exception {
        if (!Files.isDirectory(SAMPLES)) {
            dev.hadirector.testkit.Rig.missing("Debian's keepalived samples not installed at " + SAMPLES);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(SAMPLES)) {
            files = s.filter(p -> p.getFileName().toString().startsWith("keepalived.conf")).sorted().toList();
        }
        int blocks = 0;
        int mapped = 0;
        int reported = 0;
        for (Path file : files) {
            ConfigTree tree = ConfigReader.standard().read(file);
            int inFile = tree.nodes("virtual_server").size();
            LvsConfig config = VirtualServerMapper.map(tree);
            blocks += inFile;
            reported += config.problems().size();
            // a block maps to one spec, or one per member of its group
            assertTrue(config.virtualServers().size() + config.problems().size() >= inFile, file.toString());
            mapped += config.virtualServers().size();
            for (ConfigException e : config.problems()) {
                assertEquals(file, e.location().file());
                assertTrue(e.location().line() > 0, e::getMessage);
                System.out.println("reported: " + e.getMessage());
            }
            for (VirtualServer vs : config.virtualServers()) {
                System.out.println(file.getFileName() + ": " + vs + " " + vs.scheduler() + " " + vs.realServers().size()
                        + " real servers");
            }
        }
        System.out.println(blocks + " virtual_server blocks: " + mapped + " specs, " + reported + " reported");
        assertTrue(blocks > 10, "the samples hold many virtual servers");
        assertTrue(mapped > blocks / 2, "most sample virtual servers map: " + mapped + " of " + blocks);
    }
}
