package dev.hadirector.ipvs.cli;

import dev.hadirector.ipvs.BatchResult;
import dev.hadirector.ipvs.IpvsClient;
import dev.hadirector.ipvs.IpvsDestination;
import dev.hadirector.ipvs.IpvsDestinationEntry;
import dev.hadirector.ipvs.IpvsException;
import dev.hadirector.ipvs.IpvsOperation;
import dev.hadirector.ipvs.IpvsService;
import dev.hadirector.ipvs.IpvsServiceEntry;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.ipvs.IpvsTimeouts;
import dev.hadirector.ipvs.reconcile.DesiredService;
import dev.hadirector.ipvs.reconcile.Difference;
import dev.hadirector.ipvs.reconcile.IpvsReconciler;
import dev.hadirector.ipvs.reconcile.ReconcileResult;
import dev.hadirector.ipvs.text.IpvsadmFormat;
import dev.hadirector.ipvs.text.IpvsadmOrder;
import dev.hadirector.ipvs.text.RestoreCommand;
import dev.hadirector.ipvs.text.RestoreException;
import dev.hadirector.ipvs.text.RestoreParser;
import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.KernelException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        PhaseTimes times = PhaseTimes.fromSystemProperty(err);
        long uptime = times.enabled() ? java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() : 0;
        try {
            return switch (command) {
                case "save" -> {
                    if (!options.isEmpty()) {
                        yield usage(err, "save takes no options, got " + options);
                    }
                    yield save(out, clients, times);
                }
                case "list" -> list(options, out, err, clients);
                case "restore" -> {
                    if (!options.isEmpty()) {
                        yield usage(err, "restore takes no options, got " + options);
                    }
                    String input = readAll(in);
                    times.mark("read-stdin");
                    yield restore(input, out, err, clients, times);
                }
                case "apply" -> {
                    if (!options.isEmpty()) {
                        yield usage(err, "apply takes no options, got " + options);
                    }
                    String input = readAll(in);
                    times.mark("read-stdin");
                    yield apply(input, out, err, clients, times);
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
        } finally {
            times.print(command, uptime);
        }
    }

    /**
     * The table as ipvsadm -Sn prints it, written service by service as it is read (ipvsadm's order: the
     * services are listed first and sorted, then each one's destinations are read, sorted and printed).
     */
    private static int save(PrintStream out, Supplier<IpvsClient> clients, PhaseTimes times) {
        try (IpvsClient client = clients.get()) {
            times.mark("open");
            List<IpvsServiceEntry> services = new ArrayList<>(client.services());
            services.sort(SERVICE_ORDER);
            times.mark("list-services");
            StringBuilder chunk = new StringBuilder(16384);
            for (IpvsServiceEntry s : services) {
                ServiceKey key = s.service().key();
                List<IpvsDestinationEntry> destinations;
                try {
                    destinations = new ArrayList<>(client.destinations(key));
                } catch (IpvsException e) {
                    if (e.errno() == Errno.ESRCH) {
                        continue; // deleted since the services were listed
                    }
                    throw e;
                }
                destinations.sort(IpvsadmOrder.DESTINATION_ENTRIES);
                chunk.append(IpvsadmFormat.saveService(s.service())).append('\n');
                for (IpvsDestinationEntry d : destinations) {
                    chunk.append(IpvsadmFormat.saveDestination(key, d.destination())).append('\n');
                }
                if (chunk.length() >= 8192) {
                    out.print(chunk);
                    chunk.setLength(0);
                }
            }
            out.print(chunk);
            out.flush();
            times.mark("destinations-and-text");
        }
        return OK;
    }

    private static final Comparator<IpvsServiceEntry> SERVICE_ORDER = new Comparator<>() {
        @Override
        public int compare(IpvsServiceEntry a, IpvsServiceEntry b) {
            return IpvsadmOrder.SERVICES.compare(a.service().key(), b.service().key());
        }
    };

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

    private static int restore(String input, PrintStream out, PrintStream err, Supplier<IpvsClient> clients,
                               PhaseTimes times) {
        Map<IpvsOperation, RestoreCommand> lines = new IdentityHashMap<>();
        List<IpvsOperation> ops = new ArrayList<>();
        RestoreParser.parse("<stdin>", input, c -> {
            ops.add(c.operation());
            lines.put(c.operation(), c);
        });
        times.mark("parse");
        BatchResult result;
        try (IpvsClient client = clients.get()) {
            times.mark("open");
            result = client.execute(ops);
            times.mark("send");
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

    private static int apply(String input, PrintStream out, PrintStream err, Supplier<IpvsClient> clients,
                             PhaseTimes times) {
        List<RestoreCommand> commands = RestoreParser.parse("<stdin>", input);
        times.mark("parse");
        Map<ServiceKey, IpvsService> services = new LinkedHashMap<>();
        Map<ServiceKey, List<IpvsDestination>> destinations = new LinkedHashMap<>();
        // Address and port pairs seen, to find a destination listed twice without formatting each as text.
        Set<Map.Entry<ServiceKey, Map.Entry<InetAddress, Integer>>> seen = new HashSet<>();
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
                if (!seen.add(Map.entry(a.service(), Map.entry(a.destination().address(), a.destination().port())))) {
                    throw new RestoreException("<stdin>", c.line(), "destination " + a.destination().endpoint()
                            + " of " + a.service() + " is defined twice");
                }
                list.add(a.destination());
            } else {
                throw new RestoreException("<stdin>", c.line(), "apply takes only -A and -a lines (the wanted "
                        + "table), not '" + c.text() + "'");
            }
        }
        List<DesiredService> desired = new ArrayList<>(services.size());
        for (Map.Entry<ServiceKey, IpvsService> e : services.entrySet()) {
            desired.add(new DesiredService(e.getValue(), destinations.get(e.getKey())));
        }
        times.mark("desired");
        ReconcileResult result;
        try (IpvsClient client = clients.get()) {
            times.mark("open");
            result = new IpvsReconciler(client, d -> { }).applyDesired(desired);
            times.mark("reconcile");
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
