package dev.hadirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, run as a user runs it: {@code java -jar ha-director.jar ...}. Runs after package. */
class MainJarIT {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    private static Result java(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("ha.director.jar");
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)),
                "ha.director.jar not set or missing (" + jar + "): this test runs in the integration-test phase");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        try {
            process.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process));
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                throw new IOException("java -jar did not finish: " + command);
            }
            return new Result(process.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    private static byte[] readAll(Process process) {
        try {
            return process.getErrorStream().readAllBytes();
        } catch (IOException e) {
            return e.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void versionHelpCheckAndBadArguments() throws Exception {
        Result version = java("--version");
        assertEquals(new Result(0, "ha-director " + System.getProperty("ha.version") + "\n", ""), version);

        Result help = java("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().startsWith("Usage: ha-director"), help.out());

        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, "vrrp_instance VI_1 {\n  state MASTER\n  use_vmac\n  debug\n}\n");
        Result check = java("-f", conf.toString(), "--check");
        assertEquals(new Result(1,
                conf + ":3: keyword 'use_vmac' in vrrp_instance is not yet supported\n"
                        + conf + ":4: keyword 'debug' in vrrp_instance is not yet supported\n",
                "ha-director: " + conf + ": 2 keywords not yet supported by this version of ha-director\n"), check);

        Path empty = dir.resolve("empty.conf");
        Files.writeString(empty, "! nothing\n");
        assertEquals(0, java("-t", "-f", empty.toString()).exit());

        Result bad = java("--bogus");
        assertEquals(new Result(2, "", "ha-director: unknown option '--bogus' (see ha-director --help)\n"), bad);
    }

    @Test
    void ipvsSubCommandIsInTheJar() throws Exception {
        Result help = java("ipvs", "help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().startsWith("usage: ipvs save\n"), help.out());
        Result unknown = java("ipvs", "frobnicate");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().startsWith("ipvs: unknown command 'frobnicate'\n"), unknown.err());
    }
}
