package dev.hadirector.kernel.netlink;

/** A netlink frame or attribute that does not parse: the bytes, not the kernel, are wrong. */
public final class NetlinkFormatException extends RuntimeException {
    public NetlinkFormatException(String message) {
        super(message);
    }
}
