/**
 * Small programs that show the library at work. Each {@code main} class says in its comment what it shows; they need
 * root and a network interface, and say so in one line when they do not have them. {@link
 * dev.hadirector.examples.SeedDemo} is the seed demo that {@code ./run-demo} runs (inside User-Mode-Linux when the
 * host kernel has no IPVS).
 */
package dev.hadirector.examples;
