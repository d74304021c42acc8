package dev.hadirector.api;

/**
 * keepalived's free hex format: whitespace separates groups; each group is read two digits at a
 * time and a lone last digit is one byte ("Ab12f 3" is AB 12 0F 03).
 */
final class HexString {

    private HexString() {
    }

    static String normalise(String field, String text, boolean wildcards) {
        StringBuilder out = new StringBuilder();
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(field + " \"" + text + "\" empty: must hold hex digits");
        }
        for (String group : trimmed.split("\\s+")) {
            for (int i = 0; i < group.length(); i++) {
                char c = Character.toLowerCase(group.charAt(i));
                boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                if (!hex && !(wildcards && c == 'x')) {
                    throw new IllegalArgumentException(field + " \"" + text + "\" has '" + group.charAt(i)
                            + "' at group \"" + group + "\": must be hex digits"
                            + (wildcards ? " or x" : ""));
                }
            }
            int i = 0;
            for (; i + 1 < group.length(); i += 2) {
                out.append(Character.toLowerCase(group.charAt(i))).append(Character.toLowerCase(group.charAt(i + 1)));
            }
            if (i < group.length()) {
                out.append('0').append(Character.toLowerCase(group.charAt(i)));
            }
        }
        return out.toString();
    }

    static byte[] toBytes(String normalisedHex) {
        byte[] bytes = new byte[normalisedHex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(normalisedHex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
