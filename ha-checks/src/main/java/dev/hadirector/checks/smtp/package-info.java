/** SMTP_CHECK: 220 greeting and 250 answer to HELO. */
package dev.hadirector.checks.smtp;
