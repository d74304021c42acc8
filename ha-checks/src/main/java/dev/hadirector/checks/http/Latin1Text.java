package dev.hadirector.checks.http;

import java.util.Objects;

/**
 * Received bytes read as ISO-8859-1 text (each byte one character) where they lie, so a regex searches a body
 * without it being copied into a String. A reusable view: {@link #wrap} points it at a body, {@link #clear} lets
 * the bytes go.
 */
final class Latin1Text implements CharSequence {

    private ReceivedBytes bytes;
    private int from;
    private int length;

    Latin1Text wrap(ReceivedBytes source, int start, int end) {
        this.bytes = source;
        this.from = start;
        this.length = end - start;
        return this;
    }

    void clear() {
        bytes = null;
        length = 0;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        Objects.checkIndex(index, length);
        return (char) (bytes.byteAt(from + index) & 0xff);
    }

    /** A copy: what is kept of a match must not change when the view moves on. */
    @Override
    public CharSequence subSequence(int start, int end) {
        Objects.checkFromToIndex(start, end, length);
        char[] chars = new char[end - start];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = charAt(start + i);
        }
        return new String(chars);
    }

    @Override
    public String toString() {
        return subSequence(0, length).toString();
    }
}
