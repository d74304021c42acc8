package dev.hadirector.config.lvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.BodyRegex;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.HttpCheck;
import dev.hadirector.api.MiscCheck;
import dev.hadirector.api.RegexOption;
import dev.hadirector.api.ScriptUser;
import dev.hadirector.api.TlsFiles;
import dev.hadirector.config.ConfigException;
import dev.hadirector.config.ConfigReader;
import dev.hadirector.testkit.Rig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker options of issue #5 as keepalived.conf writes them: MISC_CHECK user, bind_if, regex options, SSL. */
class CheckerOptionsMappingTest {
    @TempDir
    Path dir;

    private LvsConfig map(String text) throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, text);
        return VirtualServerMapper.map(ConfigReader.standard().read(file));
    }

    private List<HealthCheck> checks(String text) throws Exception {
        LvsConfig c = map(text);
        assertEquals(List.of(), c.problems());
        return c.virtualServers().get(0).realServers().get(0).checks();
    }

    private ConfigException refused(String text) throws Exception {
        LvsConfig c = map(text);
        assertEquals(1, c.problems().size(), () -> "problems: " + c.problems());
        assertTrue(c.virtualServers().isEmpty());
        return c.problems().get(0);
    }

    private Path script() throws Exception {
        Path p = dir.resolve("check.sh");
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static String realServer(String checkers) {
        return "virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n" + checkers + " }\n}\n";
    }

    // ------------------------------------------------------------------ MISC_CHECK user, script_user

    @Test
    void miscCheckUserAndGroupAreLookedUp() throws Exception {
        Path s = script();
        List<HealthCheck> checks = checks(realServer("  MISC_CHECK {\n   misc_path " + s + "\n   user nobody\n  }\n"
                + "  MISC_CHECK {\n   misc_path " + s + "\n   user daemon root\n  }\n"));
        assertEquals(Optional.of(ScriptUser.of("nobody")), ((MiscCheck) checks.get(0)).user());
        ScriptUser daemonRoot = ((MiscCheck) checks.get(1)).user().orElseThrow();
        assertEquals("daemon", daemonRoot.user());
        assertEquals("root", daemonRoot.group());
        assertEquals(0, daemonRoot.gid());
    }

    @Test
    void scriptUserOfGlobalDefsIsTheDefaultAndAChecksOwnUserWins() throws Exception {
        Path s = script();
        List<HealthCheck> checks = checks("global_defs {\n script_user daemon\n}\n"
                + realServer("  MISC_CHECK {\n   misc_path " + s + "\n  }\n"
                + "  MISC_CHECK {\n   misc_path " + s + "\n   user nobody\n  }\n"));
        assertEquals("daemon", ((MiscCheck) checks.get(0)).user().orElseThrow().user());
        assertEquals("nobody", ((MiscCheck) checks.get(1)).user().orElseThrow().user());
    }

    @Test
    void withoutScriptUserTheDefaultIsKeepalivedScriptOnlyIfItExists() throws Exception {
        Path s = script();
        MiscCheck check = (MiscCheck) checks(realServer("  MISC_CHECK {\n   misc_path " + s + "\n  }\n")).get(0);
        assertEquals(ScriptUser.exists("keepalived_script") ? Optional.of(ScriptUser.of("keepalived_script"))
                : Optional.empty(), check.user());
    }

    @Test
    void unknownUsersAndGroupsAreRefusedAtTheirLine() throws Exception {
        Path s = script();
        ConfigException e = refused(realServer("  MISC_CHECK {\n   misc_path " + s + "\n   user no_such_user_x\n  }\n"));
        assertEquals(5, e.location().line());
        assertEquals("user: user \"no_such_user_x\" does not exist: must be an account known to the system "
                + "(getent passwd)", e.problem());
        e = refused(realServer("  MISC_CHECK {\n   misc_path " + s + "\n   user nobody no_such_group_x\n  }\n"));
        assertEquals(5, e.location().line());
        assertEquals("user: group \"no_such_group_x\" does not exist: must be a group known to the system "
                + "(getent group)", e.problem());
        e = refused("global_defs {\n script_user no_such_user_x\n}\n"
                + realServer("  MISC_CHECK {\n   misc_path " + s + "\n  }\n"));
        assertEquals(2, e.location().line());
        assertTrue(e.problem().startsWith("script_user: user \"no_such_user_x\" does not exist"), e.problem());
        e = refused(realServer("  MISC_CHECK {\n   misc_path " + s + "\n   user a b c\n  }\n"));
        assertEquals("user takes at most 2 arguments, has 3: a b c", e.problem());
    }

    // ------------------------------------------------------------------ url regex options

    private static String url(String lines) {
        return realServer("  HTTP_GET {\n   url {\n    path /\n" + lines + "   }\n  }\n");
    }

    @Test
    void regexOptionsAndOffsetsMapOntoTheUrlsRegex() throws Exception {
        HttpCheck http = (HttpCheck) checks(url("    regex \"^ok$\"\n    regex_no_match\n"
                + "    regex_options caseless multiline utf no_start_optimize\n"
                + "    regex_min_offset 10\n    regex_max_offset 200\n")).get(0);
        BodyRegex r = http.urls().get(0).regex().orElseThrow();
        assertEquals("^ok$", r.pattern());
        assertTrue(r.noMatch());
        assertEquals(Set.of(RegexOption.CASELESS, RegexOption.MULTILINE, RegexOption.UTF,
                RegexOption.NO_START_OPTIMIZE), r.options());
        assertEquals(10, r.minOffset());
        assertEquals(OptionalInt.of(200), r.maxOffset());
        assertTrue(r.compile().matcher("x\nOK\n").find(), "caseless and multiline reach the pattern");
    }

    @Test
    void regexOptionsJavaCannotHonourAreRefusedByNameAtTheirLine() throws Exception {
        ConfigException e = refused(url("    regex ok\n    regex_options caseless ungreedy\n"));
        assertEquals(7, e.location().line());
        assertEquals("regex_options ungreedy not supported: java.util.regex has no ungreedy mode; write lazy "
                + "quantifiers (*?, +?) instead", e.problem());
        e = refused(url("    regex ok\n    regex_options dollar_endonly\n"));
        assertTrue(e.problem().startsWith("regex_options dollar_endonly not supported: "), e.problem());
        e = refused(url("    regex ok\n    regex_options fast\n"));
        assertEquals(7, e.location().line());
        assertTrue(e.problem().startsWith("regex_options: regex option \"fast\" unknown: must be one of "),
                e.problem());
        e = refused(url("    regex ok\n    regex_stack 1024 65536\n"));
        assertEquals(7, e.location().line());
        assertTrue(e.problem().startsWith("regex_stack not supported: java.util.regex has no JIT stack"), e.problem());
        e = refused(url("    regex_min_offset 4\n"));
        assertEquals(6, e.location().line());
        assertEquals("regex_min_offset without a regex in this url: add regex \"...\"", e.problem());
        e = refused(url("    regex ok\n    regex_min_offset 9\n    regex_max_offset 8\n"));
        assertEquals(6, e.location().line());
        assertEquals("regexMaxOffset 8 out of range: must be at least regexMinOffset 9", e.problem());
        e = refused(url("    regex ok\n    regex_min_offset -1\n"));
        assertEquals(7, e.location().line());
    }

    // ------------------------------------------------------------------ SSL block

    private void openssl(String... args) throws Exception {
        Rig.requireCommand("openssl");
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }

    private static final String SSL_GET = realServer("  SSL_GET {\n   url {\n    path /\n   }\n  }\n"
            + "  HTTP_GET {\n   url {\n    path /\n   }\n  }\n");

    @Test
    void theSslBlockGivesEverySslGetItsFiles() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-keyout", "client.key",
                "-out", "client.pem", "-days", "2", "-subj", "/CN=client", "-passout", "pass:pw");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=ca");
        List<HealthCheck> checks = checks("SSL {\n password pw\n ca " + dir.resolve("ca.pem") + "\n certificate "
                + dir.resolve("client.pem") + "\n key " + dir.resolve("client.key") + "\n}\n" + SSL_GET);
        TlsFiles files = ((HttpCheck) checks.get(0)).tlsFiles().orElseThrow();
        assertEquals(Optional.of(dir.resolve("client.pem")), files.certificate());
        assertEquals(Optional.of(dir.resolve("client.key")), files.key());
        assertEquals(Optional.of("pw"), files.password());
        assertEquals(Optional.of(dir.resolve("ca.pem")), files.ca());
        assertFalse(files.toString().contains("pw,"), "the password is not shown: " + files);
        assertEquals(Optional.empty(), ((HttpCheck) checks.get(1)).tlsFiles(), "HTTP_GET has no TLS");
    }

    @Test
    void unusableSslFilesAreRefusedAtTheLineNamingThem() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-keyout", "client.key",
                "-out", "client.pem", "-days", "2", "-subj", "/CN=client", "-passout", "pass:pw");
        String files = " certificate " + dir.resolve("client.pem") + "\n key " + dir.resolve("client.key") + "\n";
        ConfigException e = refused("SSL {\n password wrong\n" + files + "}\n" + SSL_GET);
        assertEquals(4, e.location().line());
        assertEquals("SSL key \"" + dir.resolve("client.key") + "\" does not decrypt with the password given: "
                + "wrong password", e.problem());
        e = refused("SSL {\n" + files + "}\n" + SSL_GET);
        assertEquals(3, e.location().line());
        assertEquals("SSL key \"" + dir.resolve("client.key") + "\" is encrypted: set its password", e.problem());
        e = refused("SSL {\n ca " + dir.resolve("missing.pem") + "\n}\n" + SSL_GET);
        assertEquals(2, e.location().line());
        assertEquals("SSL ca \"" + dir.resolve("missing.pem") + "\" not found: must be an existing PEM file",
                e.problem());
        e = refused("SSL {\n ca ca.pem\n}\n" + SSL_GET);
        assertEquals(2, e.location().line());
        assertEquals("ca \"ca.pem\" invalid: must be an absolute path", e.problem());
        e = refused("SSL {\n certificate " + dir.resolve("client.pem") + "\n}\n" + SSL_GET);
        assertEquals(2, e.location().line());
        assertTrue(e.problem().startsWith("SSL certificate \"" + dir.resolve("client.pem") + "\" without a key"),
                e.problem());
    }

    // ------------------------------------------------------------------ bind_if

    @Test
    void bindIfMapsOnEveryConnectingCheckerAndMustExist() throws Exception {
        List<HealthCheck> checks = checks(realServer("  TCP_CHECK {\n   bind_if lo\n  }\n"
                + "  HTTP_GET {\n   bind_if lo\n   url {\n    path /\n   }\n  }\n"
                + "  SSL_GET {\n   bind_if lo\n   url {\n    path /\n   }\n  }\n"
                + "  SMTP_CHECK {\n   bind_if lo\n  }\n  DNS_CHECK {\n   bind_if lo\n  }\n"
                + "  UDP_CHECK {\n   bind_if lo\n  }\n  PING_CHECK {\n   bind_if lo\n  }\n"));
        assertEquals(7, checks.size());
        for (HealthCheck check : checks) {
            assertEquals(Optional.of("lo"), check.endpoint().bindInterface(), check.kind());
        }
        ConfigException e = refused(realServer("  TCP_CHECK {\n   bind_if nosuch0\n  }\n"));
        assertEquals(4, e.location().line());
        assertEquals("bind_if \"nosuch0\" unknown: no such interface here (ENODEV)", e.problem());
        e = refused(realServer("  TCP_CHECK {\n   bind_if bad/name\n  }\n"));
        assertEquals(4, e.location().line());
        assertEquals("bind_if: bindInterface \"bad/name\" invalid: must be an interface name of 1..15 bytes without "
                + "'/', ':' or white space", e.problem());
        e = refused(realServer("  MISC_CHECK {\n   misc_path " + script() + "\n   bind_if lo\n  }\n"));
        assertEquals("'bind_if' invalid in MISC_CHECK: a program has no connection", e.problem());
    }
}
