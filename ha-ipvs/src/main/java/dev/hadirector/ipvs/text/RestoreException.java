package dev.hadirector.ipvs.text;

/** A malformed line of {@code ipvsadm -R} input: the message starts with {@code source:line:}. */
public class RestoreException extends IllegalArgumentException {
    private final String source;
    private final int line;

    public RestoreException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }
}
