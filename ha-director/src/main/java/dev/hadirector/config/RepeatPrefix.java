package dev.hadirector.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * keepalived's {@code ~SEQ(var, start, step, end)}, {@code ~SEQx(...)} and {@code ~LST(var, v1, v2, ...)}
 * line prefixes: the rest of the line is processed once per value, with the variable(s) defined to it.
 *
 * @param assignments one map of variable values per repetition, in order
 * @param remainder   the rest of the line after the prefix (may start with another prefix)
 */
record RepeatPrefix(List<Map<String, String>> assignments, String remainder) {
    /** More repetitions than any real configuration needs; stops hostile ranges from running for ever. */
    static final int MAX_REPETITIONS = 100_000;

    RepeatPrefix {
        assignments = List.copyOf(assignments);
    }

    static boolean startsWithPrefix(String line) {
        return line.startsWith("~SEQ") || line.startsWith("~LST");
    }

    static RepeatPrefix parse(String line, SourceLocation location) throws ConfigException {
        String kind = line.startsWith("~SEQx(") ? "~SEQx" : line.startsWith("~SEQ(") ? "~SEQ"
                : line.startsWith("~LST(") ? "~LST" : null;
        if (kind == null) {
            throw new ConfigException(location, "'" + firstWord(line) + "' invalid: expected ~SEQ(...), ~SEQx(...)"
                    + " or ~LST(...)");
        }
        int open = kind.length();
        int close = closingParenthesis(line, open);
        if (close < 0) {
            throw new ConfigException(location, kind + ": missing ')'");
        }
        List<String> args = splitTopLevel(line.substring(open + 1, close));
        String remainder = line.substring(close + 1).strip();
        return kind.equals("~LST") ? list(args, remainder, location) : sequence(kind, args, remainder, location);
    }

    private static RepeatPrefix sequence(String kind, List<String> args, String remainder, SourceLocation location)
            throws ConfigException {
        if (args.size() < 2 || args.size() > 4) {
            throw new ConfigException(location, kind + "(" + String.join(",", args)
                    + ") invalid: expected (var, end), (var, start, end) or (var, start, step, end)");
        }
        String variable = variableName(kind, args.get(0), location);
        long end = number(kind, "end", args.get(args.size() - 1), location);
        long start = args.size() >= 3 ? number(kind, "start", args.get(1), location) : (end >= 0 ? 1 : -1);
        long step = args.size() == 4 ? number(kind, "step", args.get(2), location) : (end >= start ? 1 : -1);
        if (step == 0) {
            throw new ConfigException(location, kind + " step 0 invalid: must not be 0");
        }
        boolean hex = kind.equals("~SEQx");
        List<Map<String, String>> assignments = new ArrayList<>();
        for (long value = start; step > 0 ? value <= end : value >= end; value += step) {
            if (assignments.size() >= MAX_REPETITIONS) {
                throw new ConfigException(location, kind + " produces more than " + MAX_REPETITIONS + " values");
            }
            String text = hex ? (value < 0 ? "-" + Long.toHexString(-value) : Long.toHexString(value))
                    : Long.toString(value);
            assignments.add(Map.of(variable, text));
        }
        return new RepeatPrefix(assignments, remainder);
    }

    private static RepeatPrefix list(List<String> args, String remainder, SourceLocation location)
            throws ConfigException {
        if (args.size() < 2) {
            throw new ConfigException(location, "~LST(" + String.join(",", args)
                    + ") invalid: expected a variable and at least one value");
        }
        List<String> variables = new ArrayList<>();
        for (String name : group(args.get(0))) {
            variables.add(variableName("~LST", name, location));
        }
        List<Map<String, String>> assignments = new ArrayList<>();
        for (String arg : args.subList(1, args.size())) {
            List<String> values = group(arg);
            if (values.size() != variables.size()) {
                throw new ConfigException(location, "~LST value '" + arg + "' invalid: has " + values.size()
                        + " values for " + variables.size() + " variables");
            }
            Map<String, String> assignment = new LinkedHashMap<>();
            for (int i = 0; i < variables.size(); i++) {
                assignment.put(variables.get(i), values.get(i));
            }
            assignments.add(assignment);
        }
        return new RepeatPrefix(assignments, remainder);
    }

    /** "{a, b}" is the group [a, b]; anything else is a group of one. */
    private static List<String> group(String arg) {
        if (arg.startsWith("{") && arg.endsWith("}")) {
            return splitTopLevel(arg.substring(1, arg.length() - 1));
        }
        return List.of(arg);
    }

    private static String variableName(String kind, String name, SourceLocation location) throws ConfigException {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ConfigException(location, kind + " variable '" + name
                    + "' invalid: must be letters, digits and '_', not starting with a digit");
        }
        return name;
    }

    /** Decimal, 0x hexadecimal or 0 octal, as C's strtol with base 0 reads them. */
    private static long number(String kind, String what, String text, SourceLocation location)
            throws ConfigException {
        try {
            if (!text.startsWith("#") && !text.startsWith("-#") && !text.startsWith("+#")) {
                long value = Long.decode(text);
                if (Math.abs(value) <= Integer.MAX_VALUE) {
                    return value;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(location, kind + " " + what + " '" + text + "' invalid: must be an integer"
                + " (decimal or 0x hexadecimal) within +/-" + Integer.MAX_VALUE);
    }

    private static int closingParenthesis(String line, int open) {
        int braces = 0;
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '{') {
                braces++;
            } else if (c == '}') {
                braces--;
            } else if (c == ')' && braces <= 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int braces = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                braces++;
            } else if (c == '}') {
                braces--;
            } else if (c == ',' && braces == 0) {
                parts.add(s.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(s.substring(start).strip());
        return parts;
    }

    private static String firstWord(String line) {
        int end = 0;
        while (end < line.length() && !LineLexer.isBlank(line.charAt(end)) && line.charAt(end) != '(') {
            end++;
        }
        return line.substring(0, end);
    }
}
