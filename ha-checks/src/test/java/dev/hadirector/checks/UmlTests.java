package dev.hadirector.checks;

import dev.hadirector.testkit.UmlSuite;

/** Boots User-Mode-Linux and runs this module's {@code @Tag("uml")} tests (checks driving the real IPVS) inside it. */
class UmlTests extends UmlSuite {
}
