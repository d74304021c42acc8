package dev.hadirector.api;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One URL of an HTTP_GET/SSL_GET check and what its answer must satisfy.
 *
 * @param path         the request target, starting with '/'
 * @param statusCodes  status_code; keepalived's default 200-299
 * @param digest       digest: lower-case MD5 hex of the body, as genhash prints it
 * @param regex        regex and its options: a pattern the body must match (or must not, with regex_no_match)
 */
public record UrlCheck(String path, StatusCodes statusCodes, Optional<String> digest, Optional<BodyRegex> regex) {

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
    }

    /** regex_no_match: whether a match of the regex fails the check. */
    public boolean regexNoMatch() {
        return regex.map(BodyRegex::noMatch).orElse(false);
    }

    /** The URL with this regex (or none). */
    public UrlCheck withRegex(Optional<BodyRegex> newRegex) {
        return new UrlCheck(path, statusCodes, digest, newRegex);
    }

    public static UrlCheck of(String path) {
        return new UrlCheck(path, StatusCodes.DEFAULT, Optional.empty(), Optional.empty());
    }
}
