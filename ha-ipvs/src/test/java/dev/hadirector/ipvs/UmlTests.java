package dev.hadirector.ipvs;

import dev.hadirector.testkit.UmlSuite;

/** Boots User-Mode-Linux and runs this module's {@code @Tag("uml")} tests (the real IPVS code) inside it. */
class UmlTests extends UmlSuite {
}
