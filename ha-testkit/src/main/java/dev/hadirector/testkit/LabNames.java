package dev.hadirector.testkit;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Namespace names of labs: {@code hat<pid>x<n>-<node>}. The pid names the JVM that made the lab, so a later run can
 * tell a lab whose JVM died (stale, to delete) from one still in use by a JVM running beside it.
 */
final class LabNames {

    static final String PREFIX = "hat";
    private static final Pattern LAB_NAMESPACE = Pattern.compile("^" + PREFIX + "(\\d{1,10})x(\\d{1,9})-.+$");
    /** Node names: short, and safe in a namespace file name and a shell word. */
    private static final Pattern NODE_NAME = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,30}$");
    /** Linux IFNAMSIZ is 16 including the terminating NUL. */
    static final int MAX_IFNAME_LENGTH = 15;

    private static final AtomicInteger LABS_MADE = new AtomicInteger();

    private LabNames() {
    }

    /** A fresh prefix for one lab of this JVM. */
    static String nextLabPrefix() {
        return PREFIX + ProcessHandle.current().pid() + "x" + LABS_MADE.incrementAndGet();
    }

    /** The namespace {@link Rig} creates once to see whether namespaces work; shaped like a lab's so cleanup finds it. */
    static String probeNamespace() {
        return PREFIX + ProcessHandle.current().pid() + "x0-probe";
    }

    static String namespace(String labPrefix, String node) {
        return labPrefix + "-" + node;
    }

    /** The pid of the JVM that made this namespace, if it is a lab namespace at all. */
    static OptionalLong ownerPid(String namespace) {
        Matcher m = LAB_NAMESPACE.matcher(namespace);
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    static void checkNodeName(String field, String name) {
        if (name == null || !NODE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(field + " '" + name
                    + "' is invalid: must be 1..31 characters of a-z, 0-9, '_' or '-', starting with a letter or digit");
        }
    }

    /** The kernel's own rule for interface names (dev_valid_name). */
    static void checkIfname(String ifname) {
        if (ifname == null || ifname.isEmpty() || ifname.length() > MAX_IFNAME_LENGTH) {
            throw new IllegalArgumentException("ifname '" + ifname + "' is invalid: must be 1.." + MAX_IFNAME_LENGTH + " characters");
        }
        if (ifname.equals(".") || ifname.equals("..")) {
            throw new IllegalArgumentException("ifname '" + ifname + "' is invalid: must not be '.' or '..'");
        }
        for (char c : ifname.toCharArray()) {
            if (c == '/' || c == ':' || Character.isWhitespace(c) || c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("ifname '" + ifname
                        + "' is invalid: must be printable ASCII without '/', ':' or whitespace");
            }
        }
    }
}
