package dev.hadirector.checks.dns;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few pieces of RFC 1035 a DNS health check needs: write one query, read an answer's header,
 * question and resource records (with name compression). Network byte order throughout.
 */
public final class DnsCodec {

    public static final int HEADER_LENGTH = 12;
    private static final int CLASS_IN = 1;
    private static final int FLAG_QR = 0x8000;
    private static final int FLAG_RD = 0x0100;

    private DnsCodec() {
    }

    /** A resource record of the answer section, its data decoded to text. */
    public record Record(String name, int type, String value) {
    }

    /** A parsed answer. */
    public record Answer(int id, boolean response, int rcode, String questionName, int questionType,
                         List<Record> answers) {
    }

    /** Thrown for a message that breaks RFC 1035's format. */
    public static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    /** Writes a standard query with recursion desired; returns the message length. */
    public static int writeQuery(ByteBuffer out, int id, String name, int type) {
        out.order(ByteOrder.BIG_ENDIAN);
        int start = out.position();
        out.putShort((short) id).putShort((short) FLAG_RD).putShort((short) 1).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0);
        writeName(out, name);
        out.putShort((short) type).putShort((short) CLASS_IN);
        return out.position() - start;
    }

    static void writeName(ByteBuffer out, String name) {
        String ascii = name.equals(".") ? "" : IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        if (!ascii.isEmpty()) {
            for (String label : ascii.split("\\.")) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                out.put((byte) bytes.length).put(bytes);
            }
        }
        out.put((byte) 0);
    }

    /** Normalises a name for comparison: ASCII form, lower case, no trailing dot ("." is ""). */
    public static String canonical(String name) {
        String ascii = name.equals(".") ? "" : IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        return ascii.toLowerCase(Locale.ROOT);
    }

    public static Answer read(ByteBuffer message) throws MalformedException {
        ByteBuffer in = message.duplicate().order(ByteOrder.BIG_ENDIAN);
        int base = in.position();
        if (in.remaining() < HEADER_LENGTH) {
            throw new MalformedException("message of " + in.remaining() + " bytes shorter than the 12-byte header");
        }
        int id = in.getShort() & 0xffff;
        int flags = in.getShort() & 0xffff;
        int qd = in.getShort() & 0xffff;
        int an = in.getShort() & 0xffff;
        in.getShort();
        in.getShort();
        String qName = "";
        int qType = -1;
        for (int i = 0; i < qd; i++) {
            String n = readName(in, base);
            need(in, 4, "question type and class");
            int t = in.getShort() & 0xffff;
            in.getShort();
            if (i == 0) {
                qName = n;
                qType = t;
            }
        }
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < an; i++) {
            String n = readName(in, base);
            need(in, 10, "resource record header");
            int type = in.getShort() & 0xffff;
            in.getShort();
            in.getInt();
            int length = in.getShort() & 0xffff;
            need(in, length, "resource record data");
            int dataStart = in.position();
            records.add(new Record(n, type, decodeData(in, base, type, length)));
            in.position(dataStart + length);
        }
        return new Answer(id, (flags & FLAG_QR) != 0, flags & 0xf, qName, qType, records);
    }

    private static String decodeData(ByteBuffer in, int base, int type, int length) throws MalformedException {
        try {
            switch (type) {
                case 1, 28 -> {
                    if (length != (type == 1 ? 4 : 16)) {
                        throw new MalformedException("address record of " + length + " bytes");
                    }
                    byte[] address = new byte[length];
                    in.get(address);
                    return InetAddress.getByAddress(address).getHostAddress();
                }
                case 2, 5 -> {
                    return readName(in, base);
                }
                case 6 -> {
                    return readName(in, base);
                }
                case 15 -> {
                    need(in, 2, "MX preference");
                    in.getShort();
                    return readName(in, base);
                }
                case 16 -> {
                    StringBuilder text = new StringBuilder();
                    int end = in.position() + length;
                    while (in.position() < end) {
                        int n = in.get() & 0xff;
                        need(in, n, "TXT string");
                        byte[] b = new byte[n];
                        in.get(b);
                        text.append(new String(b, StandardCharsets.UTF_8));
                    }
                    return text.toString();
                }
                default -> {
                    return "";
                }
            }
        } catch (UnknownHostException e) {
            throw new MalformedException("bad address: " + e.getMessage());
        }
    }

    private static void need(ByteBuffer in, int n, String what) throws MalformedException {
        if (in.remaining() < n) {
            throw new MalformedException(what + " cut short at offset " + in.position());
        }
    }

    /** Reads a possibly compressed name; the buffer ends after the name as written in place. */
    static String readName(ByteBuffer in, int base) throws MalformedException {
        StringBuilder name = new StringBuilder();
        int position = in.position();
        int resumeAt = -1;
        int jumps = 0;
        while (true) {
            if (position >= in.limit()) {
                throw new MalformedException("name runs past the end of the message");
            }
            int length = in.get(position) & 0xff;
            if ((length & 0xc0) == 0xc0) {
                if (position + 1 >= in.limit()) {
                    throw new MalformedException("compression pointer cut short");
                }
                if (++jumps > 64) {
                    throw new MalformedException("compression pointers loop");
                }
                if (resumeAt < 0) {
                    resumeAt = position + 2;
                }
                position = base + (((length & 0x3f) << 8) | (in.get(position + 1) & 0xff));
                continue;
            }
            if ((length & 0xc0) != 0) {
                throw new MalformedException("label type 0x" + Integer.toHexString(length & 0xc0) + " unsupported");
            }
            position++;
            if (length == 0) {
                break;
            }
            if (position + length > in.limit()) {
                throw new MalformedException("label runs past the end of the message");
            }
            if (name.length() > 0) {
                name.append('.');
            }
            for (int i = 0; i < length; i++) {
                name.append((char) (in.get(position + i) & 0xff));
            }
            if (name.length() > 255) {
                throw new MalformedException("name longer than 255 characters");
            }
            position += length;
        }
        in.position(resumeAt >= 0 ? resumeAt : position);
        return name.toString().toLowerCase(Locale.ROOT);
    }
}
