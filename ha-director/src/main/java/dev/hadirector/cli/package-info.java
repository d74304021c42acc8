/**
 * The {@code ha-director} command line: {@link dev.hadirector.cli.Main} dispatches to
 * {@link dev.hadirector.cli.Command}s; {@link dev.hadirector.cli.RunCommand} runs or checks a keepalived
 * configuration.
 */
package dev.hadirector.cli;
