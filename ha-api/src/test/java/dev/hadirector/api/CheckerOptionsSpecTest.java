package dev.hadirector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builder validation of the issue #5 options: bind_if, regex options and offsets, SSL files, script users. */
class CheckerOptionsSpecTest {

    @TempDir
    Path dir;

    private static String refused(org.junit.jupiter.api.function.Executable build) {
        return assertThrows(IllegalArgumentException.class, build).getMessage();
    }

    @Test
    void bindInterfaceIsAnInterfaceName() {
        assertEquals(Optional.of("eth0.100"), HealthCheck.tcp().bindInterface("eth0.100").build().endpoint()
                .bindInterface());
        assertEquals(Optional.empty(), HealthCheck.tcp().build().endpoint().bindInterface());
        for (String bad : new String[] {"a/b", "a:b", "a b", "sixteen-bytes-xx", ".", ".."}) {
            assertEquals("bindInterface \"" + bad + "\" invalid: must be an interface name of 1..15 bytes without "
                    + "'/', ':' or white space", refused(() -> HealthCheck.tcp().bindInterface(bad)), bad);
        }
        assertEquals("bindInterface \"\" is blank: must not be empty", refused(() -> HealthCheck.tcp().bindInterface("")));
    }

    @Test
    void regexSettingsBelongToTheLastUrlsRegex() {
        HttpCheck check = HealthCheck.http("/a").regex("ok").regexOptions(RegexOption.CASELESS, RegexOption.UTF)
                .regexOffsets(2, 9).url("/b").regexNoMatch("bad").regexMinOffset(4).build();
        BodyRegex a = check.urls().get(0).regex().orElseThrow();
        assertEquals(Set.of(RegexOption.CASELESS, RegexOption.UTF), a.options());
        assertEquals(2, a.minOffset());
        assertEquals(OptionalInt.of(9), a.maxOffset());
        assertFalse(check.urls().get(0).regexNoMatch());
        BodyRegex b = check.urls().get(1).regex().orElseThrow();
        assertTrue(b.noMatch());
        assertEquals(4, b.minOffset());
        assertEquals(OptionalInt.empty(), b.maxOffset());
        assertTrue(a.compile().matcher("OK").find(), "caseless is a Pattern flag");
        assertEquals("url /a: regex option ungreedy not supported: java.util.regex has no ungreedy mode; write lazy "
                + "quantifiers (*?, +?) instead",
                refused(() -> HealthCheck.http("/a").regex("x").regexOptions(RegexOption.UNGREEDY)));
        assertEquals("url /a: regexMinOffset -1 out of range: must be 0 or more",
                refused(() -> HealthCheck.http("/a").regex("x").regexMinOffset(-1)));
        assertEquals("caseless", RegexOption.CASELESS.word());
        assertEquals(RegexOption.NO_AUTO_POSSESS, RegexOption.of("no_auto_possess"));
    }

    @Test
    void tlsFilesAreCheckedForPresenceAndPairingAndHideThePassword() throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        Path key = Files.writeString(dir.resolve("k.pem"), "x");
        TlsFiles files = TlsFiles.builder().certificate(cert).key(key).password("hunter2").build();
        assertFalse(files.toString().contains("hunter2"), files.toString());
        assertEquals(Optional.of(files), HealthCheck.https("/").tlsFiles(files).build().tlsFiles());
        assertTrue(refused(() -> HealthCheck.http("/").tlsFiles(files).build())
                .endsWith("set on an HTTP_GET check: they apply to SSL_GET (https) only"));
        assertEquals("key \"" + key + "\" without a certificate: set certificate",
                refused(() -> TlsFiles.builder().key(key).build()));
        assertEquals("password set without a key: it decrypts the key, set key",
                refused(() -> TlsFiles.builder().ca(cert).password("p").build()));
        assertEquals("TLS files empty: set certificate and key, or ca, or both",
                refused(() -> TlsFiles.builder().build()));
        assertEquals("certificate \"" + dir.resolve("none.pem") + "\" not found: must be an existing PEM file",
                refused(() -> TlsFiles.builder().certificate(dir.resolve("none.pem")).key(key).build()));
    }

    @Test
    void scriptUsersAreLookedUpAndSyntaxChecked() {
        ScriptUser root = ScriptUser.of("root");
        assertEquals(0, root.uid());
        assertEquals(0, root.gid());
        assertEquals("root", root.group());
        assertTrue(ScriptUser.exists("root"));
        assertFalse(ScriptUser.exists("no_such_user_q"));
        assertTrue(refused(() -> ScriptUser.of("-rf")).startsWith("user \"-rf\" invalid"));
        assertTrue(refused(() -> ScriptUser.of("root", "a b")).startsWith("group \"a b\" invalid"));
        assertEquals("user \"no_such_user_q\" does not exist: must be an account known to the system (getent passwd)",
                refused(() -> ScriptUser.of("no_such_user_q")));
    }
}
