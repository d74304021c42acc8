package dev.hadirector.config.lvs;

import dev.hadirector.config.ProgramWords;

import dev.hadirector.config.ConfigNode;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads the arguments of one statement; every refusal names the keyword, the value and the rule, at file:line. */
final class Values {
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\\]?");

    private Values() {
    }

    static Refusal refuse(ConfigNode node, String problem) {
        return new Refusal(node.location(), problem);
    }

    static String arg(ConfigNode node, int index) {
        if (node.args().size() <= index) {
            throw refuse(node, node.keyword() + " needs " + (index + 1) + " argument" + (index == 0 ? "" : "s")
                    + ", has " + node.args().size());
        }
        return node.args().get(index);
    }

    static void maxArgs(ConfigNode node, int max) {
        if (node.args().size() > max) {
            throw refuse(node, node.keyword() + " takes at most " + max + " argument" + (max == 1 ? "" : "s")
                    + ", has " + node.args().size() + ": " + String.join(" ", node.args()));
        }
    }

    static long integer(ConfigNode node, int index, long min, long max) {
        String text = arg(node, index);
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw refuse(node, node.keyword() + " \"" + text + "\" is not an integer: must be " + min + ".." + max);
        }
        if (value < min || value > max) {
            throw refuse(node, node.keyword() + " " + value + " out of range: must be " + min + ".." + max);
        }
        return value;
    }

    static int integer(ConfigNode node, long min, long max) {
        maxArgs(node, 1);
        return (int) integer(node, 0, min, max);
    }

    /** keepalived's TIMER: seconds, with an optional fraction (microsecond resolution). */
    static Duration timer(ConfigNode node, boolean zeroAllowed) {
        maxArgs(node, 1);
        String text = arg(node, 0);
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw refuse(node, node.keyword() + " \"" + text + "\" is not a number of seconds");
        }
        if (seconds.signum() < 0 || (!zeroAllowed && seconds.signum() == 0)
                || seconds.compareTo(BigDecimal.valueOf(86_400L * 365)) > 0) {
            throw refuse(node, node.keyword() + " " + text + " out of range: must be "
                    + (zeroAllowed ? ">= 0" : "> 0") + " and at most a year, in seconds");
        }
        long micros = seconds.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        if (!zeroAllowed && micros == 0) {
            throw refuse(node, node.keyword() + " " + text + " out of range: must be at least 1 microsecond");
        }
        return Duration.ofNanos(micros * 1_000);
    }

    /** keepalived's BOOL: no argument means true. */
    static boolean bool(ConfigNode node) {
        maxArgs(node, 1);
        if (node.args().isEmpty()) {
            return true;
        }
        return switch (node.args().get(0).toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw refuse(node, node.keyword() + " \"" + node.args().get(0)
                    + "\" is not a boolean: must be true/false, yes/no, on/off or 1/0");
        };
    }

    /** An IP literal, or a host name resolved now (so a typo fails at load). */
    static InetAddress address(ConfigNode node, String field, String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (IPV4.matcher(t).matches()) {
            for (String octet : t.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw refuse(node, field + " \"" + text + "\" invalid: octet " + octet + " must be 0..255");
                }
            }
        } else if (!IPV6.matcher(text).matches()) {
            try {
                return InetAddress.getByName(t);
            } catch (UnknownHostException | SecurityException e) {
                throw refuse(node, field + " \"" + text + "\" does not resolve: must be an IP address or a "
                        + "resolvable host name");
            }
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw refuse(node, field + " \"" + text + "\" is not an IP address");
        }
    }

    static int port(ConfigNode node, String field, String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw refuse(node, field + " \"" + text + "\" is not a port number: must be 0..65535");
        }
        if (port < 0 || port > 65535) {
            throw refuse(node, field + " " + port + " out of range: must be 0..65535");
        }
        return port;
    }

    /**
     * A notify or misc command: one quoted word holding the program and its arguments (split at white space,
     * quotes group words), or the words as written. keepalived's optional "username [groupname]" after a quoted
     * command is refused: the director runs notifiers as itself.
     */
    static List<String> command(ConfigNode node) {
        if (node.args().isEmpty()) {
            throw refuse(node, node.keyword() + " needs a program");
        }
        if (node.args().size() > 1 && node.args().get(0).contains(" ")) {
            throw refuse(node, node.keyword() + " user \"" + node.args().get(1)
                    + "\" not supported: notify programs run as the director's own user");
        }
        List<String> words;
        try {
            words = node.args().size() == 1 ? ProgramWords.split(node.args().get(0)) : node.args();
        } catch (IllegalArgumentException unclosed) {
            throw refuse(node, node.keyword() + " \"" + node.args().get(0) + "\": " + unclosed.getMessage());
        }
        if (words.isEmpty()) {
            throw refuse(node, node.keyword() + " \"" + node.args().get(0) + "\" is empty: must name a program");
        }
        String program = words.get(0);
        java.nio.file.Path path = java.nio.file.Path.of(program);
        if (!path.isAbsolute()) {
            throw refuse(node, node.keyword() + " program \"" + program + "\" invalid: must be an absolute path");
        }
        if (!java.nio.file.Files.isRegularFile(path)) {
            throw refuse(node, node.keyword() + " program \"" + program + "\" not found: must be an existing file");
        }
        if (!java.nio.file.Files.isExecutable(path)) {
            throw refuse(node, node.keyword() + " program \"" + program
                    + "\" not executable: must have execute permission");
        }
        return List.copyOf(words);
    }
}
