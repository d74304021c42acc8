package dev.hadirector.ipvs;

import java.util.List;

/** Lets tests in other packages use the fake kernel. */
public final class FakeIpvsKernelAccess {
    private final FakeIpvsKernel kernel = new FakeIpvsKernel();

    public static IpvsClient newClient() {
        return new FakeIpvsKernel().client();
    }

    public IpvsClient client() {
        return kernel.client();
    }

    /** Modification commands (IPVS_CMD_*) received so far. */
    public List<Integer> changeCommands() {
        return kernel.changeCommands();
    }

    /** Datagrams received so far. */
    public int datagrams() {
        return kernel.datagrams();
    }

    /** Makes the request with this index (counting every request so far, 0-based) fail with EINVAL. */
    public void failRequest(int index) {
        failRequest(index, dev.hadirector.kernel.Errno.EINVAL);
    }

    /** Makes the request with this index fail with {@code errno}, whatever the table holds. */
    public void failRequest(int index, int errno) {
        kernel.failAtRequest.put(index, errno);
    }

    /** Makes the socket fail at the request with this index, as a lost connection would; earlier ones stand. */
    public void loseAtRequest(int index) {
        kernel.failAtRequest.put(index, FakeIpvsKernel.LOST);
    }

    /** Every command (IPVS_CMD_*) received so far, reads included. */
    public List<Integer> commands() {
        return List.copyOf(kernel.commands);
    }

    public int requestCount() {
        return kernel.commands.size();
    }
}
