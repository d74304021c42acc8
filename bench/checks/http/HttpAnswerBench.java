package dev.hadirector.checks.http;

import dev.hadirector.api.StatusCodes;
import dev.hadirector.api.UrlCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.io.Inbox;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU and allocation of reading one HTTP_GET answer once it is in the connection's inbox: the way the checker
 * did it until the byte scanner (the header copied into a String, two regexes, header and body copied into an
 * HttpResponse, a verdict String per answer, MessageDigest looked up per digest) against the way it does it now
 * (HttpFetch's calls on the inbox: HeaderFields, then UrlVerdict). No sockets: only the per-answer work.
 *
 * usage: java -cp ... dev.hadirector.checks.http.HttpAnswerBench [ITERATIONS]
 */
public final class HttpAnswerBench {

    private static final String NGINX_ANSWER = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n"
            + "Date: Sun, 29 Nov 2026 16:00:00 GMT\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
            + "Connection: close\r\n\r\nok\n";

    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d\\.\\d (\\d{3})(?: .*)?");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:[ \\t]*(\\d{1,18})[ \\t]*\\r?$");

    private static volatile Object sink;

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        String page = "<html>" + "all good ".repeat(110) + "</html>\n";
        String digestAnswer = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Length: " + page.length()
                + "\r\n\r\n" + page;
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(page.getBytes(StandardCharsets.ISO_8859_1)));
        Inbox statusOnly = inbox(NGINX_ANSWER);
        Inbox withDigest = inbox(digestAnswer);
        UrlCheck plain = new UrlCheck("/", StatusCodes.DEFAULT, Optional.empty(), Optional.empty());
        UrlCheck digest = new UrlCheck("/", StatusCodes.DEFAULT, Optional.of(md5), Optional.empty());
        System.out.printf("per answer, %d iterations after as many to warm up; two rounds, alternating%n", iterations);
        for (int round = 1; round <= 2; round++) {
            measure("status only, regex+String (before)", iterations, () -> regexWay(statusOnly, plain));
            measure("status only, byte scan (after)    ", iterations, newWay(statusOnly, plain));
            measure(page.length() + "-byte body + MD5, before     ", iterations / 4, () -> regexWay(withDigest, digest));
            measure(page.length() + "-byte body + MD5, after      ", iterations / 4, newWay(withDigest, digest));
        }
    }

    private static Inbox inbox(String answer) throws Exception {
        Inbox inbox = new Inbox(HttpFetch.MAX_RESPONSE_BYTES);
        Method append = Inbox.class.getDeclaredMethod("append", ByteBuffer.class);
        append.setAccessible(true);
        append.invoke(inbox, ByteBuffer.wrap(answer.getBytes(StandardCharsets.ISO_8859_1)));
        return inbox;
    }

    /** HttpFetch.onData and complete() with the checker's verdict as they were before the byte scanner. */
    private static CheckResult regexWay(Inbox in, UrlCheck url) {
        List<Integer> readEnds = new ArrayList<>();
        readEnds.add(in.length());
        int end = in.indexOf(HEADER_END, 0);
        int headerLength = end + HEADER_END.length;
        String head = new String(in.copy(0, headerLength), StandardCharsets.ISO_8859_1);
        String firstLine = head.substring(0, head.indexOf("\r\n"));
        Matcher m = STATUS_LINE.matcher(firstLine);
        if (!m.matches()) {
            throw new IllegalStateException("malformed");
        }
        int status = Integer.parseInt(m.group(1));
        long contentLength = -1;
        Matcher length = CONTENT_LENGTH.matcher(head);
        if (length.find()) {
            contentLength = Long.parseLong(length.group(1));
        }
        int bodyEnd = (int) Math.min(in.length(), headerLength + contentLength);
        List<Integer> bodyReads = new ArrayList<>();
        for (int readEnd : readEnds) {
            if (readEnd > headerLength) {
                bodyReads.add(Math.min(readEnd, bodyEnd) - headerLength);
            }
        }
        HttpResponse response = new HttpResponse(status, in.copy(0, headerLength), in.copy(headerLength, bodyEnd),
                1L, bodyReads, true, true);
        sink = response;
        if (!url.statusCodes().contains(response.status())) {
            return CheckResult.fail("HTTP status " + response.status() + " not in " + url.statusCodes());
        }
        if (url.digest().isPresent() && !response.bodyMd5Hex().equals(url.digest().get())) {
            return CheckResult.fail("digest mismatch");
        }
        return CheckResult.ok("HTTP status " + response.status() + " (GET " + url.path() + ")");
    }

    /** What HttpFetch now does on the same inbox, and the URL's verdict. */
    private static Work newWay(Inbox inbox, UrlCheck url) {
        UrlVerdict verdict = new UrlVerdict(url);
        ReceivedBytes in = new InboxBytes(inbox);
        return () -> {
            int end = HeaderFields.headerEnd(in, 0);
            int headerLength = end + 4;
            int status = HeaderFields.statusCode(in, HeaderFields.statusLineEnd(in, headerLength));
            long contentLength = HeaderFields.contentLength(in, headerLength);
            if (contentLength < 0 && HeaderFields.chunked(in, headerLength)) {
                throw new IllegalStateException("not chunked");
            }
            return verdict.judge(status, in, headerLength, (int) Math.min(in.length(), headerLength + contentLength));
        };
    }

    private interface Work {
        CheckResult run();
    }

    private static void measure(String label, int iterations, Work work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < iterations; i++) {
            if (!work.run().success()) {
                throw new IllegalStateException(label + " failed");
            }
        }
        long thread = Thread.currentThread().getId();
        long allocated = threads.getThreadAllocatedBytes(thread);
        long cpu = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < iterations; i++) {
            sink = work.run();
        }
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        allocated = threads.getThreadAllocatedBytes(thread) - allocated;
        System.out.printf("  %s  %8.1f ns CPU  %7.1f bytes allocated%n", label, (double) cpu / iterations,
                (double) allocated / iterations);
    }
}
