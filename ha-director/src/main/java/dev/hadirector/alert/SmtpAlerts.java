package dev.hadirector.alert;

import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * keepalived's e-mail alerts: who gets them ({@code notification_email}), from whom
 * ({@code notification_email_from}), through which server ({@code smtp_server HOST [PORT]},
 * {@code smtp_helo_name}, {@code smtp_connect_timeout}), how the subject names this director ({@code router_id}),
 * and which events are mailed ({@code smtp_alert} globally, per VRRP instance, sync group, virtual server and
 * real server, with {@code smtp_alert_vrrp} / {@code smtp_alert_checker} as the defaults of each half).
 *
 * <p>Which events are mailed follows keepalived: an instance or sync group mails when its own {@code smtp_alert}
 * says so, else {@code smtp_alert_vrrp}, else the global {@code smtp_alert}, else not; a virtual server (quorum
 * changes) likewise with {@code smtp_alert_checker}; a real server likewise, except that with nothing set anywhere
 * it mails (keepalived keeps that default for compatibility). Nothing is sent while there is no recipient or no
 * server, as keepalived does. Build one with {@link #builder()}.
 *
 * @param recipients        the To: addresses; empty: nothing is sent
 * @param sender            the MAIL FROM / From: address (keepalived's default {@code keepalived@HOSTNAME})
 * @param server            the SMTP server's host name or literal address; empty: nothing is sent
 * @param port              the SMTP server's port (default 25)
 * @param heloName          the name given in HELO (default: the local host name)
 * @param timeout           how long to wait for the connection and for each reply (default 30 s)
 * @param routerId          the name in the subject's brackets (default: the local host name)
 * @param all               global {@code smtp_alert}, if set
 * @param vrrp              global {@code smtp_alert_vrrp}, if set
 * @param checker           global {@code smtp_alert_checker}, if set
 * @param noFaultMails      {@code no_email_faults}: VRRP FAULT states are not mailed
 * @param instances         {@code smtp_alert} of VRRP instances, by instance name
 * @param syncGroups        {@code smtp_alert} of sync groups, by group name
 * @param virtualServers    {@code smtp_alert} of virtual servers, by {@link VirtualServer#toString()}
 * @param realServers       {@code smtp_alert} of real servers, by {@link #realServerKey}
 * @param queueCapacity     how many alerts may wait for the sender; more are dropped with a warning
 */
public record SmtpAlerts(List<String> recipients, String sender, Optional<String> server, int port, String heloName,
                         Duration timeout, String routerId, Optional<Boolean> all, Optional<Boolean> vrrp,
                         Optional<Boolean> checker, boolean noFaultMails, Map<String, Boolean> instances,
                         Map<String, Boolean> syncGroups, Map<String, Boolean> virtualServers,
                         Map<String, Boolean> realServers, int queueCapacity) {
    public static final int DEFAULT_PORT = 25;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    public static final int DEFAULT_QUEUE_CAPACITY = 128;
    public static final int MAX_QUEUE_CAPACITY = 100_000;

    public SmtpAlerts {
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(all, "all");
        Objects.requireNonNull(vrrp, "vrrp");
        Objects.requireNonNull(checker, "checker");
        instances = Map.copyOf(instances);
        syncGroups = Map.copyOf(syncGroups);
        virtualServers = Map.copyOf(virtualServers);
        realServers = Map.copyOf(realServers);
        List<String> problems = new ArrayList<>();
        for (String r : recipients) {
            MailAddress.check("notificationEmail", r).ifPresent(problems::add);
        }
        MailAddress.check("notificationEmailFrom", sender).ifPresent(problems::add);
        server.ifPresent(s -> {
            if (s.isEmpty() || !MailAddress.isPrintableWord(s)) {
                problems.add("smtpServer \"" + s + "\" invalid: must be a host name or address without white space");
            }
        });
        if (port < 1 || port > 65535) {
            problems.add("smtpServer port " + port + " out of range: must be 1..65535");
        }
        if (heloName.isEmpty() || !MailAddress.isPrintableWord(heloName)) {
            problems.add("smtpHeloName \"" + heloName + "\" invalid: must be one word of printable ASCII");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            problems.add("smtpConnectTimeout " + timeout + " out of range: must be more than 0 and at most 1 hour");
        }
        if (routerId.isEmpty() || routerId.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            problems.add("routerId \"" + routerId.replace("\r", "\\r").replace("\n", "\\n")
                    + "\" invalid: must be non-empty, on one line");
        }
        if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
            problems.add("queueCapacity " + queueCapacity + " out of range: must be 1.." + MAX_QUEUE_CAPACITY);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("SMTP alerts invalid: " + String.join("; ", problems));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The key of a real server in {@link #realServers()}: {@code "TCP 10.0.0.1:80 / 192.168.1.2:80"}. */
    public static String realServerKey(VirtualServer virtualServer, RealServer realServer) {
        return virtualServer + " / " + realServer;
    }

    /**
     * Why {@code address} cannot be a mail address here (the value of {@code field}), or empty when it can:
     * {@code local@domain} of printable ASCII without white space, '<', '>' or ','.
     */
    public static Optional<String> addressProblem(String field, String address) {
        return MailAddress.check(field, address);
    }

    /** True when mails can be sent: there is a server and at least one recipient (keepalived's rule). */
    public boolean sends() {
        return server.isPresent() && !recipients.isEmpty();
    }

    /** Whether the state changes of this VRRP instance are mailed. */
    public boolean mailsInstance(String instance) {
        return Optional.ofNullable(instances.get(instance)).or(() -> vrrp).or(() -> all).orElse(false);
    }

    /** Whether the state changes of this sync group are mailed. */
    public boolean mailsSyncGroup(String group) {
        return Optional.ofNullable(syncGroups.get(group)).or(() -> vrrp).or(() -> all).orElse(false);
    }

    /** Whether the quorum changes of this virtual server are mailed. */
    public boolean mailsVirtualServer(VirtualServer virtualServer) {
        return Optional.ofNullable(virtualServers.get(virtualServer.toString())).or(() -> checker).or(() -> all)
                .orElse(false);
    }

    /** Whether the up/down changes of this real server are mailed (keepalived's default here is yes). */
    public boolean mailsRealServer(VirtualServer virtualServer, RealServer realServer) {
        return Optional.ofNullable(realServers.get(realServerKey(virtualServer, realServer))).or(() -> checker)
                .or(() -> all).orElse(true);
    }

    /** Fluent builder with keepalived's defaults; {@link #build()} validates. */
    public static final class Builder {
        private final List<String> recipients = new ArrayList<>();
        private String sender;
        private String server;
        private int port = DEFAULT_PORT;
        private String heloName;
        private Duration timeout = DEFAULT_TIMEOUT;
        private String routerId;
        private Boolean all;
        private Boolean vrrp;
        private Boolean checker;
        private boolean noFaultMails;
        private final Map<String, Boolean> instances = new LinkedHashMap<>();
        private final Map<String, Boolean> syncGroups = new LinkedHashMap<>();
        private final Map<String, Boolean> virtualServers = new LinkedHashMap<>();
        private final Map<String, Boolean> realServers = new LinkedHashMap<>();
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;

        private Builder() {
        }

        /** Adds recipients ({@code notification_email}). */
        public Builder to(String... addresses) {
            for (String a : addresses) {
                recipients.add(Objects.requireNonNull(a, "recipient"));
            }
            return this;
        }

        /** {@code notification_email_from}; default {@code keepalived@HOSTNAME}. */
        public Builder from(String address) {
            this.sender = Objects.requireNonNull(address, "from");
            return this;
        }

        /** {@code smtp_server HOST} on port 25. */
        public Builder server(String host) {
            return server(host, DEFAULT_PORT);
        }

        /** {@code smtp_server HOST PORT}. */
        public Builder server(String host, int port) {
            this.server = Objects.requireNonNull(host, "server");
            this.port = port;
            return this;
        }

        /** {@code smtp_helo_name}; default the local host name. */
        public Builder heloName(String name) {
            this.heloName = Objects.requireNonNull(name, "heloName");
            return this;
        }

        /** {@code smtp_connect_timeout}: the connection and each reply; default 30 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** {@code router_id}: the name in the subject's brackets; default the local host name. */
        public Builder routerId(String routerId) {
            this.routerId = Objects.requireNonNull(routerId, "routerId");
            return this;
        }

        /** Global {@code smtp_alert}: the default of every instance, group, virtual and real server. */
        public Builder alertAll(boolean on) {
            this.all = on;
            return this;
        }

        /** {@code smtp_alert_vrrp}: the default of VRRP instances and sync groups. */
        public Builder alertVrrp(boolean on) {
            this.vrrp = on;
            return this;
        }

        /** {@code smtp_alert_checker}: the default of virtual and real servers. */
        public Builder alertChecker(boolean on) {
            this.checker = on;
            return this;
        }

        /** {@code no_email_faults}: VRRP FAULT states are not mailed. */
        public Builder noFaultMails(boolean on) {
            this.noFaultMails = on;
            return this;
        }

        /** {@code smtp_alert} of one VRRP instance. */
        public Builder instance(String name, boolean on) {
            instances.put(Objects.requireNonNull(name, "instance"), on);
            return this;
        }

        /** {@code smtp_alert} of one sync group. */
        public Builder syncGroup(String name, boolean on) {
            syncGroups.put(Objects.requireNonNull(name, "syncGroup"), on);
            return this;
        }

        /** {@code smtp_alert} of one virtual server (its quorum changes). */
        public Builder virtualServer(VirtualServer virtualServer, boolean on) {
            virtualServers.put(Objects.requireNonNull(virtualServer, "virtualServer").toString(), on);
            return this;
        }

        /** {@code smtp_alert} of one real server of a virtual server (its up/down changes). */
        public Builder realServer(VirtualServer virtualServer, RealServer realServer, boolean on) {
            realServers.put(realServerKey(Objects.requireNonNull(virtualServer, "virtualServer"),
                    Objects.requireNonNull(realServer, "realServer")), on);
            return this;
        }

        /** How many alerts may wait for the sender thread (default 128); more are dropped with a warning. */
        public Builder queueCapacity(int capacity) {
            this.queueCapacity = capacity;
            return this;
        }

        public SmtpAlerts build() {
            String host = LocalHostName.get();
            return new SmtpAlerts(recipients, sender != null ? sender : "keepalived@" + host,
                    Optional.ofNullable(server), port, heloName != null ? heloName : host, timeout,
                    routerId != null ? routerId : host, Optional.ofNullable(all), Optional.ofNullable(vrrp),
                    Optional.ofNullable(checker), noFaultMails, instances, syncGroups, virtualServers, realServers,
                    queueCapacity);
        }
    }
}
