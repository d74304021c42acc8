package dev.hadirector.checks.misc;

import static dev.hadirector.checks.support.Loopback.await;
import static dev.hadirector.checks.support.Loopback.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.MiscCheck;
import dev.hadirector.api.ScriptUser;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.testkit.Rig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MISC_CHECK {@code user}: a real account and group created for the test (and removed after it) run the program,
 * which records the ids it got.
 */
class MiscCheckerUserTest {

    private final IoReactor reactor = IoReactor.start("misc-user-test", 1);
    private final List<String[]> cleanup = new ArrayList<>();
    private String userName;
    private String groupName;
    private Path dir;

    @BeforeEach
    void createAccounts() throws IOException {
        Rig.requireRoot();
        Rig.requireCommand("useradd");
        Rig.requireCommand("groupadd");
        Rig.requireCommand("setpriv");
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 1_000_000));
        userName = "hadtu" + suffix;
        groupName = "hadtg" + suffix;
        run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "--user-group", userName);
        cleanup.add(new String[] {"userdel", userName});
        run("groupadd", "--system", groupName);
        cleanup.add(new String[] {"groupdel", groupName});
        // the account must reach the script and write its report: a world-readable folder outside the 0700 temp dirs
        dir = Files.createTempDirectory(Path.of("/tmp"), "misc-user-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @AfterEach
    void removeAccounts() throws IOException {
        reactor.close();
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            exec(cleanup.get(i));
        }
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static void run(String... command) throws IOException {
        String failure = exec(command);
        if (failure != null) {
            throw new AssertionError(String.join(" ", command) + " failed: " + failure);
        }
    }

    /** Runs a command; null on success, else its exit status and output. */
    private static String exec(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            int exit = p.waitFor();
            return exit == 0 ? null : "exit " + exit + ": " + output.strip();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", command), e);
        }
    }

    private Path idScript() throws IOException {
        Path out = dir.resolve("ids");
        Path p = Files.writeString(dir.resolve("ids.sh"), "#!/bin/sh\n"
                + "echo \"$(id -u) $(id -g) $(id -G)\" > " + out + "\n"
                + "[ \"$(id -u)\" != 0 ] || exit 1\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private CheckResult attempt(MiscCheck spec) {
        return await(new MiscChecker(spec, reactor).attempt(target(80)));
    }

    @Test
    void theProgramRunsWithTheUsersUidAndPrimaryGroup() throws Exception {
        Path script = idScript();
        MiscCheck spec = HealthCheck.misc(script.toString()).user(userName).build();
        ScriptUser user = spec.user().orElseThrow();
        assertEquals(userName, user.user());
        assertEquals(userName, user.group(), "useradd --user-group made a group named after the user");
        CheckResult r = attempt(spec);
        assertTrue(r.success(), r.reason());
        assertEquals(user.uid() + " " + user.gid() + " " + user.gid(), Files.readString(dir.resolve("ids")).strip());
    }

    @Test
    void aNamedGroupReplacesThePrimaryGroupAndTheSupplementaryOnes() throws Exception {
        Path script = idScript();
        MiscCheck spec = HealthCheck.misc(script.toString()).user(userName, groupName).build();
        long gid = spec.user().orElseThrow().gid();
        assertEquals(groupName, spec.user().orElseThrow().group());
        CheckResult r = attempt(spec);
        assertTrue(r.success(), r.reason());
        assertEquals(spec.user().orElseThrow().uid() + " " + gid + " " + gid,
                Files.readString(dir.resolve("ids")).strip());
    }

    @Test
    void withoutAUserTheProgramRunsAsTheDirector() throws Exception {
        Path script = idScript();
        CheckResult r = attempt(HealthCheck.misc(script.toString()).build());
        assertFalse(r.success(), "the script fails as root");
        assertEquals("0 0 0", Files.readString(dir.resolve("ids")).strip());
    }

    @Test
    void unknownUserOrGroupIsRefusedWhenBuilt() throws Exception {
        Path script = idScript();
        IllegalArgumentException noUser = assertThrows(IllegalArgumentException.class,
                () -> HealthCheck.misc(script.toString()).user(userName + "x"));
        assertEquals("user \"" + userName + "x\" does not exist: must be an account known to the system "
                + "(getent passwd)", noUser.getMessage());
        IllegalArgumentException noGroup = assertThrows(IllegalArgumentException.class,
                () -> HealthCheck.misc(script.toString()).user(userName, groupName + "x"));
        assertEquals("group \"" + groupName + "x\" does not exist: must be a group known to the system "
                + "(getent group)", noGroup.getMessage());
        IllegalArgumentException badName = assertThrows(IllegalArgumentException.class,
                () -> HealthCheck.misc(script.toString()).user("a:b"));
        assertTrue(badName.getMessage().startsWith("user \"a:b\" invalid"), badName.getMessage());
    }
}
