package dev.hadirector.examples;

import dev.hadirector.testkit.UmlSuite;

/** Boots User-Mode-Linux and runs this module's {@code @Tag("uml")} tests inside: the seed demo, the fluent example. */
class UmlTests extends UmlSuite {
}
