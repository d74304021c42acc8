package dev.hadirector.kernel.nftables;

import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.netlink.Netlink;
import dev.hadirector.kernel.netlink.NetlinkConnection;
import dev.hadirector.kernel.netlink.NetlinkReply;
import dev.hadirector.kernel.netlink.NetlinkSocket;
import dev.hadirector.kernel.netlink.NetlinkTransport;
import java.util.List;

/**
 * Commits {@link NfTablesBatch}es over a NETLINK_NETFILTER socket. The socket, and so every table it
 * changes, belongs to the network namespace of the thread that opened it. Not thread-safe: one owner thread.
 */
public final class NfTablesClient implements AutoCloseable {
    private final NetlinkConnection connection;

    public NfTablesClient(NetlinkTransport transport) {
        this.connection = new NetlinkConnection(transport);
    }

    /** Opens a client in the calling thread's network namespace. */
    public static NfTablesClient open() {
        return new NfTablesClient(NetlinkSocket.open(Netlink.NETLINK_NETFILTER));
    }

    /**
     * Commits {@code batch} as one transaction. When the kernel refuses any change it applies none of them,
     * and the {@link KernelException} names {@code purpose}, the first refused change with its errno and the
     * kernel's message, and how many others were refused.
     */
    public void commit(NfTablesBatch batch, String purpose) {
        List<NetlinkReply> replies = connection.transact(batch.finish(), purpose);
        int firstFailed = -1;
        int failures = 0;
        for (int i = 0; i < replies.size(); i++) {
            if (!replies.get(i).ok()) {
                failures++;
                if (firstFailed < 0) {
                    firstFailed = i;
                }
            }
        }
        if (firstFailed >= 0) {
            NetlinkReply failed = replies.get(firstFailed);
            String others = failures > 1 ? " (and " + (failures - 1) + " more refused change(s))" : "";
            throw new KernelException(-failed.error(), purpose + ": " + batch.description(firstFailed) + others
                    + "; nothing applied", failed.extAckMessage());
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
