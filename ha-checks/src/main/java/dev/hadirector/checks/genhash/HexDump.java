package dev.hadirector.checks.genhash;

/**
 * keepalived's dump format: 16 bytes a line, a decimal offset, hex in two groups of eight split
 * by "- ", then the printable characters ('.' for the rest), short lines padded to full width.
 */
final class HexDump {

    private HexDump() {
    }

    static String dump(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int line = 0; line < bytes.length; line += 16) {
            out.append(String.format("%04d  ", line));
            for (int i = 0; i < 16; i++) {
                int index = line + i;
                out.append(index < bytes.length ? String.format("%02x ", bytes[index] & 0xff) : "   ");
                if (i == 7) {
                    out.append("- ");
                }
            }
            out.append("  ");
            for (int i = 0; i < 16; i++) {
                int index = line + i;
                if (index < bytes.length) {
                    int c = bytes[index] & 0xff;
                    out.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
                } else {
                    out.append(' ');
                }
            }
            out.append('\n');
        }
        return out.toString();
    }
}
