package dev.hadirector.config.alert;

import dev.hadirector.alert.SmtpAlerts;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.config.ConfigException;
import dev.hadirector.config.ConfigNode;
import dev.hadirector.config.ConfigTree;
import dev.hadirector.config.lvs.VirtualServerMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Maps keepalived.conf's mail settings onto {@link SmtpAlerts}: in {@code global_defs} {@code notification_email},
 * {@code notification_email_from}, {@code smtp_server HOST [PORT]}, {@code smtp_helo_name},
 * {@code smtp_connect_timeout}, {@code router_id}, {@code smtp_alert}, {@code smtp_alert_vrrp},
 * {@code smtp_alert_checker}, {@code no_email_faults} and {@code no_checker_emails}; and {@code smtp_alert} in
 * {@code vrrp_instance}, {@code vrrp_sync_group}, {@code virtual_server} and {@code real_server}. A boolean keyword
 * alone means true. Every refusal carries file:line; all are collected.
 *
 * <p>{@code no_checker_emails} changes nothing here: keepalived then mails only real servers being added or
 * removed, and the director mails only those anyway (its load balancer reports real servers' changes, not each
 * checker's).
 */
public final class SmtpAlertsMapper {
    private static final Set<String> GLOBAL = Set.of("notification_email", "notification_email_from", "smtp_server",
            "smtp_helo_name", "smtp_connect_timeout", "smtp_alert", "smtp_alert_vrrp", "smtp_alert_checker",
            "no_email_faults", "no_checker_emails");
    private static final long MAX_TIMEOUT_SECONDS = SmtpAlerts.MAX_TIMEOUT.toSeconds();

    private final ConfigTree tree;
    private final List<ConfigException> problems = new ArrayList<>();
    private final SmtpAlerts.Builder builder = SmtpAlerts.builder();
    private boolean any;

    private SmtpAlertsMapper(ConfigTree tree) {
        this.tree = tree;
    }

    /**
     * The alert settings of {@code tree}: empty when it has no mail keyword at all.
     *
     * @throws ConfigException the first problem, its message listing every other one too
     */
    public static Optional<SmtpAlerts> map(ConfigTree tree) throws ConfigException {
        return new SmtpAlertsMapper(tree).mapTree();
    }

    private Optional<SmtpAlerts> mapTree() throws ConfigException {
        ConfigNode lastGlobal = null;
        for (ConfigNode g : tree.nodes("global_defs")) {
            lastGlobal = g;
            for (ConfigNode c : g.children()) {
                guarded(() -> global(c));
            }
        }
        for (ConfigNode i : tree.nodes("vrrp_instance")) {
            for (ConfigNode c : i.children("smtp_alert")) {
                guarded(() -> builder.instance(name(i), bool(c)));
            }
        }
        for (ConfigNode g : tree.nodes("vrrp_sync_group")) {
            for (ConfigNode c : g.children("smtp_alert")) {
                guarded(() -> builder.syncGroup(name(g), bool(c)));
            }
        }
        for (ConfigNode v : tree.nodes("virtual_server")) {
            guarded(() -> virtualServer(v));
        }
        if (problems.isEmpty() && any) {
            try {
                SmtpAlerts alerts = builder.build();
                return Optional.of(alerts);
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigException(lastGlobal != null ? lastGlobal.location()
                        : tree.nodes().get(0).location(), e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw all();
        }
        return Optional.empty();
    }

    private ConfigException all() {
        ConfigException first = problems.get(0);
        if (problems.size() == 1) {
            return first;
        }
        StringBuilder text = new StringBuilder(first.problem());
        for (ConfigException p : problems.subList(1, problems.size())) {
            text.append('\n').append(p.getMessage());
        }
        return new ConfigException(first.location(), text.toString());
    }

    /** A mapping step that refuses with a ConfigException. */
    private interface Step {
        void run() throws ConfigException;
    }

    private void guarded(Step step) {
        try {
            step.run();
        } catch (ConfigException e) {
            problems.add(e);
        }
    }

    private void global(ConfigNode c) throws ConfigException {
        if (c.keyword().equals("router_id")) {
            builder.routerId(one(c));
            return; // router_id alone does not turn alerts on: it names the director in them
        }
        if (!GLOBAL.contains(c.keyword())) {
            return;
        }
        any = true;
        switch (c.keyword()) {
            case "notification_email" -> {
                List<String> addresses = new ArrayList<>(c.args());
                for (ConfigNode line : c.children()) {
                    addresses.add(line.keyword());
                    addresses.addAll(line.args());
                }
                for (String a : addresses) {
                    Optional<String> problem = SmtpAlerts.addressProblem("notification_email", a);
                    if (problem.isPresent()) {
                        throw new ConfigException(c.location(), problem.get());
                    }
                }
                builder.to(addresses.toArray(String[]::new));
            }
            case "notification_email_from" -> {
                String from = one(c);
                Optional<String> problem = SmtpAlerts.addressProblem("notification_email_from", from);
                if (problem.isPresent()) {
                    throw new ConfigException(c.location(), problem.get());
                }
                builder.from(from);
            }
            case "smtp_server" -> {
                if (c.args().isEmpty() || c.args().size() > 2) {
                    throw new ConfigException(c.location(), "smtp_server takes a host and an optional port, got "
                            + c.args().size() + " arguments");
                }
                int port = SmtpAlerts.DEFAULT_PORT;
                if (c.args().size() == 2) {
                    port = (int) integer(c, "smtp_server port", c.args().get(1), 1, 65535);
                }
                int p = port;
                probe(c, b -> b.server(c.args().get(0), p));
                builder.server(c.args().get(0), p);
            }
            case "smtp_helo_name" -> {
                String name = one(c);
                probe(c, b -> b.heloName(name));
                builder.heloName(name);
            }
            case "smtp_connect_timeout" -> builder.timeout(Duration.ofSeconds(
                    integer(c, "smtp_connect_timeout", one(c), 1, MAX_TIMEOUT_SECONDS)));
            case "smtp_alert" -> builder.alertAll(bool(c));
            case "smtp_alert_vrrp" -> builder.alertVrrp(bool(c));
            case "smtp_alert_checker" -> builder.alertChecker(bool(c));
            case "no_email_faults" -> {
                none(c);
                builder.noFaultMails(true);
            }
            case "no_checker_emails" -> none(c);
            default -> throw new IllegalStateException("unhandled " + c.keyword());
        }
    }

    private void virtualServer(ConfigNode v) throws ConfigException {
        boolean own = !v.children("smtp_alert").isEmpty();
        boolean reals = v.children("real_server").stream().anyMatch(r -> !r.children("smtp_alert").isEmpty());
        if (!own && !reals) {
            return;
        }
        any = true;
        // the same specs the load balancer runs, so the settings match its events
        List<VirtualServer> specs = VirtualServerMapper.specsOf(tree, v);
        List<ConfigNode> realNodes = v.children("real_server");
        for (ConfigNode c : v.children("smtp_alert")) {
            boolean on = bool(c);
            specs.forEach(vs -> builder.virtualServer(vs, on));
        }
        for (int i = 0; i < realNodes.size(); i++) {
            for (ConfigNode c : realNodes.get(i).children("smtp_alert")) {
                boolean on = bool(c);
                for (VirtualServer vs : specs) {
                    RealServer rs = vs.realServers().get(i);
                    builder.realServer(vs, rs, on);
                }
            }
        }
    }

    /** Validates one setting on its own, so a refusal names the line that set it. */
    private static void probe(ConfigNode c, java.util.function.Consumer<SmtpAlerts.Builder> setting)
            throws ConfigException {
        SmtpAlerts.Builder b = SmtpAlerts.builder();
        setting.accept(b);
        try {
            b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(c.location(), e.getMessage().replaceFirst("^SMTP alerts invalid: ", ""));
        }
    }

    private static String name(ConfigNode block) throws ConfigException {
        return block.firstArg().orElseThrow(() -> new ConfigException(block.location(),
                block.keyword() + " has no name"));
    }

    private static String one(ConfigNode c) throws ConfigException {
        if (c.args().size() != 1) {
            throw new ConfigException(c.location(), c.keyword() + " takes exactly one value, got " + c.args().size());
        }
        return c.args().get(0);
    }

    private static void none(ConfigNode c) throws ConfigException {
        if (!c.args().isEmpty()) {
            throw new ConfigException(c.location(), c.keyword() + " takes no value, got \""
                    + String.join(" ", c.args()) + "\"");
        }
    }

    private static boolean bool(ConfigNode c) throws ConfigException {
        if (c.args().isEmpty()) {
            return true;
        }
        if (c.args().size() > 1) {
            throw new ConfigException(c.location(), c.keyword() + " takes at most one value, got " + c.args().size());
        }
        return switch (c.args().get(0).toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(c.location(), c.keyword() + " \"" + c.args().get(0)
                    + "\" is not a boolean: must be true/false, yes/no, on/off or 1/0");
        };
    }

    private static long integer(ConfigNode c, String field, String text, long min, long max) throws ConfigException {
        try {
            long v = Long.parseLong(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(c.location(), field + " \"" + text + "\" invalid: must be an integer " + min + ".."
                + max + (field.equals("smtp_connect_timeout") ? " (seconds)" : ""));
    }
}
