package dev.hadirector.checks.http;

/**
 * Follows the framing of a chunked body (RFC 9112 7.1) as its bytes arrive, to know where the answer ends without
 * waiting for the server to close. Each byte of framing is looked at once and chunk data is skipped, not read; the
 * body itself is left as it came (the digest is over what the server sent, as keepalived's is). Chunk extensions
 * and trailer fields are passed over; a bare LF ends a line as CR LF does. Framing that breaks the rules stops the
 * tracking: the answer then ends when the server closes, as every answer without a length did before.
 */
final class ChunkedFraming {

    private enum State {
        SIZE_START, SIZE, EXTENSION, SIZE_LF, DATA, DATA_END, DATA_LF, TRAILER_START, TRAILER, FINAL_LF, DONE, BROKEN
    }

    /** No chunk is that large (the answer is capped far lower); larger sizes are read as broken framing. */
    private static final long MAX_CHUNK_SIZE = 1L << 40;

    private State state = State.SIZE_START;
    private int position;
    private long size;

    /** Framing that starts at {@code bodyStart} (the header's length). */
    ChunkedFraming(int bodyStart) {
        this.position = bodyStart;
    }

    /** Reads what arrived since the last call: the index just past the last chunk's trailer once it came, else -1. */
    int advance(ReceivedBytes b) {
        int length = b.length();
        while (position < length && state != State.DONE && state != State.BROKEN) {
            if (state == State.DATA) {
                int step = (int) Math.min(size, length - position);
                position += step;
                size -= step;
                if (size == 0) {
                    state = State.DATA_END;
                }
                continue;
            }
            state = next(b.byteAt(position));
            position++;
        }
        return state == State.DONE ? position : -1;
    }

    /** Whether the framing broke the rules, so the answer can only end with the connection. */
    boolean broken() {
        return state == State.BROKEN;
    }

    private State next(byte c) {
        return switch (state) {
            case SIZE_START -> hexValue(c) < 0 ? State.BROKEN : sizeDigit(c);
            case SIZE -> {
                if (hexValue(c) >= 0) {
                    yield sizeDigit(c);
                }
                yield switch (c) {
                    case ';', ' ', '\t' -> State.EXTENSION;
                    case '\r' -> State.SIZE_LF;
                    case '\n' -> sizeLineEnded();
                    default -> State.BROKEN;
                };
            }
            case EXTENSION -> c == '\n' ? sizeLineEnded() : State.EXTENSION;
            case SIZE_LF -> c == '\n' ? sizeLineEnded() : State.BROKEN;
            case DATA_END -> switch (c) {
                case '\r' -> State.DATA_LF;
                case '\n' -> State.SIZE_START;
                default -> State.BROKEN;
            };
            case DATA_LF -> c == '\n' ? State.SIZE_START : State.BROKEN;
            case TRAILER_START -> switch (c) {
                case '\r' -> State.FINAL_LF;
                case '\n' -> State.DONE;
                default -> State.TRAILER;
            };
            case TRAILER -> c == '\n' ? State.TRAILER_START : State.TRAILER;
            case FINAL_LF -> c == '\n' ? State.DONE : State.BROKEN;
            case DATA, DONE, BROKEN -> state;
        };
    }

    private State sizeDigit(byte c) {
        size = size * 16 + hexValue(c);
        return size > MAX_CHUNK_SIZE ? State.BROKEN : State.SIZE;
    }

    private State sizeLineEnded() {
        return size == 0 ? State.TRAILER_START : State.DATA;
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
