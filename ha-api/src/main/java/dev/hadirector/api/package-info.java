/**
 * The public face of HA Director: immutable specs (records) with fluent builders, value types,
 * events and listener interfaces. No native code; depends on slf4j-api only.
 */
package dev.hadirector.api;
