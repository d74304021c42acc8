/** genhash: keepalived's digest tool, same options and output. */
package dev.hadirector.checks.genhash;
