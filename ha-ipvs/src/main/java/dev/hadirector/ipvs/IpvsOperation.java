package dev.hadirector.ipvs;

import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.genetlink.GenericNetlink;
import dev.hadirector.kernel.netlink.NetlinkWriter;

/**
 * One change to the kernel's IPVS table: what batches, the restore command and the reconciler send. Each
 * knows its message and how to say what a kernel refusal means for the object it concerns.
 */
public sealed interface IpvsOperation {

    /** Appends this operation's message to {@code w}. */
    void write(NetlinkWriter w, int familyId);

    /** What this operation does, naming its object, e.g. {@code add destination 10.0.0.2:80 to TCP 10.0.0.1:80}. */
    String describe();

    /** What the kernel's {@code errno} means for this operation's object. */
    default String failure(int errno) {
        return describe();
    }

    private static NetlinkWriter begin(NetlinkWriter w, int familyId, int command) {
        return GenericNetlink.beginMessage(w, familyId, 0, command, Ipvs.GENL_VERSION);
    }

    record AddService(IpvsService service) implements IpvsOperation {
        @Override
        public void write(NetlinkWriter w, int familyId) {
            writeService(w, familyId, Ipvs.CMD_NEW_SERVICE, service);
        }

        @Override
        public String describe() {
            return "add service " + service.key();
        }

        @Override
        public String failure(int errno) {
            return serviceFailure(describe(), service, errno, Errno.EEXIST);
        }
    }

    record EditService(IpvsService service) implements IpvsOperation {
        @Override
        public void write(NetlinkWriter w, int familyId) {
            writeService(w, familyId, Ipvs.CMD_SET_SERVICE, service);
        }

        @Override
        public String describe() {
            return "edit service " + service.key();
        }

        @Override
        public String failure(int errno) {
            return serviceFailure(describe(), service, errno, Errno.ESRCH);
        }
    }

    record DeleteService(ServiceKey key) implements IpvsOperation {
        @Override
        public void write(NetlinkWriter w, int familyId) {
            begin(w, familyId, Ipvs.CMD_DEL_SERVICE);
            IpvsCodec.writeServiceKey(w, key);
            w.endMessage();
        }

        @Override
        public String describe() {
            return "delete service " + key;
        }

        @Override
        public String failure(int errno) {
            return errno == Errno.ESRCH ? "service " + key + " does not exist" : describe();
        }
    }

    record AddDestination(ServiceKey service, IpvsDestination destination) implements IpvsOperation {
        @Override
        public void write(NetlinkWriter w, int familyId) {
            writeDestination(w, familyId, Ipvs.CMD_NEW_DEST, service, destination);
        }

        @Override
        public String describe() {
            return "add destination " + destination.endpoint() + " to " + service;
        }

        @Override
        public String failure(int errno) {
            return destinationFailure(describe(), service, destination, errno, Errno.EEXIST);
        }
    }

    record EditDestination(ServiceKey service, IpvsDestination destination) implements IpvsOperation {
        @Override
        public void write(NetlinkWriter w, int familyId) {
            writeDestination(w, familyId, Ipvs.CMD_SET_DEST, service, destination);
        }

        @Override
        public String describe() {
            return "edit destination " + destination.endpoint() + " of " + service;
        }

        @Override
        public String failure(int errno) {
            return destinationFailure(describe(), service, destination, errno, Errno.ENOENT);
        }
    }

    record DeleteDestination(ServiceKey service, IpvsDestination destination) implements IpvsOperation {
        @Override
        public void write(NetlinkWriter w, int familyId) {
            begin(w, familyId, Ipvs.CMD_DEL_DEST);
            IpvsCodec.writeServiceKey(w, service);
            IpvsCodec.writeDestinationKey(w, destination);
            w.endMessage();
        }

        @Override
        public String describe() {
            return "delete destination " + destination.endpoint() + " of " + service;
        }

        @Override
        public String failure(int errno) {
            return destinationFailure(describe(), service, destination, errno, Errno.ENOENT);
        }
    }

    /** Removes every service and destination. */
    record Flush() implements IpvsOperation {
        @Override
        public void write(NetlinkWriter w, int familyId) {
            begin(w, familyId, Ipvs.CMD_FLUSH).endMessage();
        }

        @Override
        public String describe() {
            return "flush the IPVS table";
        }
    }

    /** Zeroes the counters of one service, or of every service when {@code service} is null. */
    record Zero(ServiceKey service) implements IpvsOperation {
        @Override
        public void write(NetlinkWriter w, int familyId) {
            begin(w, familyId, Ipvs.CMD_ZERO);
            if (service != null) {
                IpvsCodec.writeServiceKey(w, service);
            }
            w.endMessage();
        }

        @Override
        public String describe() {
            return service == null ? "zero the counters of every service" : "zero the counters of " + service;
        }

        @Override
        public String failure(int errno) {
            return errno == Errno.ESRCH && service != null ? "service " + service + " does not exist" : describe();
        }
    }

    private static void writeService(NetlinkWriter w, int familyId, int command, IpvsService service) {
        begin(w, familyId, command);
        IpvsCodec.writeService(w, service);
        w.endMessage();
    }

    /**
     * The kernel answers ENOENT when a service names a scheduler or persistence engine it lacks, and
     * {@code serviceErrno} (EEXIST for an add, ESRCH for an edit) when the service is already there or is not.
     */
    private static String serviceFailure(String operation, IpvsService service, int errno, int serviceErrno) {
        if (errno == Errno.ENOENT) {
            return missingModule(service);
        }
        if (errno == serviceErrno) {
            return "service " + service.key() + (serviceErrno == Errno.EEXIST ? " already exists" : " does not exist");
        }
        return operation;
    }

    private static void writeDestination(NetlinkWriter w, int familyId, int command, ServiceKey service,
            IpvsDestination destination) {
        begin(w, familyId, command);
        IpvsCodec.writeServiceKey(w, service);
        IpvsCodec.writeDestination(w, destination);
        w.endMessage();
    }

    /**
     * The kernel answers ESRCH when the destination's service is missing, and {@code destinationErrno} (EEXIST for an
     * add, ENOENT for an edit or delete) when the destination itself is already there or is not.
     */
    private static String destinationFailure(String operation, ServiceKey service, IpvsDestination destination,
            int errno, int destinationErrno) {
        if (errno == Errno.ESRCH) {
            return operation + ": service " + service + " does not exist";
        }
        if (errno == destinationErrno) {
            return "destination " + destination.endpoint() + " of " + service
                    + (destinationErrno == Errno.EEXIST ? " already exists" : " does not exist");
        }
        return operation;
    }

    private static String missingModule(IpvsService service) {
        String scheduler = service.scheduler().name();
        String text = "add service " + service.key() + ": scheduler \"" + scheduler + "\"";
        if (service.persistenceEngine() != null) {
            text += " or persistence engine \"" + service.persistenceEngine() + "\"";
        }
        text += " is not available in this kernel (module ip_vs_" + scheduler
                + (service.persistenceEngine() != null ? " / ip_vs_pe_" + service.persistenceEngine() : "")
                + " not loaded?)";
        return text;
    }
}
