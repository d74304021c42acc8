/** MISC_CHECK: a program run without a shell, with a timeout and keepalived's dynamic exit codes. */
package dev.hadirector.checks.misc;
