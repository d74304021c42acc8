package dev.hadirector.api;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One URL of an HTTP_GET/SSL_GET check and what its answer must satisfy.
 *
 * @param path         the request target, starting with '/'
 * @param statusCodes  status_code; keepalived's default 200-299
 * @param digest       digest: lower-case MD5 hex of the body, as genhash prints it
 * @param regex        regex: a pattern the body must match (or must not, with regexNoMatch)
 * @param regexNoMatch regex_no_match: a match fails the check
 */
public record UrlCheck(String path, StatusCodes statusCodes, Optional<String> digest, Optional<String> regex,
                       boolean regexNoMatch) {

    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

    public UrlCheck {
        SpecRules.notBlank("path", path);
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new IllegalArgumentException("path \"" + path
                    + "\" invalid: must start with '/' and hold printable ASCII without spaces");
        }
        SpecRules.notNull("statusCodes", statusCodes);
        SpecRules.notNull("digest", digest);
        SpecRules.notNull("regex", regex);
        digest = digest.map(d -> d.toLowerCase(Locale.ROOT));
        if (digest.isPresent() && !MD5_HEX.matcher(digest.get()).matches()) {
            throw new IllegalArgumentException("digest \"" + digest.get() + "\" of " + path
                    + " invalid: must be 32 hexadecimal digits (an MD5 as printed by genhash)");
        }
        if (regex.isPresent()) {
            try {
                Pattern.compile(regex.get());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("regex \"" + regex.get() + "\" of " + path
                        + " invalid: " + e.getDescription() + " near index " + e.getIndex(), e);
            }
        }
        if (regexNoMatch && regex.isEmpty()) {
            throw new IllegalArgumentException("regexNoMatch set on " + path + " without a regex: set a regex");
        }
    }

    /** The compiled regex, if any (compiled again on demand so the record stays a plain value). */
    public Optional<Pattern> compiledRegex() {
        return regex.map(Pattern::compile);
    }

    public static UrlCheck of(String path) {
        return new UrlCheck(path, StatusCodes.DEFAULT, Optional.empty(), Optional.empty(), false);
    }
}
