package dev.hadirector.alert;

import java.util.Optional;

/**
 * The rules an address must follow to go into {@code MAIL FROM:<...>}, {@code RCPT TO:<...>} and the From/To
 * headers unchanged (RFC 5321 4.1.2, without quoting): {@code local@domain}, printable ASCII, no white space and
 * none of the characters that would end the path or the header ({@code < > ,}).
 */
final class MailAddress {
    private MailAddress() {
    }

    /** Why {@code address} (the value of {@code field}) is not usable, or empty when it is. */
    static Optional<String> check(String field, String address) {
        int at = address.lastIndexOf('@');
        boolean ok = at > 0 && at < address.length() - 1 && isPrintableWord(address)
                && address.chars().noneMatch(c -> c == '<' || c == '>' || c == ',');
        if (ok) {
            return Optional.empty();
        }
        return Optional.of(field + " \"" + printable(address) + "\" invalid: must be an address local@domain "
                + "of printable ASCII without white space, '<', '>' or ','");
    }

    /** Non-empty printable ASCII (0x21..0x7e): no white space, no control characters. */
    static boolean isPrintableWord(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** The text with control characters shown as escapes, for error messages. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
