package dev.hadirector.kernel;

import java.util.function.Supplier;

/** Turns libc's "-1 and errno" convention into {@link KernelException}s. */
public final class Syscall {
    private Syscall() {
    }

    /** Returns {@code rc} when it is not negative; otherwise throws with errno and {@code operation}. */
    public static int check(int rc, String operation) {
        if (rc < 0) {
            throw new KernelException(LibC.errno(), operation);
        }
        return rc;
    }

    /** As {@link #check(int, String)} for calls returning ssize_t. */
    public static long check(long rc, String operation) {
        if (rc < 0) {
            throw new KernelException(LibC.errno(), operation);
        }
        return rc;
    }

    /** As {@link #check(int, String)}, building the description only when the call failed. */
    public static int check(int rc, Supplier<String> operation) {
        if (rc < 0) {
            int errno = LibC.errno();
            throw new KernelException(errno, operation.get());
        }
        return rc;
    }

    /** As {@link #check(long, String)}, building the description only when the call failed. */
    public static long check(long rc, Supplier<String> operation) {
        if (rc < 0) {
            int errno = LibC.errno();
            throw new KernelException(errno, operation.get());
        }
        return rc;
    }
}
