package dev.hadirector.api;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A virtual address of a VRRP instance, as keepalived's {@code virtual_ipaddress} lines describe it:
 * {@code 192.168.1.200/24 dev eth1 label eth1:vip}.
 *
 * @param address      the address (IPv4 or IPv6; never a host name)
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6; keepalived's default when omitted is the full length
 * @param dev          the interface to add it on, when not the instance's interface
 * @param label        the IPv4 address label ({@code eth0:1}); IPv6 addresses have no labels
 */
public record Vip(InetAddress address, int prefixLength, Optional<String> dev, Optional<String> label) {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern IFNAME = Pattern.compile("[^\\s/:]{1,15}");
    /** Linux limits a label to IFNAMSIZ - 1 characters and requires it to start with the device name. */
    private static final int MAX_LABEL = 15;

    public Vip {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(label, "label");
        int max = maxPrefix(address);
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " of " + address.getHostAddress()
                    + " out of range: must be 0.." + max);
        }
        dev.ifPresent(d -> {
            if (!IFNAME.matcher(d).matches()) {
                throw new IllegalArgumentException("dev '" + d + "' invalid: an interface name is 1..15 characters"
                        + " without blanks, '/' or ':'");
            }
        });
        if (label.isPresent()) {
            String l = label.get();
            if (address instanceof Inet6Address) {
                throw new IllegalArgumentException("label '" + l + "' on " + address.getHostAddress()
                        + " invalid: IPv6 addresses have no labels");
            }
            if (l.isEmpty() || l.length() > MAX_LABEL || l.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("label '" + l + "' invalid: must be 1.." + MAX_LABEL
                        + " characters without blanks");
            }
        }
    }

    /** A virtual address with the full prefix length (/32 or /128), as keepalived assumes without a prefix. */
    public static Vip of(InetAddress address) {
        return new Vip(address, maxPrefix(address), Optional.empty(), Optional.empty());
    }

    /**
     * Parses {@code ADDRESS[/PREFIX] [dev IFNAME] [label LABEL]}. Only literals are accepted: a host name
     * would mean a DNS lookup while building a spec.
     */
    public static Vip parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] words = text.trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            throw new IllegalArgumentException("virtual address '' invalid: expected ADDRESS[/PREFIX]");
        }
        String head = words[0];
        int slash = head.indexOf('/');
        InetAddress address = parseAddress(slash < 0 ? head : head.substring(0, slash));
        int prefix = maxPrefix(address);
        if (slash >= 0) {
            String p = head.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("prefix '" + p + "' of virtual address '" + text
                        + "' invalid: must be a number 0.." + prefix);
            }
            prefix = Integer.parseInt(p);
        }
        Optional<String> dev = Optional.empty();
        Optional<String> label = Optional.empty();
        for (int i = 1; i < words.length; i += 2) {
            if (i + 1 >= words.length) {
                throw new IllegalArgumentException("virtual address '" + text + "': option '" + words[i]
                        + "' needs a value");
            }
            switch (words[i]) {
                case "dev" -> dev = Optional.of(words[i + 1]);
                case "label" -> label = Optional.of(words[i + 1]);
                default -> throw new IllegalArgumentException("virtual address '" + text + "': option '"
                        + words[i] + "' unknown: must be dev or label");
            }
        }
        return new Vip(address, prefix, dev, label);
    }

    /**
     * Parses an IPv4 or IPv6 literal without any name lookup.
     *
     * @throws IllegalArgumentException naming the text and the rule when it is not a literal
     */
    public static InetAddress parseAddress(String text) {
        Objects.requireNonNull(text, "text");
        var m4 = IPV4.matcher(text);
        if (m4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(m4.group(i + 1));
                if (octet > 255) {
                    throw new IllegalArgumentException("address '" + text + "' invalid: IPv4 octet " + octet
                            + " out of range 0..255");
                }
                bytes[i] = (byte) octet;
            }
            return byAddress(text, bytes);
        }
        if (text.indexOf(':') >= 0 && IPV6.matcher(text).matches()) {
            try {
                // A string containing ':' is taken as an IPv6 literal; the JDK never resolves it by DNS.
                InetAddress a = InetAddress.getByName(text);
                if (a instanceof Inet6Address) {
                    return a;
                }
                // "::ffff:1.2.3.4" comes back as IPv4; refuse the ambiguity.
                throw new IllegalArgumentException("address '" + text + "' invalid: IPv4-mapped IPv6 literals"
                        + " are not accepted, write the IPv4 address");
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("address '" + text + "' invalid: not an IPv6 literal");
            }
        }
        throw new IllegalArgumentException("address '" + text + "' invalid: must be an IPv4 or IPv6 literal"
                + " (host names are not resolved)");
    }

    private static InetAddress byAddress(String text, byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address '" + text + "' invalid: " + e.getMessage());
        }
    }

    private static int maxPrefix(InetAddress address) {
        return address instanceof Inet4Address ? 32 : 128;
    }

    /** True for IPv6 addresses. */
    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** keepalived's notation: {@code 192.168.1.200/24 dev eth1 label eth1:vip}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(address.getHostAddress()).append('/').append(prefixLength);
        dev.ifPresent(d -> sb.append(" dev ").append(d));
        label.ifPresent(l -> sb.append(" label ").append(l));
        return sb.toString();
    }
}
