package dev.hadirector.checks.genhash;

import dev.hadirector.api.HttpCheck.HttpProtocol;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.HostPort;
import dev.hadirector.checks.http.HttpFetch;
import dev.hadirector.checks.http.HttpResponse;
import dev.hadirector.checks.http.TlsContexts;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.io.StreamConnection;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;

/**
 * {@code genhash}: fetches one page and prints the MD5 digest of its body for a {@code digest}
 * line, exactly as keepalived's genhash prints it (same options, same messages, same verbose
 * report). The digest is printed whatever the status, as genhash does.
 */
public final class GenhashCommand {

    private static final String USAGE = """
            Usage: genhash COMMAND [OPTIONS]
            Commands:
               -s server-address -p port -u url
               -S -s server-address -p port -u url
               -h

            Options:
            Either long or short options are allowed.
               --use-ssl         -S       Use SSL connection to remote server.
               --use-sni         -I       Use SNI during SSL handshake (uses virtualhost setting; see -V).
               --server          -s       Use the specified remote server address.
               --port            -p       Use the specified remote server port.
               --url             -u       Use the specified remote server url.
               --use-virtualhost -V       Use the specified virtualhost in GET query.
               --verbose         -v       Use verbose mode output.
               --help            -h       Display this short inlined help screen.
               --fwmark          -m       Use the specified FW mark.
               --protocol        -P       Use the specified HTTP protocol - '1.0', 1.0c', '1.1'.
                                            1.0c means 1.0 with 'Connection: close'
               --timeout         -t       Timeout in seconds
            """;

    private static final String RULE = "-----------------------";

    private GenhashCommand() {
    }

    /** Options as parsed; null fields were not given. */
    private static final class Options {
        String server;
        String port;
        String url;
        String virtualHost;
        boolean ssl;
        boolean sni;
        boolean verbose;
        HttpProtocol protocol = HttpProtocol.HTTP_1_0;
        Duration timeout = Duration.ofSeconds(5);
    }

    /** Runs genhash; returns the process exit status (0 after a fetch, whatever its outcome; 1 on bad usage). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = new Options();
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inline = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                name = arg.substring(0, arg.indexOf('='));
                inline = arg.substring(arg.indexOf('=') + 1);
            }
            switch (name) {
                case "-S", "--use-ssl", "--ssl" -> o.ssl = true;
                case "-I", "--use-sni" -> o.sni = true;
                case "-v", "--verbose" -> o.verbose = true;
                case "-h", "--help" -> {
                    err.print(USAGE);
                    return 1;
                }
                case "-s", "--server", "-p", "--port", "-u", "--url", "-V", "--use-virtualhost", "-m", "--fwmark",
                        "-P", "--protocol", "-t", "--timeout" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            err.print(USAGE);
                            return 1;
                        }
                        value = args.get(++i);
                    }
                    String problem = apply(o, name, value);
                    if (problem != null) {
                        err.println(problem);
                        err.print(USAGE);
                        return 1;
                    }
                }
                default -> {
                    if (arg.startsWith("-")) {
                        err.print(USAGE);
                        return 1;
                    }
                    extra.add(arg);
                }
            }
        }
        if (!extra.isEmpty()) {
            err.println("Unexpected argument(s): " + String.join(" ", extra));
            err.print(USAGE);
            return 1;
        }
        if (o.server == null || o.port == null || o.url == null) {
            err.print(USAGE);
            return 1;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(o.server);
        } catch (UnknownHostException e) {
            err.println("server should be an IP, not " + o.server);
            err.print(USAGE);
            return 1;
        }
        fetch(o, new InetSocketAddress(address, Integer.parseInt(o.port)), out, err);
        return 0;
    }

    /** Applies one option with a value; returns genhash's complaint, or null. */
    private static String apply(Options o, String name, String value) {
        switch (name) {
            case "-s", "--server" -> {
                if (!isIpLiteral(value)) {
                    return "server should be an IP, not " + value;
                }
                o.server = value;
            }
            case "-p", "--port" -> {
                int port;
                try {
                    port = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 1 || port > 65_535) {
                    return "invalid port number '" + value + "'";
                }
                o.port = value;
            }
            case "-u", "--url" -> o.url = value;
            case "-V", "--use-virtualhost" -> o.virtualHost = value;
            case "-m", "--fwmark" -> {
                // Marking needs SO_MARK (a native call); like a mark no rule matches, it changes nothing here.
            }
            case "-P", "--protocol" -> {
                switch (value) {
                    case "1.0" -> o.protocol = HttpProtocol.HTTP_1_0;
                    case "1.0c", "1.0C" -> o.protocol = HttpProtocol.HTTP_1_0_CLOSE;
                    case "1.1" -> o.protocol = HttpProtocol.HTTP_1_1;
                    default -> {
                        return "invalid HTTP protocol version '" + value + "'";
                    }
                }
            }
            case "-t", "--timeout" -> {
                long seconds;
                try {
                    seconds = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    seconds = -1;
                }
                if (seconds < 0 || seconds > 86_400) {
                    return "invalid timeout '" + value + "'";
                }
                o.timeout = seconds == 0 ? Duration.ofMillis(1) : Duration.ofSeconds(seconds);
            }
            default -> throw new IllegalStateException("option " + name + " has no handler");
        }
        return null;
    }

    private static boolean isIpLiteral(String s) {
        if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (s.contains(":") && s.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?")) {
            try {
                InetAddress.getByName(s);
                return true;
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private static void fetch(Options o, InetSocketAddress remote, PrintStream out, PrintStream err) {
        // Sent as given, like genhash does, even without a leading '/'.
        String path = o.url;
        String host = o.virtualHost != null ? o.virtualHost : HostPort.format(remote);
        AtomicReference<HttpResponse> response = new AtomicReference<>();
        long start = System.nanoTime();
        CheckResult result;
        try (IoReactor reactor = IoReactor.start("genhash-io", 1)) {
            SSLEngine engine = o.ssl
                    ? new TlsContexts(null).engine(remote, Optional.ofNullable(o.virtualHost), o.sni, false) : null;
            HttpFetch exchange = HttpFetch.lenient(path, host, o.protocol, done -> response.set(done.response()));
            CompletableFuture<CheckResult> future = StreamConnection.open(reactor.next(), remote, Optional.empty(),
                    engine, o.timeout, exchange, HttpFetch.MAX_RESPONSE_BYTES);
            result = future.join();
        }
        long micros = (System.nanoTime() - start) / 1000;
        HttpResponse page = response.get();
        StringBuilder text = new StringBuilder();
        if (page == null) {
            text.append(failureLine(result.reason())).append('\n');
            if (o.verbose) {
                text.append('\n').append("Global response time for [").append(o.url).append("] = ").append(micros)
                        .append(" usecs\n");
            }
            out.print(text);
            out.flush();
            return;
        }
        if (!page.headerComplete()) {
            printHeaderless(o, page, micros, out, err);
            return;
        }
        if (!o.verbose) {
            out.println(page.bodyMd5Hex());
            out.flush();
            return;
        }
        text.append(verboseReport(page, o.url, micros));
        out.print(text);
        out.flush();
    }

    /** The server closed before the header ended: genhash complains and reports an empty page. */
    private static void printHeaderless(Options o, HttpResponse page, long micros, PrintStream out, PrintStream err) {
        err.println("no data received from remote webserver");
        err.flush();
        if (o.verbose) {
            StringBuilder text = new StringBuilder();
            if (page.header().length > 0) {
                text.append(title("    HTTP Header Buffer    "));
            }
            text.append('\n');
            text.append(title("    HTML hash resulting    ")).append(HexDump.dump(page.bodyMd5()));
            // No digest line here, just its blank line.
            text.append(title(" HTML hash final resulting ")).append('\n');
            text.append("Global response time for [").append(o.url).append("] = ").append(micros)
                    .append(" usecs\n");
            out.print(text);
        }
        out.flush();
    }

    /** genhash -v's report of a fetched page. */
    static String verboseReport(HttpResponse page, String url, long micros) {
        StringBuilder text = new StringBuilder();
        text.append(title("    HTTP Header Buffer    ")).append(HexDump.dump(page.header()));
        text.append(title(" HTTP Header Ascii Buffer ")).append(page.headerText()).append('\n');
        // genhash dumps the body read by read, titled only when it began in the header's read.
        List<byte[]> segments = page.bodySegments();
        for (int i = 0; i < segments.size(); i++) {
            if (i == 0 && page.bodyBeganWithHeader()) {
                text.append(title("        HTML Buffer        "));
            }
            text.append(HexDump.dump(segments.get(i)));
        }
        text.append('\n');
        text.append(title("    HTML hash resulting    ")).append(HexDump.dump(page.bodyMd5()));
        text.append(title(" HTML hash final resulting ")).append(page.bodyMd5Hex()).append('\n');
        text.append('\n').append("Global response time for [").append(url).append("] = ").append(micros)
                .append(" usecs\n");
        return text.toString();
    }

    private static String title(String name) {
        return RULE + "[" + name + "]" + RULE + "\n";
    }

    /** genhash's words for what went wrong. */
    private static String failureLine(String reason) {
        if (reason.contains("timeout") || reason.contains("within")) {
            return "Timeout WEB read";
        }
        return "Connection failed";
    }
}
