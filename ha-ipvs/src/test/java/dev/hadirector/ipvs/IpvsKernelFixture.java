package dev.hadirector.ipvs;

import dev.hadirector.testkit.Rig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A client on the kernel's own IPVS table (the root namespace of User-Mode-Linux, see {@link UmlTests}), flushed
 * before and after each test so that no test sees another's services; plus the ipvsadm sample files under
 * {@code /ipvsadm/}.
 */
abstract class IpvsKernelFixture {
    protected IpvsClient client;

    @BeforeEach
    void openFlushedTable() {
        Rig.requireIpvs();
        Rig.requireCommand("ipvsadm");
        client = IpvsClient.open();
        client.flush();
    }

    @AfterEach
    void flushAndCloseTable() {
        if (client != null) {
            client.flush();
            client.close();
        }
    }

    /** The text of the sample file {@code /ipvsadm/name} on the test class path. */
    protected static String resource(String name) throws IOException {
        try (InputStream in = IpvsKernelFixture.class.getResourceAsStream("/ipvsadm/" + name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("test resource /ipvsadm/" + name + " is missing"));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
