/** TCP_CHECK. */
package dev.hadirector.checks.tcp;
