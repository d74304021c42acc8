package dev.hadirector.ipvs;

/** The kernel's IPVS version code (0x010201 = 1.2.1) and connection hash table size. */
public record IpvsInfo(int version, int connectionTableSize) {
    /** The version as ipvsadm prints it, e.g. {@code 1.2.1}. */
    public String versionString() {
        return ((version >> 16) & 0xff) + "." + ((version >> 8) & 0xff) + "." + (version & 0xff);
    }
}
