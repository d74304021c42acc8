package dev.hadirector.kernel.rtnetlink;

import java.util.Arrays;
import java.util.HexFormat;

/** A link-layer address (6 bytes for Ethernet; other lengths for other link types), immutable. */
public final class MacAddress {
    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    public static MacAddress of(byte[] bytes) {
        if (bytes.length == 0 || bytes.length > 32) {
            throw new IllegalArgumentException("link-layer address of " + bytes.length
                    + " bytes: must be 1..32 bytes");
        }
        return new MacAddress(bytes.clone());
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff}. */
    public static MacAddress parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length < 1 || parts.length > 32) {
            throw new IllegalArgumentException("link-layer address \"" + text + "\": expected hex bytes separated by ':'");
        }
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].length() != 2) {
                throw new IllegalArgumentException("link-layer address \"" + text + "\": byte " + (i + 1)
                        + " \"" + parts[i] + "\" must be two hex digits");
            }
            try {
                out[i] = (byte) Integer.parseInt(parts[i], 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("link-layer address \"" + text + "\": byte " + (i + 1)
                        + " \"" + parts[i] + "\" is not hex");
            }
        }
        return new MacAddress(out);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** The byte at {@code index}, without copying the array. */
    public byte get(int index) {
        return bytes[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}
