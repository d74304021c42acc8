/** Placeholder until the module lands. */
package dev.hadirector.testkit;
