package dev.hadirector.kernel.netlink;

import dev.hadirector.kernel.KernelException;
import java.util.List;

/**
 * What the kernel answered to one request: the data messages it sent (a dump's parts, a GET's answer)
 * and the outcome (0, or a negative errno with the kernel's extended-ack message where it gave one).
 */
public record NetlinkReply(int sequence, List<NetlinkMessage> messages, int error, String extAckMessage,
                           int extAckOffset, boolean dumpInterrupted) {

    public NetlinkReply {
        messages = List.copyOf(messages);
    }

    public boolean ok() {
        return error == 0;
    }

    /** Throws a {@link KernelException} naming {@code operation} when the kernel refused the request. */
    public NetlinkReply throwIfError(String operation) {
        if (error != 0) {
            throw new KernelException(-error, operation, extAckMessage);
        }
        return this;
    }
}
