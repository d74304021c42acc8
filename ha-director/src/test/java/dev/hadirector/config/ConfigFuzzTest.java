package dev.hadirector.config;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random input must give a tree or a {@link ConfigException}, never any other exception. Seeded, so a
 * failure names the seed that reproduces it.
 */
class ConfigFuzzTest {
    private static final String[] SOUP = {
        "{", "}", "\"", "'", "#", "!", "\n", "\r\n", "\r", "\t", " ", " ", " ", "\\", "\\\n",
        "vrrp_instance", "VI_1", "virtual_ipaddress", "10.0.0.1/24", "real_server", "HTTP_GET", "url",
        "include", "includew", "includea", "includeb", "*.conf", "{a,b}.conf", "[", "]", "?", "x.conf",
        "$A=", "$A=$A", "$B= \\\n", "$A", "${A}", "${B}", "$", "${", "@main", "@^main", "@", "@^",
        "~SEQ(I, 0, 3)", "~LST(I, 1)", "${_RANDOM}", "${_RANDOM 5 3}", "${_RANDOM a}", "${_PWD}", "${_HASH}",
        "\\x41", "\\x", "\\c", "\\777", "\"\\", "\u00e9", "\u0000", "\ufffd",
    };

    @TempDir
    Path dir;

    @Test
    void randomBytesNeverCrashTheReader() throws Exception {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            byte[] bytes = new byte[random.nextInt(400)];
            random.nextBytes(bytes);
            Path file = dir.resolve("bytes.conf");
            Files.write(file, bytes);
            readAndValidate(file, seed, "random bytes");
        }
    }

    @Test
    void randomTokenSoupNeverCrashesTheReader() throws Exception {
        Files.writeString(dir.resolve("a.conf"), "a {\n include b.conf\n}\n");
        Files.writeString(dir.resolve("b.conf"), "b\n");
        Files.writeString(dir.resolve("x.conf"), "include x.conf\n");
        for (long seed = 1; seed <= 1000; seed++) {
            Random random = new Random(seed);
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(60);
            for (int i = 0; i < length; i++) {
                text.append(SOUP[random.nextInt(SOUP.length)]);
                if (random.nextInt(3) == 0) {
                    text.append(' ');
                }
            }
            Path file = dir.resolve("soup.conf");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            readAndValidate(file, seed, "token soup");
        }
    }

    private void readAndValidate(Path file, long seed, String what) {
        try {
            ConfigTree tree = ConfigReader.builder().configId("main").build().read(file);
            ConfigValidator.keepalived().validate(tree);
        } catch (ConfigException expected) {
            if (expected.getMessage() == null || !expected.getMessage().startsWith(expected.location() + ": ")) {
                fail(what + " seed " + seed + ": message without location: " + expected.getMessage());
            }
        } catch (RuntimeException | StackOverflowError e) {
            AssertionError failure = new AssertionError(what + " seed " + seed + " crashed the reader: " + e, e);
            throw failure;
        }
    }
}
