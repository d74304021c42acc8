package dev.hadirector.api;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * keepalived's {@code regex_options} words (the PCRE2 compile options its url block accepts) and what each becomes
 * with {@link java.util.regex}. An option is either a Java flag, honoured by the matcher itself, without effect on
 * whether a body matches (an optimisation switch, or a guard against PCRE2 syntax Java rejects anyway), or refused
 * with the reason, because silently ignoring it would change which bodies match.
 */
public enum RegexOption {
    ALLOW_EMPTY_CLASS(Kind.REFUSED, 0, "java.util.regex rejects the empty class []; write a class that cannot match, "
            + "e.g. [^\\s\\S]"),
    ALT_BSUX(Kind.REFUSED, 0, "java.util.regex reads \\u, \\U and \\x its own way; write \\x{HH} or \\uHHHH "
            + "without the option"),
    AUTO_CALLOUT(Kind.NO_EFFECT, 0, "callouts only run with a callout function, which keepalived does not set"),
    CASELESS(Kind.FLAG, Pattern.CASE_INSENSITIVE, null),
    DOLLAR_ENDONLY(Kind.REFUSED, 0, "java.util.regex's $ also matches before a final newline; anchor with \\z instead"),
    DOTALL(Kind.FLAG, Pattern.DOTALL, null),
    DUPNAMES(Kind.NO_EFFECT, 0, "a pattern with duplicate group names does not compile in java.util.regex, and one "
            + "without matches the same"),
    EXTENDED(Kind.FLAG, Pattern.COMMENTS, null),
    FIRSTLINE(Kind.MATCHER, 0, null),
    MATCH_UNSET_BACKREF(Kind.REFUSED, 0, "in java.util.regex a back reference to an unset group never matches"),
    MULTILINE(Kind.FLAG, Pattern.MULTILINE, null),
    NEVER_UCP(Kind.NO_EFFECT, 0, "java.util.regex has no (*UCP) to forbid"),
    NEVER_UTF(Kind.NO_EFFECT, 0, "java.util.regex has no (*UTF) to forbid"),
    NO_AUTO_CAPTURE(Kind.REFUSED, 0, "java.util.regex always numbers plain groups; write (?:...) instead"),
    NO_AUTO_POSSESS(Kind.NO_EFFECT, 0, "an optimisation switch: it changes no match"),
    NO_DOTSTAR_ANCHOR(Kind.NO_EFFECT, 0, "an optimisation switch: it changes no match"),
    NO_START_OPTIMIZE(Kind.NO_EFFECT, 0, "an optimisation switch: it changes no match without callouts or verbs"),
    UCP(Kind.FLAG, Pattern.UNICODE_CHARACTER_CLASS, null),
    UNGREEDY(Kind.REFUSED, 0, "java.util.regex has no ungreedy mode; write lazy quantifiers (*?, +?) instead"),
    UTF(Kind.MATCHER, 0, null),
    NEVER_BACKSLASH_C(Kind.NO_EFFECT, 0, "java.util.regex has no \\C to forbid"),
    ALT_CIRCUMFLEX(Kind.REFUSED, 0, "java.util.regex's multiline ^ never matches after a final newline"),
    ALT_VERBNAMES(Kind.NO_EFFECT, 0, "java.util.regex has no (*VERB:NAME) items"),
    USE_OFFSET_LIMIT(Kind.NO_EFFECT, 0, "regex_max_offset is always honoured");

    /** How java.util.regex honours an option. */
    public enum Kind {
        /** A {@link Pattern} flag. */
        FLAG,
        /** Honoured when the body is matched: {@code utf} decodes it as UTF-8, {@code firstline} limits the start. */
        MATCHER,
        /** Changes no match result; accepted, the reason says why. */
        NO_EFFECT,
        /** Would change results and Java cannot honour it; refused with the reason. */
        REFUSED
    }

    private final Kind kind;
    private final int flag;
    private final String reason;

    RegexOption(Kind kind, int flag, String reason) {
        this.kind = kind;
        this.flag = flag;
        this.reason = reason;
    }

    /** keepalived's spelling: the PCRE2 option name in lower case without the PCRE2_ prefix. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Kind kind() {
        return kind;
    }

    /** The {@link Pattern} flag of a {@link Kind#FLAG} option, else 0. */
    public int flag() {
        return flag;
    }

    /** Why a {@link Kind#NO_EFFECT} option changes nothing or why a {@link Kind#REFUSED} one is refused; else null. */
    public String reason() {
        return reason;
    }

    /**
     * The option keepalived spells {@code word}.
     *
     * @throws IllegalArgumentException for a word keepalived does not know
     */
    public static RegexOption of(String word) {
        SpecRules.notNull("regex option", word);
        for (RegexOption o : values()) {
            if (o.word().equals(word)) {
                return o;
            }
        }
        StringBuilder known = new StringBuilder();
        for (RegexOption o : values()) {
            known.append(known.length() == 0 ? "" : " ").append(o.word());
        }
        throw new IllegalArgumentException("regex option \"" + word + "\" unknown: must be one of " + known);
    }
}
