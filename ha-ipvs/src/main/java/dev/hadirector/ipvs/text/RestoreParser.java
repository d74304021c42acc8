package dev.hadirector.ipvs.text;

import dev.hadirector.api.Forwarding;
import dev.hadirector.api.Protocol;
import dev.hadirector.api.Scheduler;
import dev.hadirector.ipvs.Addresses;
import dev.hadirector.ipvs.Ipvs;
import dev.hadirector.ipvs.IpvsDestination;
import dev.hadirector.ipvs.IpvsOperation;
import dev.hadirector.ipvs.IpvsService;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the {@code ipvsadm -R} format (the lines {@code ipvsadm -S} prints, and any other -A, -E, -D, -a,
 * -e, -d, -C line with the options ipvsadm 1.31 accepts) into operations. The whole input is parsed before
 * anything is returned: the first malformed line raises a {@link RestoreException} with its line number.
 *
 * <p>Defaults are ipvsadm's: scheduler wlc, persistence timeout 360 s, forwarding by direct routing, weight 1,
 * a real server's port is the service's (and must be, unless masquerading).
 */
public final class RestoreParser {
    public static final String DEFAULT_SCHEDULER = "wlc";
    public static final int DEFAULT_PERSISTENCE_TIMEOUT = 360;

    private enum Command { ADD_SERVICE, EDIT_SERVICE, DELETE_SERVICE, ADD_SERVER, EDIT_SERVER, DELETE_SERVER, CLEAR }

    private static final Map<String, Command> COMMANDS = Map.ofEntries(
            Map.entry("-A", Command.ADD_SERVICE), Map.entry("--add-service", Command.ADD_SERVICE),
            Map.entry("-E", Command.EDIT_SERVICE), Map.entry("--edit-service", Command.EDIT_SERVICE),
            Map.entry("-D", Command.DELETE_SERVICE), Map.entry("--delete-service", Command.DELETE_SERVICE),
            Map.entry("-a", Command.ADD_SERVER), Map.entry("--add-server", Command.ADD_SERVER),
            Map.entry("-e", Command.EDIT_SERVER), Map.entry("--edit-server", Command.EDIT_SERVER),
            Map.entry("-d", Command.DELETE_SERVER), Map.entry("--delete-server", Command.DELETE_SERVER),
            Map.entry("-C", Command.CLEAR), Map.entry("--clear", Command.CLEAR));

    /** Long and short spellings of every option, mapped to its canonical name. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("-t", "-t"), Map.entry("--tcp-service", "-t"),
            Map.entry("-u", "-u"), Map.entry("--udp-service", "-u"),
            Map.entry("--sctp-service", "--sctp-service"),
            Map.entry("-f", "-f"), Map.entry("--fwmark-service", "-f"),
            Map.entry("-6", "-6"), Map.entry("--ipv6", "-6"),
            Map.entry("-s", "-s"), Map.entry("--scheduler", "-s"),
            Map.entry("-b", "-b"), Map.entry("--sched-flags", "-b"),
            Map.entry("-p", "-p"), Map.entry("--persistent", "-p"),
            Map.entry("-M", "-M"), Map.entry("--netmask", "-M"),
            Map.entry("-o", "-o"), Map.entry("--ops", "-o"),
            Map.entry("--pe", "--pe"),
            Map.entry("-r", "-r"), Map.entry("--real-server", "-r"),
            Map.entry("-m", "-m"), Map.entry("--masquerading", "-m"),
            Map.entry("-g", "-g"), Map.entry("--gatewaying", "-g"),
            Map.entry("-i", "-i"), Map.entry("--ipip", "-i"),
            Map.entry("-w", "-w"), Map.entry("--weight", "-w"),
            Map.entry("-x", "-x"), Map.entry("--u-threshold", "-x"),
            Map.entry("-y", "-y"), Map.entry("--l-threshold", "-y"),
            Map.entry("--tun-type", "--tun-type"), Map.entry("--tun-port", "--tun-port"),
            Map.entry("--tun-nocsum", "--tun-nocsum"), Map.entry("--tun-csum", "--tun-csum"),
            Map.entry("--tun-remcsum", "--tun-remcsum"),
            Map.entry("-n", "-n"), Map.entry("--numeric", "-n"));

    private static final Set<String> WITH_VALUE = Set.of("-t", "-u", "--sctp-service", "-f", "-s", "-b", "-M",
            "--pe", "-r", "-w", "-x", "-y", "--tun-type", "--tun-port");
    private static final Set<String> IDENTITY_OPTIONS = Set.of("-t", "-u", "--sctp-service", "-f", "-6");
    private static final List<String> SERVICE_KINDS = List.of("-t", "-u", "--sctp-service", "-f");
    private static final List<String> FORWARDING_METHODS = List.of("-m", "-g", "-i");
    private static final Set<String> SERVICE_OPTIONS = Set.of("-s", "-b", "-p", "-M", "-o", "--pe");
    private static final Set<String> SERVER_OPTIONS = Set.of("-m", "-g", "-i", "-w", "-x", "-y", "--tun-type",
            "--tun-port", "--tun-nocsum", "--tun-csum", "--tun-remcsum");

    private final String source;
    /** The tokens of the line being parsed (reused: a restore has tens of thousands of lines). */
    private final List<String> tokens = new ArrayList<>();
    /** Service keys by their option and text: each -a line repeats its service's. */
    private final Map<String, ServiceKey> serviceKeys = new HashMap<>();
    private final Map<String, Scheduler> schedulers = new HashMap<>();

    private RestoreParser(String source) {
        this.source = source;
    }

    /** Parses all of {@code input}; {@code source} names it in errors (a file name, or {@code <stdin>}). */
    public static List<RestoreCommand> parse(String source, String input) {
        List<RestoreCommand> out = new ArrayList<>();
        parse(source, input, out::add);
        return out;
    }

    /**
     * As {@link #parse(String, String)}, handing each command to {@code sink} as soon as its line is parsed,
     * so a caller can encode while parsing. The first malformed line still throws before the caller sends
     * anything, as long as it sends only after this returns.
     */
    public static void parse(String source, String input, java.util.function.Consumer<RestoreCommand> sink) {
        // Hand-written scanning: with regular expressions (split per line and per token) a cold JVM spent
        // seconds on a 11,000-line restore before sending anything.
        RestoreParser parser = new RestoreParser(source);
        int length = input.length();
        int start = 0;
        int line = 0;
        while (start <= length) {
            int end = input.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            line++;
            int from = start;
            int to = end;
            while (from < to && Character.isWhitespace(input.charAt(from))) {
                from++;
            }
            while (to > from && Character.isWhitespace(input.charAt(to - 1))) {
                to--;
            }
            if (from < to && input.charAt(from) != '#') {
                String text = input.substring(from, to);
                sink.accept(new RestoreCommand(line, text, parser.parseLine(line, text)));
            }
            start = end + 1;
        }
    }

    /** Splits on the blanks of ipvsadm's shell-less format: space, tab, vertical tab, form feed, CR, LF. */
    private List<String> tokenize(String text) {
        tokens.clear();
        int length = text.length();
        int i = 0;
        while (i < length) {
            while (i < length && blank(text.charAt(i))) {
                i++;
            }
            int begin = i;
            while (i < length && !blank(text.charAt(i))) {
                i++;
            }
            if (i > begin) {
                tokens.add(text.substring(begin, i));
            }
        }
        return tokens;
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    /** True when {@code text} is 1..{@code maxLength} ASCII digits. */
    private static boolean digits(String text, int maxLength) {
        int length = text.length();
        if (length == 0 || length > maxLength) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** True when {@code text} is made of digits and dots only, as an IPv4 literal (or a typo of one) is. */
    private static boolean digitsAndDots(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }

    /**
     * A well-formed dotted quad ({@code 0..255} octets of 1..3 digits) as an address, or null for anything
     * else, which {@link Addresses#parse} then parses or rejects with its message.
     */
    private static InetAddress dottedQuad(String text) {
        byte[] bytes = new byte[4];
        int octet = 0;
        int value = 0;
        int digitsInOctet = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (digitsInOctet == 0 || octet == 3) {
                    return null;
                }
                bytes[octet++] = (byte) value;
                value = 0;
                digitsInOctet = 0;
            } else if (c >= '0' && c <= '9' && digitsInOctet < 3) {
                value = value * 10 + (c - '0');
                digitsInOctet++;
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        if (octet != 3 || digitsInOctet == 0) {
            return null;
        }
        bytes[3] = (byte) value;
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null; // cannot happen for 4 bytes
        }
    }

    private RestoreException error(int line, String problem) {
        return new RestoreException(source, line, problem);
    }

    private IpvsOperation parseLine(int line, String text) {
        List<String> tokens = tokenize(text);
        Command command = null;
        String commandToken = null;
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> spelled = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String value = null;
            String name = token;
            if (token.startsWith("--") && token.contains("=")) {
                name = token.substring(0, token.indexOf('='));
                value = token.substring(token.indexOf('=') + 1);
            } else if (token.length() > 2 && token.charAt(0) == '-' && token.charAt(1) != '-'
                    && OPTIONS.containsKey(token.substring(0, 2))
                    && (WITH_VALUE.contains(OPTIONS.get(token.substring(0, 2))) || token.startsWith("-p"))) {
                name = token.substring(0, 2);
                value = token.substring(2);
            }
            if (COMMANDS.containsKey(name) && value == null) {
                if (command != null) {
                    throw error(line, "two commands on one line: " + commandToken + " and " + token);
                }
                command = COMMANDS.get(name);
                commandToken = token;
                continue;
            }
            String canonical = OPTIONS.get(name);
            if (canonical == null) {
                throw error(line, (token.startsWith("-") ? "unknown option " : "unexpected argument ") + "'" + token
                        + "'");
            }
            if (options.containsKey(canonical)) {
                throw error(line, "option " + name + " given twice");
            }
            if (WITH_VALUE.contains(canonical)) {
                if (value == null) {
                    if (i + 1 >= tokens.size()) {
                        throw error(line, "option " + name + " needs a value");
                    }
                    value = tokens.get(++i);
                }
            } else if (canonical.equals("-p")) {
                if (value == null && i + 1 < tokens.size() && !tokens.get(i + 1).startsWith("-")) {
                    value = tokens.get(++i);
                }
                if (value == null) {
                    value = "";
                }
            } else if (value != null) {
                throw error(line, "option " + name + " takes no value");
            } else {
                value = "";
            }
            options.put(canonical, value);
            spelled.put(canonical, name);
        }
        if (command == null) {
            throw error(line, "no command: a line must have one of -A, -E, -D, -a, -e, -d, -C");
        }
        options.remove("-n");
        return switch (command) {
            case CLEAR -> {
                if (!options.isEmpty()) {
                    throw error(line, "option " + spelled.get(options.keySet().iterator().next())
                            + " is not allowed with " + commandToken);
                }
                yield new IpvsOperation.Flush();
            }
            case ADD_SERVICE, EDIT_SERVICE -> {
                allowOnly(line, commandToken, options, spelled, SERVICE_OPTIONS);
                IpvsService service = service(line, options);
                yield command == Command.ADD_SERVICE ? new IpvsOperation.AddService(service)
                        : new IpvsOperation.EditService(service);
            }
            case DELETE_SERVICE -> {
                allowOnly(line, commandToken, options, spelled, Set.of());
                yield new IpvsOperation.DeleteService(serviceKey(line, options));
            }
            case ADD_SERVER, EDIT_SERVER -> {
                allowOnly(line, commandToken, options, spelled, SERVER_OPTIONS);
                ServiceKey key = serviceKey(line, options);
                IpvsDestination d = destination(line, key, options);
                yield command == Command.ADD_SERVER ? new IpvsOperation.AddDestination(key, d)
                        : new IpvsOperation.EditDestination(key, d);
            }
            case DELETE_SERVER -> {
                allowOnly(line, commandToken, options, spelled, Set.of());
                ServiceKey key = serviceKey(line, options);
                InetAddressAndPort rs = realServer(line, key, options);
                yield new IpvsOperation.DeleteDestination(key,
                        IpvsDestination.of(rs.address, rs.port, Forwarding.DIRECT_ROUTE, 1));
            }
        };
    }

    /** Every option other than the service identity and -r must be in {@code allowed}. */
    private void allowOnly(int line, String command, Map<String, String> options, Map<String, String> spelled,
                           Set<String> allowed) {
        for (String option : options.keySet()) {
            boolean identity = IDENTITY_OPTIONS.contains(option);
            boolean server = option.equals("-r");
            boolean serverCommand = command.equals("-a") || command.equals("-e") || command.equals("-d")
                    || command.startsWith("--") && command.endsWith("-server");
            if (identity || (server && serverCommand) || allowed.contains(option)) {
                continue;
            }
            throw error(line, "option " + spelled.get(option) + " is not allowed with " + command);
        }
    }

    private ServiceKey serviceKey(int line, Map<String, String> options) {
        List<String> given = new ArrayList<>();
        for (String o : SERVICE_KINDS) {
            if (options.containsKey(o)) {
                given.add(o);
            }
        }
        if (given.isEmpty()) {
            throw error(line, "no virtual service: one of -t, -u, --sctp-service or -f is required");
        }
        if (given.size() > 1) {
            throw error(line, "more than one virtual service: " + String.join(" and ", given));
        }
        String option = given.get(0);
        String value = options.get(option);
        if (option.equals("-f")) {
            long mark = parseNumber(line, "firewall mark", value, 1, 0xffffffffL);
            return ServiceKey.firewallMark((int) mark, options.containsKey("-6"));
        }
        if (options.containsKey("-6")) {
            throw error(line, "option -6 is only for firewall-mark services (-f); the family of " + option + " "
                    + value + " comes from its address");
        }
        Protocol protocol = switch (option) {
            case "-t" -> Protocol.TCP;
            case "-u" -> Protocol.UDP;
            default -> Protocol.SCTP;
        };
        String cacheKey = option + ' ' + value;
        ServiceKey known = serviceKeys.get(cacheKey);
        if (known != null) {
            return known;
        }
        InetAddressAndPort ap = addressAndPort(line, "service address", value, 0, protocol);
        ServiceKey key = ServiceKey.of(protocol, ap.address, ap.port);
        serviceKeys.put(cacheKey, key);
        return key;
    }

    private IpvsService service(int line, Map<String, String> options) {
        ServiceKey key = serviceKey(line, options);
        String schedulerName = options.getOrDefault("-s", DEFAULT_SCHEDULER);
        Scheduler scheduler = schedulers.get(schedulerName);
        if (scheduler == null) {
            try {
                scheduler = Scheduler.of(schedulerName);
            } catch (IllegalArgumentException e) {
                throw error(line, e.getMessage());
            }
            schedulers.put(schedulerName, scheduler);
        }
        int flags = 0;
        int timeout = 0;
        if (options.containsKey("-p")) {
            flags |= Ipvs.SVC_F_PERSISTENT;
            String value = options.get("-p");
            timeout = value.isEmpty() ? DEFAULT_PERSISTENCE_TIMEOUT
                    : (int) parseNumber(line, "persistence timeout", value, 1, 0xffffffffL);
        }
        if (!key.isFirewallMark() && key.port() == 0 && (flags & Ipvs.SVC_F_PERSISTENT) == 0) {
            throw error(line, "port 0 of " + key + " is only allowed for a persistent service (-p)");
        }
        int netmask = IpvsService.fullNetmask(key.ipv6());
        if (options.containsKey("-M")) {
            netmask = netmask(line, key, options.get("-M"));
        }
        if (options.containsKey("-o")) {
            if (!key.isFirewallMark() && key.protocol() != Protocol.UDP) {
                throw error(line, "option -o (one-packet scheduling) is only for UDP or firewall-mark services, not "
                        + key);
            }
            flags |= Ipvs.SVC_F_ONEPACKET;
        }
        if (options.containsKey("-b")) {
            flags |= schedulerFlags(line, scheduler.name(), options.get("-b"));
        }
        String pe = options.get("--pe");
        if (pe != null && (pe.isEmpty() || pe.length() > 15)) {
            throw error(line, "persistence engine '" + pe + "' must be 1..15 characters");
        }
        try {
            return new IpvsService(key, scheduler, flags, timeout, netmask, pe);
        } catch (IllegalArgumentException e) {
            throw error(line, e.getMessage());
        }
    }

    private int netmask(int line, ServiceKey key, String value) {
        if (key.ipv6()) {
            return (int) parseNumber(line, "IPv6 netmask (prefix length)", value, 1, 128);
        }
        if (!value.contains(".")) {
            throw error(line, "IPv4 netmask '" + value + "' must be a dotted quad such as 255.255.255.0");
        }
        InetAddress mask;
        try {
            mask = Addresses.parse("IPv4 netmask", value);
        } catch (IllegalArgumentException e) {
            throw error(line, e.getMessage());
        }
        byte[] b = mask.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    private int schedulerFlags(int line, String scheduler, String list) {
        int flags = 0;
        for (String name : list.split(",", -1)) {
            int bit = switch (name) {
                case "flag-1" -> Ipvs.SVC_F_SCHED1;
                case "flag-2" -> Ipvs.SVC_F_SCHED2;
                case "flag-3" -> Ipvs.SVC_F_SCHED3;
                case "sh-fallback", "mh-fallback" -> Ipvs.SVC_F_SCHED1;
                case "sh-port", "mh-port" -> Ipvs.SVC_F_SCHED2;
                default -> throw error(line, "unknown scheduler flag '" + name
                        + "': must be flag-1, flag-2, flag-3, sh-fallback, sh-port, mh-fallback or mh-port");
            };
            if (name.startsWith("sh-") && !scheduler.equals("sh") || name.startsWith("mh-") && !scheduler.equals("mh")) {
                throw error(line, "scheduler flag '" + name + "' does not apply to scheduler " + scheduler);
            }
            flags |= bit;
        }
        return flags;
    }

    private IpvsDestination destination(int line, ServiceKey key, Map<String, String> options) {
        InetAddressAndPort rs = realServer(line, key, options);
        List<String> methods = new ArrayList<>();
        for (String m : FORWARDING_METHODS) {
            if (options.containsKey(m)) {
                methods.add(m);
            }
        }
        if (methods.size() > 1) {
            throw error(line, "more than one forwarding method: " + String.join(" and ", methods));
        }
        String method = methods.isEmpty() ? "-g" : methods.get(0);
        boolean tunnelOption = options.containsKey("--tun-type") || options.containsKey("--tun-port")
                || options.containsKey("--tun-nocsum") || options.containsKey("--tun-csum")
                || options.containsKey("--tun-remcsum");
        Forwarding forwarding;
        if (method.equals("-i")) {
            forwarding = tunnel(line, options);
        } else {
            if (tunnelOption) {
                throw error(line, "tunnel options (--tun-*) need tunnelling forwarding (-i)");
            }
            forwarding = method.equals("-m") ? Forwarding.MASQUERADE : Forwarding.DIRECT_ROUTE;
        }
        int port = rs.port;
        if (!key.isFirewallMark() && forwarding.method() != Forwarding.Method.MASQUERADE) {
            port = key.port(); // only NAT can change the port
        }
        long weight = options.containsKey("-w") ? parseNumber(line, "weight", options.get("-w"), 0, Integer.MAX_VALUE) : 1;
        long upper = options.containsKey("-x") ? parseNumber(line, "upper threshold", options.get("-x"), 0, 65535) : 0;
        long lower = options.containsKey("-y") ? parseNumber(line, "lower threshold", options.get("-y"), 0, 65535) : 0;
        if (lower > upper) {
            throw error(line, "lower threshold " + lower + " exceeds upper threshold " + upper);
        }
        if ((rs.address instanceof Inet6Address) != key.ipv6() && forwarding.method() != Forwarding.Method.TUNNEL) {
            throw error(line, "real server " + Addresses.endpoint(rs.address, port) + " is of another address family than "
                    + key + ": mixed families need tunnelling (-i)");
        }
        return new IpvsDestination(rs.address, port, forwarding, (int) weight, (int) upper, (int) lower);
    }

    private Forwarding tunnel(int line, Map<String, String> options) {
        String type = options.getOrDefault("--tun-type", "ipip");
        Forwarding.TunnelType tunnelType = switch (type) {
            case "ipip" -> Forwarding.TunnelType.IPIP;
            case "gue" -> Forwarding.TunnelType.GUE;
            case "gre" -> Forwarding.TunnelType.GRE;
            default -> throw error(line, "tunnel type '" + type + "' is unknown: must be ipip, gue or gre");
        };
        List<String> checksums = new ArrayList<>();
        for (String c : List.of("--tun-nocsum", "--tun-csum", "--tun-remcsum")) {
            if (options.containsKey(c)) {
                checksums.add(c);
            }
        }
        if (checksums.size() > 1) {
            throw error(line, "more than one tunnel checksum option: " + String.join(" and ", checksums));
        }
        Forwarding.TunnelChecksum checksum = Forwarding.TunnelChecksum.NONE;
        if (!checksums.isEmpty()) {
            if (tunnelType == Forwarding.TunnelType.IPIP) {
                throw error(line, "option " + checksums.get(0) + " is only valid for tunnel types gue and gre");
            }
            checksum = switch (checksums.get(0)) {
                case "--tun-csum" -> Forwarding.TunnelChecksum.CHECKSUM;
                case "--tun-remcsum" -> Forwarding.TunnelChecksum.REMOTE_CHECKSUM;
                default -> Forwarding.TunnelChecksum.NONE;
            };
            if (tunnelType == Forwarding.TunnelType.GRE && checksum == Forwarding.TunnelChecksum.REMOTE_CHECKSUM) {
                throw error(line, "option --tun-remcsum is not valid for tunnel type gre");
            }
        }
        int port = 0;
        if (options.containsKey("--tun-port")) {
            if (tunnelType != Forwarding.TunnelType.GUE) {
                throw error(line, "option --tun-port is only valid for tunnel type gue");
            }
            port = (int) parseNumber(line, "tunnel port", options.get("--tun-port"), 1, 65535);
        } else if (tunnelType == Forwarding.TunnelType.GUE) {
            throw error(line, "tunnel type gue needs --tun-port");
        }
        return Forwarding.tunnel(tunnelType, port, checksum);
    }

    private record InetAddressAndPort(InetAddress address, int port) {
    }

    private InetAddressAndPort realServer(int line, ServiceKey key, Map<String, String> options) {
        String value = options.get("-r");
        if (value == null) {
            throw error(line, "no real server: option -r is required");
        }
        return addressAndPort(line, "real server address", value, key.port(), key.protocol());
    }

    /** {@code 10.0.0.1}, {@code 10.0.0.1:80}, {@code [2001:db8::1]}, {@code [2001:db8::1]:80}, {@code 2001:db8::1}. */
    private InetAddressAndPort addressAndPort(int line, String what, String value, int defaultPort, Protocol protocol) {
        String host;
        String port = null;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw error(line, what + " '" + value + "' lacks the closing ']'");
            }
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw error(line, what + " '" + value + "': expected ':port' after ']'");
                }
                port = rest.substring(1);
            }
        } else if (value.indexOf(':') != value.lastIndexOf(':')) {
            host = value; // a bare IPv6 address: no port
        } else if (value.contains(":")) {
            host = value.substring(0, value.indexOf(':'));
            port = value.substring(value.indexOf(':') + 1);
        } else {
            host = value;
        }
        InetAddress address = dottedQuad(host);
        if (address != null) {
            // the common case, parsed without building any text
        } else if (digitsAndDots(host) || host.contains(":")) {
            try {
                address = Addresses.parse(what, host);
            } catch (IllegalArgumentException e) {
                throw error(line, e.getMessage());
            }
        } else {
            boolean bracketed = value.startsWith("[");
            address = HostsFile.lookup(host, bracketed).orElseThrow(() -> error(line, what + " '" + host
                    + "' is neither an IP literal nor an " + (bracketed ? "IPv6" : "IPv4")
                    + " name in /etc/hosts (DNS is not consulted)"));
        }
        int p = defaultPort;
        if (port != null) {
            p = digits(port, Integer.MAX_VALUE) ? (int) parseNumber(line, what + " port", port, 0, 65535)
                    : ServicePorts.lookup(port, protocol).orElseThrow(() -> error(line, what + " port '"
                    + value.substring(value.lastIndexOf(':') + 1) + "' is neither a number 0..65535 nor a service name"));
        }
        return new InetAddressAndPort(address, p);
    }

    private long parseNumber(int line, String what, String value, long min, long max) {
        if (!digits(value, 12)) {
            throw error(line, what + " '" + value + "' is not a number " + min + ".." + max);
        }
        long n = Long.parseLong(value);
        if (n < min || n > max) {
            throw error(line, what + " " + n + " out of range: must be " + min + ".." + max);
        }
        return n;
    }
}
