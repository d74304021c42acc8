package dev.hadirector.api;

import java.util.List;
import java.nio.file.Path;

/**
 * A health check of one real server: an immutable spec, validated when built.
 *
 * <p>Start from one of the static factories; each returns the fluent builder of one check kind.
 * Defaults follow keepalived.conf(5): connect_timeout 5 s, delay_loop 60 s, retry 1 (3 for DNS,
 * 0 for MISC), delay_before_retry 1 s (3 s for HTTP/SSL, delay_loop for DNS), warmup up to
 * delay_loop, alpha off. Rise and fall thresholds default to 1, i.e. keepalived's behaviour.
 */
public sealed interface HealthCheck
        permits TcpCheck, HttpCheck, SmtpCheck, DnsCheck, UdpCheck, PingCheck, FileCheck, MiscCheck {

    /** When and how often the check runs, and how results turn into up/down. */
    CheckTiming timing();

    /** Where the check connects (overrides of the real server's address and port). */
    CheckEndpoint endpoint();

    /** keepalived's name of this checker: TCP_CHECK, HTTP_GET, SSL_GET, ... */
    String kind();

    /** TCP_CHECK: a connect that completes is a success. */
    static TcpCheck.Builder tcp() {
        return new TcpCheck.Builder();
    }

    /** HTTP_GET of one URL path; add more with {@code url(...)}. */
    static HttpCheck.Builder http(String path) {
        return new HttpCheck.Builder(false).url(path);
    }

    /** HTTP_GET with URLs added through {@code url(...)}. */
    static HttpCheck.Builder http() {
        return new HttpCheck.Builder(false);
    }

    /** SSL_GET of one URL path; add more with {@code url(...)}. */
    static HttpCheck.Builder https(String path) {
        return new HttpCheck.Builder(true).url(path);
    }

    /** SSL_GET with URLs added through {@code url(...)}. */
    static HttpCheck.Builder https() {
        return new HttpCheck.Builder(true);
    }

    /** SMTP_CHECK: a 220 banner, then HELO answered with 250. */
    static SmtpCheck.Builder smtp() {
        return new SmtpCheck.Builder();
    }

    /** DNS_CHECK over UDP; keepalived's defaults: name ".", type SOA. */
    static DnsCheck.Builder dns() {
        return new DnsCheck.Builder();
    }

    /** UDP_CHECK: send a payload, expect a reply (if required) and no ICMP unreachable. */
    static UdpCheck.Builder udp() {
        return new UdpCheck.Builder();
    }

    /** PING_CHECK: ICMP or ICMPv6 echo, by the address family of the target. */
    static PingCheck.Builder ping() {
        return new PingCheck.Builder();
    }

    /** FILE_CHECK: the number in a file sets up/down or the weight. */
    static FileCheck.Builder file(Path file) {
        return new FileCheck.Builder(file);
    }

    /** MISC_CHECK: a program with arguments, run without a shell. */
    static MiscCheck.Builder misc(String program, String... args) {
        return new MiscCheck.Builder(program, List.of(args));
    }

    /** MISC_CHECK: a program with arguments, run without a shell. */
    static MiscCheck.Builder misc(List<String> command) {
        return new MiscCheck.Builder(command);
    }
}
