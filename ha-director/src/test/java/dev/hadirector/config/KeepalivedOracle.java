package dev.hadirector.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's keepalived as the reference for which keywords are unknown: {@code keepalived -t} checks a
 * configuration and logs "(FILE: Line N) Unknown keyword 'X'" for each keyword it does not know.
 */
final class KeepalivedOracle {
    static final Path KEEPALIVED = Path.of("/usr/sbin/keepalived");
    private static final Pattern UNKNOWN = Pattern.compile("\\((?:(\\S+): )?Line (\\d+)\\) Unknown keyword '([^']*)'");

    private KeepalivedOracle() {
    }

    /** Skips the calling test (one line saying why) when keepalived is missing; fails instead under CI=true. */
    static void requireKeepalived() {
        if (!Files.isExecutable(KEEPALIVED)) {
            dev.hadirector.testkit.Rig.missing(KEEPALIVED + " (Debian package keepalived) is not installed");
        }
    }

    /**
     * Keywords keepalived.conf(5) documents but Debian's build leaves out (it uses nftables, not ipsets):
     * keepalived calls them unknown, the catalog rightly knows them.
     */
    static final Set<String> LEFT_OUT_OF_DEBIANS_BUILD = Set.of("vrrp_ipsets");

    /** "file:line: keyword" for every unknown keyword keepalived reports in the configuration. */
    static Set<String> unknownKeywords(Path config, String configId) throws IOException, InterruptedException {
        // run from the configuration's directory, so any relative path keepalived writes to stays there
        Process process = new ProcessBuilder(KEEPALIVED.toString(), "-t", "-l", "-n", "-i", configId,
                "-f", config.toString())
                .directory(config.toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true)
                .start();
        String output;
        try {
            process.getOutputStream().close();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException("keepalived -t did not finish on " + config);
            }
        } finally {
            process.destroyForcibly();
        }
        Set<String> unknown = new TreeSet<>();
        Matcher m = UNKNOWN.matcher(output);
        while (m.find()) {
            // keepalived leaves the file name out of some messages; those are about the main file
            // and names included files as it opened them, relative to the including file's directory
            String file = m.group(1) == null ? config.toString()
                    : config.toAbsolutePath().getParent().resolve(m.group(1)).normalize().toString();
            unknown.add(file + ":" + m.group(2) + ": " + m.group(3));
        }
        return unknown;
    }

    /** The same "file:line: keyword" form for our UNKNOWN_KEYWORD findings. */
    static Set<String> ourUnknownKeywords(ConfigReport report) {
        Set<String> unknown = new TreeSet<>();
        for (Finding f : report.findings(FindingKind.UNKNOWN_KEYWORD)) {
            String keyword = f.message().substring(f.message().indexOf('\'') + 1);
            unknown.add(f.location() + ": " + keyword.substring(0, keyword.indexOf('\'')));
        }
        return unknown;
    }
}
