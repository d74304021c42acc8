package dev.hadirector.kernel;

import dev.hadirector.testkit.UmlSuite;

/** Boots User-Mode-Linux and runs ha-kernel's {@code @Tag("uml")} tests inside it (IPVS family resolution). */
class UmlTests extends UmlSuite {
}
