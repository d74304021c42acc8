/**
 * Reading keepalived.conf(5) configurations: {@link dev.hadirector.config.ConfigReader} turns a file and its
 * includes into an immutable tree of {@link dev.hadirector.config.ConfigNode}s (every node with its
 * file:line), and {@link dev.hadirector.config.ConfigValidator} checks that tree against the
 * {@link dev.hadirector.config.KeywordCatalog} of what keepalived knows and what the director runs.
 */
package dev.hadirector.config;
