package dev.hadirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    /** One in-process run: exit code and both streams. */
    record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Result run(Main main, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = main.run(args, o, e);
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Result run(String... args) {
        return run(Main.standard(), args);
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void helpListsCommandsOptionsAndExitCodes() {
        Result r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("Usage: ha-director [COMMAND] [OPTIONS]\n"), r.out());
        assertTrue(r.out().contains("  run      run the director from a keepalived configuration"), r.out());
        assertTrue(r.out().contains("-t, --config-test, --check"), r.out());
        assertTrue(r.out().contains("-f, --use-file FILE"), r.out());
        assertTrue(r.out().contains("Exit codes: 0 ok; 1 invalid configuration"), r.out());
        assertEquals("", r.err());
        assertEquals(0, run("-h").exit());
        assertTrue(run("run", "--help").out().startsWith("Usage: ha-director [run] [-f FILE] [-t] [-i ID]"));
    }

    @Test
    void version() {
        Result r = run("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().matches("ha-director \\S+\n"), r.out());
        assertFalse(r.out().contains("${"), r.out());
    }

    @Test
    void checkOfAFullySupportedConfigurationExitsZero() throws Exception {
        // nothing is supported yet, so only a configuration without statements qualifies today
        Path file = write("empty.conf", "# nothing configured\n");
        Result r = run("-f", file.toString(), "--check");
        assertEquals(0, r.exit(), r.err());
        assertEquals("ha-director: " + file + ": configuration is valid and fully supported\n", r.out());
        assertEquals("", r.err());
        assertEquals(0, run("-t", "-f", file.toString()).exit());
        assertEquals(0, run("--config-test", "--use-file=" + file).exit());
        assertEquals(0, run("-tf" + file).exit());
    }

    @Test
    void keepalivedsMailSettingsAreSupported() throws Exception {
        Path file = write("mail.conf", "global_defs {\n notification_email {\n  ops@example.com\n }\n"
                + " notification_email_from lb1@example.com\n smtp_server 127.0.0.1 2525\n smtp_helo_name lb1\n"
                + " smtp_connect_timeout 5\n router_id LB1\n smtp_alert\n smtp_alert_vrrp\n smtp_alert_checker off\n"
                + " no_email_faults\n no_checker_emails\n}\n"
                + "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n"
                + "  10.0.0.1/24\n }\n smtp_alert\n}\n"
                + "vrrp_sync_group VG_1 {\n group {\n  VI_1\n }\n smtp_alert false\n}\n"
                + "virtual_server 10.0.0.1 80 {\n protocol TCP\n smtp_alert\n real_server 10.0.0.2 80 {\n  smtp_alert\n }\n}\n");
        Result r = run("-t", "-f", file.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("ha-director: " + file + ": configuration is valid and fully supported\n", r.out());
    }

    @Test
    void includeMatchingNothingIsAWarningThatDoesNotFailTheCheck() throws Exception {
        Path file = write("inc.conf", "include conf.d/*.conf\n");
        Result r = run("-t", "-f", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(file + ":1: include: no file matches conf.d/*.conf\n"
                + "ha-director: " + file + ": configuration is valid and fully supported\n", r.out());
    }

    @Test
    void checkListsNotYetSupportedKeywordsOnePerLine() throws Exception {
        Path file = write("k.conf", "vrrp_instance VI_1 {\n  state MASTER\n  use_vmac\n  debug\n"
                + "  priority 100\n}\nvrrp_track_process p {\n}\n");
        Result r = run("-f", file.toString(), "-t");
        assertEquals(1, r.exit());
        assertEquals(file + ":3: keyword 'use_vmac' in vrrp_instance is not yet supported\n"
                + file + ":4: keyword 'debug' in vrrp_instance is not yet supported\n"
                + file + ":7: keyword 'vrrp_track_process' is not yet supported\n", r.out());
        assertEquals(List.of("ha-director: " + file + ": 3 keywords not yet supported by this version of ha-director"),
                r.errLines());
    }

    @Test
    void runRefusesAKeywordItDoesNotRunAndStartsNothing() throws Exception {
        Path file = write("k.conf", "vrrp_instance VI_1 {\n  state MASTER\n  use_vmac\n}\n");
        Result r = run("-f", file.toString());
        assertEquals(1, r.exit());
        assertEquals(List.of("ha-director: " + file + ": 1 keyword not yet supported by this version of"
                + " ha-director; not started"), r.errLines());
        Result explicit = run("run", "-f", file.toString());
        assertEquals(r, explicit);
    }

    @Test
    void runOfAnEmptyConfigurationSaysThereIsNothingToRun() throws Exception {
        Path file = write("empty.conf", "");
        Result r = run("-f", file.toString());
        assertEquals(1, r.exit());
        assertEquals(List.of("ha-director: " + file + ": nothing to run: a director needs at least one VRRP instance"
                + " or virtual server", "ha-director: " + file + ": 1 problem; nothing was started"), r.errLines());
        assertEquals(0, run("-t", "-f", file.toString()).exit(), "keepalived accepts it, so the check does");
    }

    @Test
    void invalidConfigurationListsErrorsAndExitsOne() throws Exception {
        Path file = write("bad.conf", "vrrp_instance VI_1 {\n  priorty 100\n}\n");
        Result r = run("-t", "-f", file.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains(file + ":2: keyword 'priorty' in vrrp_instance is unknown (did you mean 'priority'?)\n"),
                r.out());
        assertEquals(List.of("ha-director: " + file + ": 1 error in the configuration"), r.errLines());
    }

    @Test
    void syntaxErrorIsOneLineWithFileAndLine() throws Exception {
        Path file = write("syntax.conf", "a {\n}\n}\n");
        Result r = run("-f", file.toString(), "-t");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals(List.of(file + ":3: unmatched '}'"), r.errLines());
    }

    @Test
    void configIdSelectsConditionalLines() throws Exception {
        Path file = write("cond.conf", "@main vrrp_track_process p {\n@main }\n");
        assertEquals(0, run("-t", "-i", "other", "-f", file.toString()).exit());
        Result main = run("-t", "-i", "main", "-f", file.toString());
        assertEquals(1, main.exit());
        assertEquals(file + ":1: keyword 'vrrp_track_process' is not yet supported\n", main.out());
        Result bad = run("-t", "-i", "a b", "-f", file.toString());
        assertEquals(2, bad.exit());
        assertEquals(List.of("ha-director: configId 'a b' invalid: must be a non-empty word without white space"
                + " (see ha-director --help)"), bad.errLines());
    }

    @Test
    void unreadableFileExitsTwoWithOneLine() throws Exception {
        Path missing = dir.resolve("missing.conf");
        Result r = run("-f", missing.toString(), "-t");
        assertEquals(2, r.exit());
        assertEquals(List.of("ha-director: cannot read configuration " + missing + " (No such file)"), r.errLines());
        Result directory = run("-f", dir.toString());
        assertEquals(2, directory.exit());
        assertEquals(List.of("ha-director: cannot read configuration " + dir + " (Is a directory)"), directory.errLines());
    }

    @Test
    void defaultConfigurationIsKeepalivedsPath() {
        Assumptions.assumeFalse(Files.exists(Path.of("/etc/keepalived/keepalived.conf")),
                "skipped: this machine has an /etc/keepalived/keepalived.conf, so its absence cannot be shown");
        Result r = run("-t");
        assertEquals(2, r.exit());
        assertEquals(List.of("ha-director: cannot read configuration /etc/keepalived/keepalived.conf (No such file)"),
                r.errLines());
    }

    @Test
    void badArgumentsExitTwoWithOneLineReason() {
        assertUsage("ha-director: unknown option '--bogus' (see ha-director --help)", "--bogus");
        assertUsage("ha-director: unknown option '-x' (see ha-director --help)", "-t", "-x");
        assertUsage("ha-director: option -f needs a value (FILE) (see ha-director --help)", "-f");
        assertUsage("ha-director: option --use-file needs a value (FILE) (see ha-director --help)", "--use-file");
        assertUsage("ha-director: option --check takes no value (got 'yes') (see ha-director --help)", "--check=yes");
        assertUsage("ha-director: unknown command 'frobnicate' (commands: run, ipvs, genhash) (see ha-director --help)", "frobnicate");
        assertUsage("ha-director: unexpected argument 'extra' (see ha-director --help)", "run", "-t", "extra");
        assertUsage("ha-director: option -f given twice ('a' and 'b') (see ha-director --help)", "-f", "a", "-f", "b");
    }

    private static void assertUsage(String expected, String... args) {
        Result r = run(args);
        assertEquals(2, r.exit(), String.join(" ", args));
        assertEquals(List.of(expected), r.errLines());
        assertEquals("", r.out());
    }

    @Test
    void subCommandsGetTheirArguments() {
        Command echo = new Command() {
            @Override
            public String name() {
                return "echo";
            }

            @Override
            public String summary() {
                return "prints its arguments";
            }

            @Override
            public int run(List<String> args, PrintStream out, PrintStream err) {
                out.print(String.join(",", args));
                return 5;
            }
        };
        Main main = new Main(List.of(new RunCommand(), echo));
        Result r = run(main, "echo", "a", "-b", "--c");
        assertEquals(new Result(5, "a,-b,--c", ""), r);
        assertTrue(run(main, "--help").out().contains("  echo  prints its arguments\n"));
    }

    @Test
    void internalErrorIsOneLineUnlessDebug() {
        Command broken = new Command() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public String summary() {
                return "fails";
            }

            @Override
            public int run(List<String> args, PrintStream out, PrintStream err) {
                throw new IllegalStateException("boom");
            }
        };
        Main main = new Main(List.of(new RunCommand(), broken));
        Result quiet = run(main, "broken");
        assertEquals(70, quiet.exit());
        assertEquals(List.of("ha-director: internal error: java.lang.IllegalStateException: boom"
                + " (run with --debug for the stack trace)"), quiet.errLines());
        Result debug = run(main, "--debug", "broken");
        assertEquals(70, debug.exit());
        assertEquals("ha-director: internal error: java.lang.IllegalStateException: boom", debug.errLines().get(0));
        assertTrue(debug.err().contains("\tat "), debug.err());
    }

    @Test
    void nullArgumentsDoNotCrash() {
        Result r = run(Main.standard(), (String[]) null);
        assertTrue(r.exit() <= ExitCode.USAGE, r.err()); // 70 would be an internal error
    }

    @Test
    void anIpvsCommandLineIsDispatchedWithoutTheOtherCommands() {
        Result r = run(Main.forArguments(new String[]{"ipvs", "help"}), "ipvs", "help");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("usage: ipvs save"), r.out());
        Result help = run(Main.forArguments(new String[]{"--help"}), "--help");
        assertTrue(help.out().contains("genhash"), "every other command line gets every command: " + help.out());
        assertTrue(run(Main.forArguments(null), "--version").out().startsWith("ha-director "));
    }
}
