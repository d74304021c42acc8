package dev.hadirector.config.vrrp;

import dev.hadirector.config.ConfigNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/** Reads the arguments of one statement; every refusal names the keyword, the value and the rule. */
final class Args {
    private Args() {
    }

    static Refusal refuse(ConfigNode node, String problem) {
        return new Refusal(node.location(), problem);
    }

    static String one(ConfigNode node) {
        if (node.args().size() != 1) {
            throw refuse(node, node.keyword() + " takes exactly 1 argument, has " + node.args().size()
                    + (node.args().isEmpty() ? "" : ": " + String.join(" ", node.args())));
        }
        return node.args().get(0);
    }

    static void none(ConfigNode node) {
        if (!node.args().isEmpty()) {
            throw refuse(node, node.keyword() + " takes no argument, has: " + String.join(" ", node.args()));
        }
    }

    static int integer(ConfigNode node, long min, long max) {
        return integer(node, one(node), min, max);
    }

    static int integer(ConfigNode node, String text, long min, long max) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw refuse(node, node.keyword() + " \"" + text + "\" is not an integer: must be " + min + ".." + max);
        }
        if (value < min || value > max) {
            throw refuse(node, node.keyword() + " " + value + " out of range: must be " + min + ".." + max);
        }
        return (int) value;
    }

    /** keepalived's seconds with an optional fraction (microsecond resolution), between min and max. */
    static Duration seconds(ConfigNode node, Duration min, Duration max) {
        String text = one(node);
        Duration d;
        try {
            BigDecimal s = new BigDecimal(text);
            if (s.scale() > 6 || s.signum() < 0) {
                throw new NumberFormatException();
            }
            d = Duration.ofNanos(s.movePointRight(9).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw refuse(node, node.keyword() + " \"" + text + "\" is not a number of seconds: must be "
                    + human(min) + ".." + human(max) + " with at most 6 decimals");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw refuse(node, node.keyword() + " " + text + " out of range: must be " + human(min) + ".."
                    + human(max) + " seconds");
        }
        return d;
    }

    private static String human(Duration d) {
        return new BigDecimal(d.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString();
    }

    /**
     * A program line as keepalived reads it (no shell): the arguments joined, then split on blanks, with
     * single or double quotes keeping blanks inside a word.
     */
    static List<String> command(ConfigNode node) {
        if (node.args().isEmpty()) {
            throw refuse(node, node.keyword() + " needs a program to run");
        }
        String line = String.join(" ", node.args().stream()
                .map(a -> node.args().size() > 1 && a.chars().anyMatch(Character::isWhitespace) ? "'" + a + "'" : a)
                .toList());
        List<String> words;
        try {
            words = dev.hadirector.config.ProgramWords.split(line);
        } catch (IllegalArgumentException unclosed) {
            throw refuse(node, node.keyword() + " \"" + line + "\": " + unclosed.getMessage());
        }
        if (words.isEmpty() || words.get(0).isBlank()) {
            throw refuse(node, node.keyword() + " needs a program to run");
        }
        return List.copyOf(words);
    }
}
