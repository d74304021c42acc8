package dev.hadirector.alert;

import dev.hadirector.DirectorListener;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpSyncGroup;
import dev.hadirector.kernel.netns.NetNamespace;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMTP alerts of one director: the listener the director registers and the sender thread behind it. The
 * mail's socket is created in the director's network namespace (as keepalived with {@code net_namespace} sends from
 * inside it), so {@code smtp_server} is reached the way the director's other traffic is.
 */
public final class SmtpAlertService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpAlertService.class);
    /** How long a closing director waits for its last alerts (its "Stopping" mails) to go out. */
    static final Duration DRAIN_TIME = Duration.ofSeconds(10);

    private final DirectorListener listener;
    private final AlertSender sender;

    private SmtpAlertService(DirectorListener listener, AlertSender sender) {
        this.listener = listener;
        this.sender = sender;
    }

    /**
     * Starts the sender thread (when there is a server and a recipient; otherwise alerts are off, as in
     * keepalived, and that is logged once).
     *
     * @param namespace the director's namespace, or null for the JVM's own
     */
    public static SmtpAlertService start(SmtpAlerts settings, NetNamespace namespace, List<VrrpSyncGroup> syncGroups) {
        Objects.requireNonNull(settings, "settings");
        if (!settings.sends()) {
            LOG.info("SMTP alerts off: {}", settings.server().isEmpty() ? "no smtp_server set"
                    : "no notification_email set");
            return new SmtpAlertService(new DirectorListener() {
            }, null);
        }
        SocketOpener opener = namespace == null ? SocketOpener.HERE : SocketOpener.in(namespace);
        AlertSender sender = new AlertSender(settings, SmtpClient.of(settings, opener), Clock.systemDefaultZone(),
                DRAIN_TIME, "director-smtp-alerts" + (namespace == null ? "" : "-" + namespace.path().getFileName()));
        return new SmtpAlertService(new SmtpAlertListener(settings, syncGroups, sender::submit), sender);
    }

    /** What the director registers with its other listeners. */
    public DirectorListener listener() {
        return listener;
    }

    /**
     * Every name in {@code settings} that the director does not run, each as field, value and rule: an alert
     * setting for an unknown instance would silently never mail.
     */
    public static List<String> problems(SmtpAlerts settings, List<VrrpInstance> instances,
                                        List<VrrpSyncGroup> syncGroups, List<VirtualServer> virtualServers) {
        List<String> p = new ArrayList<>();
        Set<String> names = new HashSet<>();
        instances.forEach(i -> names.add(i.name()));
        for (String i : settings.instances().keySet()) {
            if (!names.contains(i)) {
                p.add("smtpAlerts instance " + i + " unknown: no VRRP instance has that name");
            }
        }
        Set<String> groups = new HashSet<>();
        syncGroups.forEach(g -> groups.add(g.name()));
        for (String g : settings.syncGroups().keySet()) {
            if (!groups.contains(g)) {
                p.add("smtpAlerts syncGroup " + g + " unknown: no sync group has that name");
            }
        }
        Set<String> services = new HashSet<>();
        Set<String> reals = new HashSet<>();
        for (VirtualServer vs : virtualServers) {
            services.add(vs.toString());
            for (RealServer rs : vs.realServers()) {
                reals.add(SmtpAlerts.realServerKey(vs, rs));
            }
        }
        for (String v : settings.virtualServers().keySet()) {
            if (!services.contains(v)) {
                p.add("smtpAlerts virtualServer " + v + " unknown: no virtual server of this director");
            }
        }
        for (String r : settings.realServers().keySet()) {
            if (!reals.contains(r)) {
                p.add("smtpAlerts realServer " + r + " unknown: no real server of this director");
            }
        }
        return p;
    }

    /**
     * For alerts a reload replaced: the alerts already queued still go out through the old server, for at most
     * 10 s on a thread of their own (the reload does not wait); what is left then is dropped with a warning that
     * counts it. New alerts are refused with a warning, so give none after this.
     */
    public void retire() {
        if (sender != null) {
            LOG.info("SMTP alert settings replaced by a reload: alerts already queued still go out through {}",
                    sender.server());
            sender.retire();
        }
    }

    /** Sends the alerts still queued (for at most 10 s), then stops the sender thread. */
    @Override
    public void close() {
        if (sender != null) {
            sender.close();
        }
    }
}
