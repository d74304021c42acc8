package dev.hadirector.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The account a MISC_CHECK program runs as (keepalived's {@code user USERNAME [GROUPNAME]}): a user and a group,
 * resolved through the system's account database ({@code getent}, so NSS sources count) when the spec is built.
 * Without a group, the user's primary group is used, as keepalived does.
 *
 * @param user  the login name
 * @param uid   its uid
 * @param group the group name
 * @param gid   its gid
 */
public record ScriptUser(String user, long uid, String group, long gid) {

    private static final long LOOKUP_TIMEOUT_SECONDS = 10;

    public ScriptUser {
        requireName("user", user);
        requireName("group", group);
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("uid " + uid + " / gid " + gid + " of " + user
                    + " out of range: must not be negative");
        }
    }

    /** Looks {@code user} up; its primary group is the group. */
    public static ScriptUser of(String user) {
        return of(user, null);
    }

    /**
     * Looks {@code user} and {@code group} up; a null group means the user's primary group.
     *
     * @throws IllegalArgumentException naming the user or group that does not exist
     */
    public static ScriptUser of(String user, String group) {
        requireName("user", user);
        if (group != null) {
            requireName("group", group);
        }
        List<String> passwd = lookup("passwd", user).orElseThrow(() -> new IllegalArgumentException("user \"" + user
                + "\" does not exist: must be an account known to the system (getent passwd)"));
        long uid = number("uid of user " + user, passwd.get(2));
        long primaryGid = number("gid of user " + user, passwd.get(3));
        if (group == null) {
            String primaryName = lookup("group", Long.toString(primaryGid)).map(g -> g.get(0))
                    .orElse(Long.toString(primaryGid));
            return new ScriptUser(passwd.get(0), uid, primaryName, primaryGid);
        }
        List<String> groupEntry = lookup("group", group).orElseThrow(() -> new IllegalArgumentException("group \""
                + group + "\" does not exist: must be a group known to the system (getent group)"));
        return new ScriptUser(passwd.get(0), uid, groupEntry.get(0), number("gid of group " + group, groupEntry.get(2)));
    }

    /** True when the account database knows {@code user} (keepalived's default script user is used only then). */
    public static boolean exists(String user) {
        requireName("user", user);
        return lookup("passwd", user).isPresent();
    }

    private static void requireName(String field, String name) {
        SpecRules.notBlank(field, name);
        if (name.startsWith("-") || name.chars().anyMatch(c -> c <= 0x20 || c == ':' || c == '/' || c >= 0x7f)) {
            throw new IllegalArgumentException(field + " \"" + name + "\" invalid: must be an account name without "
                    + "spaces, ':' or '/', not starting with '-'");
        }
    }

    private static long number(String what, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " \"" + text + "\" is not a number in the account database", e);
        }
    }

    /** One getent entry split at ':'; empty when the key is unknown (getent exit 2). */
    private static Optional<List<String>> lookup(String database, String key) {
        Process process;
        try {
            process = new ProcessBuilder("getent", database, key)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run getent to look up " + database + " entry \"" + key + "\": "
                    + e.getMessage(), e);
        }
        try (InputStream out = process.getInputStream()) {
            String text = new String(out.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            if (!process.waitFor(LOOKUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("getent " + database + " " + key + " did not answer within "
                        + LOOKUP_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() == 2) {
                return Optional.empty();
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("getent " + database + " " + key + " exited " + process.exitValue()
                        + ": " + text.strip());
            }
            String line = text.lines().findFirst().orElse("");
            List<String> fields = List.of(line.split(":", -1));
            int needed = database.equals("passwd") ? 7 : 3;
            if (fields.size() < needed) {
                throw new IllegalStateException("getent " + database + " " + key + " answered \"" + line
                        + "\": expected " + needed + " ':'-separated fields");
            }
            return Optional.of(fields);
        } catch (IOException e) {
            throw new IllegalStateException("reading getent " + database + " " + key + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up " + database + " entry \"" + key + "\"", e);
        }
    }
}
