package dev.hadirector.kernel;

import java.nio.charset.StandardCharsets;

/**
 * Interface name / index lookups in the calling thread's network namespace (if_nametoindex(3) asks the
 * kernel through a socket of the current thread, so the answer is per namespace).
 */
public final class Interfaces {
    /** IFNAMSIZ minus the terminating NUL. */
    public static final int MAX_NAME_LENGTH = 15;

    private Interfaces() {
    }

    /** The ifindex of {@code name}; ENODEV naming the interface when there is none. */
    public static int index(String name) {
        requireValidName(name);
        int index = LibC.if_nametoindex(name);
        if (index == 0) {
            int errno = LibC.errno();
            throw new KernelException(errno == 0 ? Errno.ENODEV : errno, "find interface " + name);
        }
        return index;
    }

    /** The name of interface {@code index}; ENXIO / ENODEV naming the index when there is none. */
    public static String name(int index) {
        NativeBuffer buf = new NativeBuffer(16);
        long rc = LibC.if_indextoname(index, buf.address());
        if (rc == 0) {
            int errno = LibC.errno();
            throw new KernelException(errno == 0 ? Errno.ENODEV : errno, "find interface index " + index);
        }
        byte[] bytes = new byte[16];
        buf.buffer().get(0, bytes);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }

    /** Checks an interface name against the kernel's rules (1..15 bytes, no '/', ':' or whitespace). */
    public static void requireValidName(String name) {
        if (name == null || name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("interface name \"" + name + "\" must be 1.." + MAX_NAME_LENGTH
                    + " bytes");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c) || c == 0) {
                throw new IllegalArgumentException("interface name \"" + name + "\" contains '" + c
                        + "': not allowed in interface names");
            }
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("interface name \"" + name + "\" is not allowed");
        }
    }
}
