package dev.hadirector.api;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * What every check builder shares: timing and endpoint overrides. Each field is validated when set
 * and again, as a whole, by {@link #build()}.
 *
 * @param <B> the concrete builder, so chained calls keep their type
 * @param <T> the spec it builds
 */
public abstract class CheckBuilder<B extends CheckBuilder<B, T>, T extends HealthCheck> {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_DELAY_BEFORE_RETRY = Duration.ofSeconds(1);

    private Duration interval = DEFAULT_INTERVAL;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private int retry;
    /** Null means "same as the interval" (DNS_CHECK's default). */
    private Duration delayBeforeRetry;
    /** Null means "same as the interval" (keepalived's default warmup). */
    private Duration warmup;
    private int riseAfter = 1;
    private int fallAfter = 1;
    private boolean alpha;
    private InetAddress connectIp;
    private int connectPort;
    private InetAddress bindIp;
    private int bindPort;
    private String bindInterface;

    CheckBuilder(int defaultRetry, Duration defaultDelayBeforeRetry) {
        this.retry = defaultRetry;
        this.delayBeforeRetry = defaultDelayBeforeRetry;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** delay_loop: time between two checks. */
    public B every(Duration interval) {
        this.interval = SpecRules.positive("interval", interval);
        return self();
    }

    /** connect_timeout: the limit of one attempt, connect and exchange together. */
    public B connectTimeout(Duration timeout) {
        this.connectTimeout = SpecRules.positive("connectTimeout", timeout);
        return self();
    }

    /** retry: extra attempts before a failure counts. */
    public B retry(int retry) {
        this.retry = SpecRules.range("retry", retry, 0, 1_000);
        return self();
    }

    /** delay_before_retry. */
    public B delayBeforeRetry(Duration delay) {
        this.delayBeforeRetry = SpecRules.notNegative("delayBeforeRetry", delay);
        return self();
    }

    /** warmup: the first check waits a random time below this; zero starts at once. */
    public B warmup(Duration warmup) {
        this.warmup = SpecRules.notNegative("warmup", warmup);
        return self();
    }

    /** Consecutive successes that bring a down server up. */
    public B riseAfter(int checks) {
        this.riseAfter = SpecRules.range("riseAfter", checks, 1, 1_000);
        return self();
    }

    /** Consecutive failures that take an up server down. */
    public B fallAfter(int checks) {
        this.fallAfter = SpecRules.range("fallAfter", checks, 1, 1_000);
        return self();
    }

    /** alpha: start down until the first success. */
    public B alpha(boolean alpha) {
        this.alpha = alpha;
        return self();
    }

    /** connect_ip: an IP literal or a host name, resolved now. */
    public B connectIp(String host) {
        this.connectIp = SpecRules.resolve("connectIp", host);
        return self();
    }

    /** connect_port. */
    public B connectPort(int port) {
        this.connectPort = SpecRules.range("connectPort", port, 1, 65_535);
        return self();
    }

    /** bindto: an IP literal or a host name, resolved now. */
    public B bindTo(String host) {
        this.bindIp = SpecRules.resolve("bindTo", host);
        return self();
    }

    /** bind_port. */
    public B bindPort(int port) {
        this.bindPort = SpecRules.range("bindPort", port, 1, 65_535);
        return self();
    }

    /** bind_if: the interface the check's packets leave by (SO_BINDTODEVICE); its existence is checked at use. */
    public B bindInterface(String ifname) {
        this.bindInterface = SpecRules.interfaceName(ifname);
        return self();
    }

    final CheckTiming timing() {
        return new CheckTiming(interval, connectTimeout, retry,
                delayBeforeRetry == null ? interval : delayBeforeRetry,
                warmup == null ? interval : warmup, riseAfter, fallAfter, alpha);
    }

    final CheckEndpoint endpoint() {
        return new CheckEndpoint(Optional.ofNullable(connectIp), connectPort, Optional.ofNullable(bindIp), bindPort,
                Optional.ofNullable(bindInterface));
    }

    /** Validates the whole spec and returns it. */
    public abstract T build();
}
