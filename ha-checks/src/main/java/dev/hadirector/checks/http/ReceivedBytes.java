package dev.hadirector.checks.http;

/**
 * Read-only view of the bytes an HTTP answer brought so far: the connection's inbox in a check, an array in a
 * test. The parsers read through it so they never copy the answer nor turn it into a String.
 */
interface ReceivedBytes {

    int length();

    byte byteAt(int index);

    /** Bytes [from, from + count) into {@code target} at {@code offset}. */
    default void copyTo(int from, byte[] target, int offset, int count) {
        for (int i = 0; i < count; i++) {
            target[offset + i] = byteAt(from + i);
        }
    }

    /** A received array (tests, benches). */
    static ReceivedBytes of(byte[] bytes) {
        return new ReceivedBytes() {
            @Override
            public int length() {
                return bytes.length;
            }

            @Override
            public byte byteAt(int index) {
                return bytes[index];
            }

            @Override
            public void copyTo(int from, byte[] target, int offset, int count) {
                System.arraycopy(bytes, from, target, offset, count);
            }
        };
    }
}
