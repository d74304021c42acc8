/**
 * The declarative side of IPVS: desired table, minimal diff against the kernel's, batched apply, drift repair.
 */
package dev.hadirector.ipvs.reconcile;
