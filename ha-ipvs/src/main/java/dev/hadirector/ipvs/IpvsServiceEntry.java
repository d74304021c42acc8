package dev.hadirector.ipvs;

/** A service read from the kernel with its statistics. */
public record IpvsServiceEntry(IpvsService service, IpvsStats stats) {
}
