package dev.hadirector.ipvs.cli;

import dev.hadirector.ipvs.BatchResult;
import dev.hadirector.ipvs.IpvsClient;
import dev.hadirector.ipvs.IpvsDestination;
import dev.hadirector.ipvs.IpvsException;
import dev.hadirector.ipvs.IpvsOperation;
import dev.hadirector.ipvs.IpvsService;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.ipvs.IpvsTimeouts;
import dev.hadirector.ipvs.reconcile.DesiredService;
import dev.hadirector.ipvs.reconcile.Difference;
import dev.hadirector.ipvs.reconcile.IpvsReconciler;
import dev.hadirector.ipvs.reconcile.ReconcileResult;
import dev.hadirector.ipvs.text.IpvsadmFormat;
import dev.hadirector.ipvs.text.RestoreCommand;
import dev.hadirector.ipvs.text.RestoreException;
import dev.hadirector.ipvs.text.RestoreParser;
import dev.hadirector.kernel.KernelException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code ha-director.jar ipvs ...}: the table in ipvsadm's formats and loading one.
 *
 * <pre>
 * save                      the table as ipvsadm -Sn prints it
 * list [--stats|--rate|--thresholds|--persistent-conn|--tun-info] [--exact]
 *                           the table as ipvsadm -Ln prints it
 * list --daemon | --timeout the sync daemons / timeouts
 * restore                   runs the ipvsadm -R lines on stdin (all parsed before any is sent)
 * apply                     makes the services on stdin (-A / -a lines) so, changing only what differs
 * </pre>
 *
 * Exit status: 0 done, 1 the kernel refused something (each refusal printed with its line), 2 bad usage or
 * input (nothing sent).
 */
public final class IpvsCommand {
    public static final int OK = 0;
    public static final int KERNEL_FAILURE = 1;
    public static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: ipvs save
                   ipvs list [--stats|--rate|--thresholds|--persistent-conn|--tun-info] [--exact]
                   ipvs list --daemon|--timeout
                   ipvs restore   < ipvsadm -S output
                   ipvs apply     < -A/-a lines of the wanted services
            """;

    private IpvsCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err, IpvsClient::open);
    }

    /** As {@link #run(List, PrintStream, PrintStream)}, with the input and the kernel connection given. */
    public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err,
                          Supplier<IpvsClient> clients) {
        if (args.isEmpty()) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String command = args.get(0);
        List<String> options = args.subList(1, args.size());
        try {
            return switch (command) {
                case "save" -> {
                    if (!options.isEmpty()) {
                        yield usage(err, "save takes no options, got " + options);
                    }
                    try (IpvsClient client = clients.get()) {
                        out.print(IpvsadmFormat.save(client.table()));
                    }
                    yield OK;
                }
                case "list" -> list(options, out, err, clients);
                case "restore" -> {
                    if (!options.isEmpty()) {
                        yield usage(err, "restore takes no options, got " + options);
                    }
                    yield restore(readAll(in), out, err, clients);
                }
                case "apply" -> {
                    if (!options.isEmpty()) {
                        yield usage(err, "apply takes no options, got " + options);
                    }
                    yield apply(readAll(in), out, err, clients);
                }
                case "help", "--help", "-h" -> {
                    out.print(USAGE_TEXT);
                    yield OK;
                }
                default -> usage(err, "unknown command '" + command + "'");
            };
        } catch (RestoreException e) {
            err.println(e.getMessage());
            err.println("nothing was applied");
            return USAGE;
        } catch (KernelException e) {
            err.println("ipvs " + command + ": " + e.getMessage());
            return KERNEL_FAILURE;
        } catch (IOException e) {
            err.println("ipvs " + command + ": cannot read standard input: " + e.getMessage());
            return USAGE;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("ipvs: " + problem);
        err.print(USAGE_TEXT);
        return USAGE;
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static int list(List<String> options, PrintStream out, PrintStream err, Supplier<IpvsClient> clients) {
        IpvsadmFormat.ListView view = IpvsadmFormat.ListView.CONNECTIONS;
        boolean exact = false;
        String special = null;
        int views = 0;
        for (String o : options) {
            switch (o) {
                case "--stats" -> { view = IpvsadmFormat.ListView.STATS; views++; }
                case "--rate" -> { view = IpvsadmFormat.ListView.RATE; views++; }
                case "--thresholds" -> { view = IpvsadmFormat.ListView.THRESHOLDS; views++; }
                case "--persistent-conn" -> { view = IpvsadmFormat.ListView.PERSISTENT_CONNECTIONS; views++; }
                case "--tun-info" -> { view = IpvsadmFormat.ListView.TUNNEL_INFO; views++; }
                case "--exact" -> exact = true;
                case "--daemon", "--timeout" -> { special = o; views++; }
                case "-n", "--numeric" -> { } // output is always numeric
                default -> {
                    return usage(err, "list: unknown option '" + o + "'");
                }
            }
        }
        if (views > 1) {
            return usage(err, "list: choose one of --stats, --rate, --thresholds, --persistent-conn, --tun-info, "
                    + "--daemon, --timeout");
        }
        try (IpvsClient client = clients.get()) {
            if ("--daemon".equals(special)) {
                out.print(IpvsadmFormat.daemons(client.daemons()));
            } else if ("--timeout".equals(special)) {
                IpvsTimeouts t = client.timeouts();
                out.println("Timeout (tcp tcpfin udp): " + t.tcp() + " " + t.tcpFin() + " " + t.udp());
            } else {
                out.print(IpvsadmFormat.list(client.table(), client.info(), view, exact));
            }
        }
        return OK;
    }

    private static int restore(String input, PrintStream out, PrintStream err, Supplier<IpvsClient> clients) {
        List<RestoreCommand> commands = RestoreParser.parse("<stdin>", input);
        Map<IpvsOperation, RestoreCommand> lines = new IdentityHashMap<>();
        List<IpvsOperation> ops = new ArrayList<>();
        for (RestoreCommand c : commands) {
            ops.add(c.operation());
            lines.put(c.operation(), c);
        }
        BatchResult result;
        try (IpvsClient client = clients.get()) {
            result = client.execute(ops);
        }
        for (IpvsException e : result.failures()) {
            RestoreCommand c = lines.get(e.failedOperation());
            err.println("<stdin>:" + (c == null ? "?" : c.line()) + ": " + e.getMessage());
        }
        if (!result.ok()) {
            err.println(result.applied().size() + " of " + ops.size() + " lines applied");
            return KERNEL_FAILURE;
        }
        return OK;
    }

    private static int apply(String input, PrintStream out, PrintStream err, Supplier<IpvsClient> clients) {
        List<RestoreCommand> commands = RestoreParser.parse("<stdin>", input);
        Map<ServiceKey, IpvsService> services = new LinkedHashMap<>();
        Map<ServiceKey, List<IpvsDestination>> destinations = new LinkedHashMap<>();
        for (RestoreCommand c : commands) {
            if (c.operation() instanceof IpvsOperation.AddService a) {
                if (services.put(a.service().key(), a.service()) != null) {
                    throw new RestoreException("<stdin>", c.line(), "service " + a.service().key() + " is defined twice");
                }
                destinations.put(a.service().key(), new ArrayList<>());
            } else if (c.operation() instanceof IpvsOperation.AddDestination a) {
                List<IpvsDestination> list = destinations.get(a.service());
                if (list == null) {
                    throw new RestoreException("<stdin>", c.line(), "service " + a.service()
                            + " is not defined by an -A line before this one");
                }
                if (list.stream().anyMatch(d -> d.endpoint().equals(a.destination().endpoint()))) {
                    throw new RestoreException("<stdin>", c.line(), "destination " + a.destination().endpoint()
                            + " of " + a.service() + " is defined twice");
                }
                list.add(a.destination());
            } else {
                throw new RestoreException("<stdin>", c.line(), "apply takes only -A and -a lines (the wanted "
                        + "table), not '" + c.text() + "'");
            }
        }
        List<DesiredService> desired = new ArrayList<>();
        services.forEach((key, svc) -> desired.add(new DesiredService(svc, destinations.get(key))));
        ReconcileResult result;
        try (IpvsClient client = clients.get()) {
            result = new IpvsReconciler(client, d -> { }).applyDesired(desired);
        }
        for (Difference d : result.differences()) {
            out.println(d);
        }
        for (IpvsException e : result.failed()) {
            err.println("not applied: " + e.getMessage());
        }
        out.println(result.applied().size() + " change(s) applied, " + result.failed().size() + " failed");
        return result.ok() ? OK : KERNEL_FAILURE;
    }
}
