/**
 * Test rigs shared by every module's tests.
 *
 * <ul>
 *   <li>{@link dev.hadirector.testkit.Rig}: skip (or, under {@code CI=true}, fail) a test whose rig is missing.</li>
 *   <li>{@link dev.hadirector.testkit.NetLab}: hosts and switched LANs made of network namespaces, veth pairs and
 *       bridges, torn down at close.</li>
 *   <li>{@link dev.hadirector.testkit.Capture}: tcpdump or tshark inside a lab namespace.</li>
 *   <li>{@link dev.hadirector.testkit.UmlSuite}: runs a module's {@code @Tag("uml")} tests inside User-Mode-Linux,
 *       where the kernel has IPVS, and reports each of them as a dynamic test on the host.</li>
 * </ul>
 */
package dev.hadirector.testkit;
