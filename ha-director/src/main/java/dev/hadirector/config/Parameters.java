package dev.hadirector.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * keepalived's parameters: {@code $NAME=value} definitions and their substitution for {@code $NAME}
 * (followed by white space) or {@code ${NAME}}, at use time and recursively; plus the predefined
 * {@code _PWD}, {@code _INSTANCE}, {@code _HASH}, {@code _BANG} and {@code _RANDOM [MIN [MAX]]}.
 * An undefined name stays as written.
 */
final class Parameters {
    private static final Pattern DEFINITION = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)=(.*)", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Bounds on expansion, so that {@code $A=$A} or exponential definitions fail instead of hanging. */
    static final int MAX_SUBSTITUTIONS_PER_LINE = 10_000;
    static final int MAX_LINE_LENGTH = 1 << 20;

    private final String configId;
    private final Map<String, String> definitions = new HashMap<>();
    private final Random random = new Random();

    Parameters(String configId) {
        this.configId = configId;
    }

    /** Whether a (conditional-free, stripped) line is a {@code $NAME=value} definition. */
    static boolean isDefinition(String line) {
        return DEFINITION.matcher(line).matches();
    }

    /** Sets a parameter directly (the variable of a ~SEQ or ~LST line). */
    void set(String name, String value) {
        definitions.put(name, value);
    }

    /** Records a definition; a later one for the same name replaces it. */
    void define(String definition) {
        Matcher m = DEFINITION.matcher(definition);
        if (m.matches()) {
            definitions.put(m.group(1), m.group(2).strip());
        }
    }

    /**
     * Replaces {@code $NAME } and {@code ${NAME}} with their values, again and again, since values may
     * refer to other definitions. Stops after inserting a multi-line value: the result then holds
     * newlines, and its lines must be processed one by one (they may define what later lines use).
     */
    String substitute(String content, SourceLocation location) throws ConfigException {
        StringBuilder text = new StringBuilder(content);
        int substitutions = 0;
        int dollar = text.indexOf("$");
        while (dollar >= 0) {
            Reference ref = referenceAt(text, dollar);
            String value = ref == null ? null : valueOf(ref, location);
            if (value == null) {
                dollar = text.indexOf("$", dollar + 1);
                continue;
            }
            if (++substitutions > MAX_SUBSTITUTIONS_PER_LINE) {
                throw new ConfigException(location, "parameter substitution does not terminate (more than "
                        + MAX_SUBSTITUTIONS_PER_LINE + " replacements; is $" + ref.name + " defined in terms of itself?)");
            }
            text.replace(dollar, ref.end, value);
            if (text.length() > MAX_LINE_LENGTH) {
                throw new ConfigException(location, "line longer than " + MAX_LINE_LENGTH
                        + " characters after parameter substitution (last replaced: $" + ref.name + ")");
            }
            if (value.indexOf('\n') >= 0) {
                return text.toString(); // the caller takes the lines one by one
            }
            dollar = text.indexOf("$", dollar);
        }
        return text.toString();
    }

    private record Reference(String name, List<String> args, int end) {
    }

    private static Reference referenceAt(CharSequence text, int dollar) {
        int start = dollar + 1;
        if (start < text.length() && text.charAt(start) == '{') {
            int close = -1;
            for (int i = start + 1; i < text.length(); i++) {
                if (text.charAt(i) == '}') {
                    close = i;
                    break;
                }
            }
            if (close < 0) {
                return null;
            }
            String[] words = text.subSequence(start + 1, close).toString().strip().split("[ \t]+");
            if (!NAME.matcher(words[0]).matches()) {
                return null;
            }
            return new Reference(words[0], List.of(words).subList(1, words.length), close + 1);
        }
        Matcher m = NAME.matcher(text).region(start, text.length());
        if (!m.lookingAt()) {
            return null;
        }
        int end = m.end();
        if (end < text.length() && !LineLexer.isBlank(text.charAt(end))) {
            return null; // "$NAME" only counts when followed by white space or the end of the line
        }
        return new Reference(m.group(), List.of(), end);
    }

    private String valueOf(Reference ref, SourceLocation location) throws ConfigException {
        switch (ref.name) {
            case "_PWD":
                return location.file().getParent() == null ? "/" : location.file().getParent().toString();
            case "_INSTANCE":
                return configId;
            case "_HASH":
                return "#";
            case "_BANG":
                return "!";
            case "_RANDOM":
                return randomValue(ref.args, location);
            default:
                return definitions.get(ref.name);
        }
    }

    private String randomValue(List<String> args, SourceLocation location) throws ConfigException {
        long min = 0;
        long max = 32767;
        if (args.size() > 2) {
            throw new ConfigException(location, "${_RANDOM " + String.join(" ", args)
                    + "} invalid: takes at most MIN and MAX");
        }
        if (!args.isEmpty()) {
            min = nonNegative("MIN", args.get(0), location);
        }
        if (args.size() == 2) {
            max = nonNegative("MAX", args.get(1), location);
        }
        if (min > max) {
            throw new ConfigException(location, "${_RANDOM} MIN " + min + " greater than MAX " + max);
        }
        return Long.toString(min + (long) (random.nextDouble() * (max - min + 1)));
    }

    private static long nonNegative(String what, String value, SourceLocation location) throws ConfigException {
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= 0 && parsed <= Integer.MAX_VALUE) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(location, "${_RANDOM} " + what + " '" + value
                + "' invalid: must be an integer 0.." + Integer.MAX_VALUE);
    }
}
