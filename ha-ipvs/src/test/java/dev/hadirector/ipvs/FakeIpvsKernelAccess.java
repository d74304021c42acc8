package dev.hadirector.ipvs;

/** Lets tests in other packages use the fake kernel. */
public final class FakeIpvsKernelAccess {
    private FakeIpvsKernelAccess() {
    }

    public static IpvsClient newClient() {
        return new FakeIpvsKernel().client();
    }
}
