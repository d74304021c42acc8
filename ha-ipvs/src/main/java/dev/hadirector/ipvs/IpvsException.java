package dev.hadirector.ipvs;

import dev.hadirector.kernel.KernelException;

/** The kernel refused an IPVS operation; the message names the object and the errno. */
public class IpvsException extends KernelException {
    private final transient IpvsOperation failedOperation;

    public IpvsException(IpvsOperation operation, int errno, String kernelMessage) {
        super(errno, operation == null ? "IPVS request" : operation.failure(Math.abs(errno)), kernelMessage);
        this.failedOperation = operation;
    }

    public IpvsException(String operation, int errno, String kernelMessage) {
        super(errno, operation, kernelMessage);
        this.failedOperation = null;
    }

    /** The operation the kernel refused, or null for a query. */
    public IpvsOperation failedOperation() {
        return failedOperation;
    }
}
