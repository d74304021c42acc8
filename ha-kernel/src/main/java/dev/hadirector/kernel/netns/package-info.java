/**
 * Network namespaces: {@link dev.hadirector.kernel.netns.NetNamespace} runs work on a thread that entered a
 * namespace with setns(2), so sockets can be opened in any namespace from one JVM.
 */
package dev.hadirector.kernel.netns;
