package dev.hadirector.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * keepalived's include checks (the {@code include_check} global setting and the {@code includer},
 * {@code includem}, {@code includew}, {@code includeb}, {@code includea} variants). This reader is always at
 * least as strict as READABLE and MATCH: a file that cannot be read, or a name without wildcards that names
 * no file, is an error; the other two turn warnings into errors.
 */
enum IncludeCheck {
    /** A matched file must be readable. */
    READABLE,
    /** A name without wildcards must name a file. */
    MATCH,
    /** A pattern with wildcards must match at least one file. */
    WILDCARD_MATCH,
    /** Every {a,b} alternative must name a file. */
    BRACE_MATCH;

    /** The checks an include keyword adds to the current ones. */
    static Set<IncludeCheck> addedBy(String keyword) {
        return switch (keyword) {
            case "includer" -> EnumSet.of(READABLE);
            case "includem" -> EnumSet.of(READABLE, MATCH);
            case "includew" -> EnumSet.of(READABLE, WILDCARD_MATCH);
            case "includeb" -> EnumSet.of(READABLE, BRACE_MATCH);
            case "includea" -> EnumSet.allOf(IncludeCheck.class);
            default -> EnumSet.noneOf(IncludeCheck.class);
        };
    }

    /**
     * The checks after an {@code include_check} line: no options means all; plain names replace the set;
     * after '+' names are added, after '-' removed ({@code include_check +match -wildcard_match}).
     *
     * @param unknown receives the options that are not check names
     */
    static Set<IncludeCheck> apply(Set<IncludeCheck> current, List<String> options, List<String> unknown) {
        if (options.isEmpty()) {
            return EnumSet.allOf(IncludeCheck.class);
        }
        Set<IncludeCheck> result = EnumSet.noneOf(IncludeCheck.class);
        char mode = '=';
        boolean replaced = false;
        for (String option : options) {
            String name = option;
            if (name.startsWith("+") || name.startsWith("-")) {
                mode = name.charAt(0);
                name = name.substring(1);
                if (!replaced) {
                    result.addAll(current);
                    replaced = true;
                }
            } else {
                replaced = true;
            }
            if (name.isEmpty()) {
                continue;
            }
            IncludeCheck check = byName(name);
            if (check == null) {
                unknown.add(option);
            } else if (mode == '-') {
                result.remove(check);
            } else {
                result.add(check);
            }
        }
        return result;
    }

    private static IncludeCheck byName(String name) {
        for (IncludeCheck check : values()) {
            if (check.name().toLowerCase(Locale.ROOT).equals(name)) {
                return check;
            }
        }
        return null;
    }
}
