package dev.hadirector.kernel;

/**
 * A failed system call or kernel request: the errno, its symbolic name and what was being done.
 * The one exception type that crosses out of ha-kernel for kernel failures.
 *
 * <p>Message form: {@code "add destination 10.0.0.2:80 to TCP 10.0.0.1:80: EEXIST (File exists)"}, with
 * the kernel's extended-ack text appended where it sent one.
 */
public class KernelException extends RuntimeException {
    private final int errno;
    private final String operation;
    private final String kernelMessage;

    public KernelException(int errno, String operation) {
        this(errno, operation, null);
    }

    public KernelException(int errno, String operation, String kernelMessage) {
        super(format(errno, operation, kernelMessage));
        this.errno = Math.abs(errno);
        this.operation = operation;
        this.kernelMessage = kernelMessage;
    }

    private static String format(int errno, String operation, String kernelMessage) {
        int e = Math.abs(errno);
        StringBuilder sb = new StringBuilder();
        sb.append(operation).append(": ").append(Errno.name(e)).append(" (").append(describe(e)).append(')');
        if (kernelMessage != null && !kernelMessage.isEmpty()) {
            sb.append(": ").append(kernelMessage);
        }
        return sb.toString();
    }

    private static String describe(int errno) {
        try {
            return LibC.strerror(errno);
        } catch (LinkageError | UnsupportedOperationException e) {
            // Formatting an error must never throw a second one.
            return "errno " + errno;
        }
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }

    /** The symbolic errno name, e.g. {@code EEXIST}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** What was being done, naming the object concerned. */
    public String operation() {
        return operation;
    }

    /** The kernel's extended-ack message, or null. */
    public String kernelMessage() {
        return kernelMessage;
    }
}
