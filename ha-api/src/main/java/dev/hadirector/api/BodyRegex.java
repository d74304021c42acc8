package dev.hadirector.api;

import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The regex an HTTP_GET/SSL_GET body is searched with (keepalived's url {@code regex}, {@code regex_no_match},
 * {@code regex_options}, {@code regex_min_offset}, {@code regex_max_offset}).
 *
 * @param pattern   the regular expression, java.util.regex syntax
 * @param noMatch   regex_no_match: a match fails the check
 * @param options   regex_options; a {@link RegexOption.Kind#REFUSED} one is rejected
 * @param minOffset regex_min_offset: the byte of the body the search starts at (what lies before stays visible
 *                  to look-behind, and ^ does not match there unless it is the body's start)
 * @param maxOffset regex_max_offset: the last byte a match may start at
 */
public record BodyRegex(String pattern, boolean noMatch, Set<RegexOption> options, int minOffset,
                        OptionalInt maxOffset) {

    public BodyRegex {
        SpecRules.notNull("regex", pattern);
        SpecRules.notNull("regexOptions", options);
        SpecRules.notNull("regexMaxOffset", maxOffset);
        options = options.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(options));
        for (RegexOption o : options) {
            if (o.kind() == RegexOption.Kind.REFUSED) {
                throw new IllegalArgumentException("regex option " + o.word() + " not supported: " + o.reason());
            }
        }
        if (minOffset < 0) {
            throw new IllegalArgumentException("regexMinOffset " + minOffset + " out of range: must be 0 or more");
        }
        if (maxOffset.isPresent() && maxOffset.getAsInt() < minOffset) {
            throw new IllegalArgumentException("regexMaxOffset " + maxOffset.getAsInt() + " out of range: must be at "
                    + "least regexMinOffset " + minOffset);
        }
        try {
            Pattern.compile(pattern, flags(options));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex \"" + pattern + "\" invalid: " + e.getDescription()
                    + " near index " + e.getIndex(), e);
        }
    }

    /** A body must match {@code pattern}, with no options or offsets. */
    public static BodyRegex of(String pattern) {
        return new BodyRegex(pattern, false, Set.of(), 0, OptionalInt.empty());
    }

    /** The same regex with regex_no_match set or cleared. */
    public BodyRegex noMatch(boolean noMatch) {
        return new BodyRegex(pattern, noMatch, options, minOffset, maxOffset);
    }

    /** The same regex with these regex_options (replacing earlier ones). */
    public BodyRegex options(RegexOption... chosen) {
        return new BodyRegex(pattern, noMatch, Set.of(chosen), minOffset, maxOffset);
    }

    /** The same regex with regex_min_offset and, if present, regex_max_offset. */
    public BodyRegex offsets(int min, Optional<Integer> max) {
        SpecRules.notNull("regexMaxOffset", max);
        return new BodyRegex(pattern, noMatch, options, min, max.map(OptionalInt::of).orElse(OptionalInt.empty()));
    }

    public boolean has(RegexOption option) {
        return options.contains(option);
    }

    /** The compiled pattern with the options' flags. */
    public Pattern compile() {
        return Pattern.compile(pattern, flags(options));
    }

    private static int flags(Set<RegexOption> options) {
        int flags = 0;
        for (RegexOption o : options) {
            flags |= o.flag();
        }
        // with utf, PCRE2's caseless folds all of Unicode, as UNICODE_CASE does
        if (options.contains(RegexOption.UTF) && options.contains(RegexOption.CASELESS)) {
            flags |= Pattern.UNICODE_CASE;
        }
        return flags;
    }
}
