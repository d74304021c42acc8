package dev.hadirector.checks.http;

import dev.hadirector.api.UrlCheck;
import dev.hadirector.checks.CheckResult;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * The verdict on one URL's answer, as keepalived reaches it: the status code, then the MD5 digest, then the regex.
 * The body is hashed or searched only when the URL asks for it, where it lies in the connection's inbox. A verdict
 * the status alone decides (success or a refused status) is built once per status seen, not once per answer.
 */
final class UrlVerdict implements HttpFetch.Judge {

    private final UrlCheck url;
    private final BodyMatcher matcher;
    private final byte[] expectedMd5;
    private final String getPath;
    /**
     * Names the URL in a failure that does not name it yet (connect errors, timeouts); one function per URL, so
     * attempts do not each capture a new one.
     */
    final Function<CheckResult, CheckResult> namingTheUrl;
    /** The status last seen and its verdict; replaced whole, so threads that race only rebuild it. */
    private StatusVerdict last;

    private record StatusVerdict(int status, CheckResult result) {
    }

    UrlVerdict(UrlCheck url) {
        this.url = url;
        this.matcher = url.regex().map(BodyMatcher::new).orElse(null);
        // UrlCheck holds the digest as 32 lower-case hex digits
        this.expectedMd5 = url.digest().map(HexFormat.of()::parseHex).orElse(null);
        this.getPath = " (GET " + url.path() + ")";
        this.namingTheUrl = r -> r.success() || r.reason().contains(url.path()) ? r
                : new CheckResult(false, r.reason() + getPath, r.weight());
    }

    @Override
    public CheckResult judge(int status, ReceivedBytes bytes, int bodyFrom, int bodyTo) {
        StatusVerdict byStatus = last;
        if (byStatus == null || byStatus.status != status) {
            byStatus = new StatusVerdict(status, url.statusCodes().contains(status)
                    ? CheckResult.ok("HTTP status " + status + getPath)
                    : CheckResult.fail("HTTP status " + status + " not in " + url.statusCodes() + getPath));
            last = byStatus;
        }
        if (!byStatus.result.success()) {
            return byStatus.result;
        }
        if (expectedMd5 != null) {
            byte[] actual = BodyDigest.md5(bytes, bodyFrom, bodyTo);
            if (!Arrays.equals(actual, expectedMd5)) {
                return CheckResult.fail("digest mismatch (GET " + url.path() + "): body MD5 "
                        + HexFormat.of().formatHex(actual) + ", expected " + url.digest().orElseThrow());
            }
        }
        if (matcher != null) {
            boolean found;
            try {
                found = matcher.find(bytes, bodyFrom, bodyTo);
            } catch (StackOverflowError tooDeep) {
                return CheckResult.fail("regex \"" + matcher.regex().pattern() + "\" too deep for the thread stack on a "
                        + (bodyTo - bodyFrom) + "-byte body" + getPath);
            }
            if (found == url.regexNoMatch()) {
                return CheckResult.fail("body " + (found ? "matches" : "does not match") + " regex \""
                        + matcher.regex().pattern() + "\"" + getPath);
            }
        }
        return byStatus.result;
    }
}
