/** Non-blocking transports of the checks: a fixed set of selector loops, TCP (with TLS through SSLEngine) and UDP exchanges, each bounded by one deadline. */
package dev.hadirector.checks.io;
