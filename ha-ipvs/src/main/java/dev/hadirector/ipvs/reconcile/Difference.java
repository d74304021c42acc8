package dev.hadirector.ipvs.reconcile;

import dev.hadirector.ipvs.IpvsService.ServiceKey;

/**
 * One way the kernel's table differs from the desired one. Reported as a drift event when found by a drift
 * check (someone changed the table behind the reconciler's back).
 */
public record Difference(Kind kind, ServiceKey service, String destination, String detail) {

    public enum Kind {
        SERVICE_MISSING, SERVICE_CHANGED, SERVICE_UNWANTED,
        DESTINATION_MISSING, DESTINATION_CHANGED, DESTINATION_UNWANTED
    }

    @Override
    public String toString() {
        String what = destination == null ? "service " + service : "destination " + destination + " of " + service;
        return switch (kind) {
            case SERVICE_MISSING, DESTINATION_MISSING -> what + " is missing";
            case SERVICE_UNWANTED, DESTINATION_UNWANTED -> what + " should not exist";
            case SERVICE_CHANGED, DESTINATION_CHANGED -> what + " differs: " + detail;
        };
    }
}
