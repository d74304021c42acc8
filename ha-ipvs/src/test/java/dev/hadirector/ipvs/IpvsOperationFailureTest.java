package dev.hadirector.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hadirector.api.Forwarding;
import dev.hadirector.api.Protocol;
import dev.hadirector.api.Scheduler;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.kernel.Errno;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** What each operation says about each kernel refusal: the texts users, logs and the restore command show. */
class IpvsOperationFailureTest {
    private final ServiceKey key;
    private final IpvsDestination destination;

    IpvsOperationFailureTest() throws UnknownHostException {
        key = ServiceKey.of(Protocol.TCP, InetAddress.getByName("10.0.0.1"), 80);
        destination = IpvsDestination.of(InetAddress.getByName("10.0.0.2"), 8080, Forwarding.MASQUERADE, 1);
    }

    @Test
    void addDestinationNamesAnExistingDestinationOrAMissingService() {
        IpvsOperation add = new IpvsOperation.AddDestination(key, destination);
        assertEquals("destination 10.0.0.2:8080 of TCP 10.0.0.1:80 already exists", add.failure(Errno.EEXIST));
        assertEquals("add destination 10.0.0.2:8080 to TCP 10.0.0.1:80: service TCP 10.0.0.1:80 does not exist",
                add.failure(Errno.ESRCH));
        assertEquals("add destination 10.0.0.2:8080 to TCP 10.0.0.1:80", add.failure(Errno.ENOENT));
        assertEquals("add destination 10.0.0.2:8080 to TCP 10.0.0.1:80", add.failure(Errno.EINVAL));
    }

    @Test
    void editAndDeleteDestinationNameAMissingDestinationOrAMissingService() {
        IpvsOperation edit = new IpvsOperation.EditDestination(key, destination);
        assertEquals("destination 10.0.0.2:8080 of TCP 10.0.0.1:80 does not exist", edit.failure(Errno.ENOENT));
        assertEquals("edit destination 10.0.0.2:8080 of TCP 10.0.0.1:80: service TCP 10.0.0.1:80 does not exist",
                edit.failure(Errno.ESRCH));
        assertEquals("edit destination 10.0.0.2:8080 of TCP 10.0.0.1:80", edit.failure(Errno.EEXIST));

        IpvsOperation delete = new IpvsOperation.DeleteDestination(key, destination);
        assertEquals("destination 10.0.0.2:8080 of TCP 10.0.0.1:80 does not exist", delete.failure(Errno.ENOENT));
        assertEquals("delete destination 10.0.0.2:8080 of TCP 10.0.0.1:80: service TCP 10.0.0.1:80 does not exist",
                delete.failure(Errno.ESRCH));
        assertEquals("delete destination 10.0.0.2:8080 of TCP 10.0.0.1:80", delete.failure(Errno.EINVAL));
    }

    @Test
    void addAndEditServiceNameTheServiceOrTheMissingScheduler() {
        IpvsService service = IpvsService.of(key, Scheduler.of("nosuch"));
        String missing = "add service TCP 10.0.0.1:80: scheduler \"nosuch\" is not available in this kernel"
                + " (module ip_vs_nosuch not loaded?)";
        IpvsOperation add = new IpvsOperation.AddService(service);
        assertEquals("service TCP 10.0.0.1:80 already exists", add.failure(Errno.EEXIST));
        assertEquals(missing, add.failure(Errno.ENOENT));
        assertEquals("add service TCP 10.0.0.1:80", add.failure(Errno.ESRCH));

        IpvsOperation edit = new IpvsOperation.EditService(service);
        assertEquals("service TCP 10.0.0.1:80 does not exist", edit.failure(Errno.ESRCH));
        assertEquals(missing, edit.failure(Errno.ENOENT));
        assertEquals("edit service TCP 10.0.0.1:80", edit.failure(Errno.EEXIST));
    }
}
