package dev.hadirector;

import dev.hadirector.testkit.UmlSuite;

/** Boots User-Mode-Linux and runs ha-director's {@code @Tag("uml")} tests inside it (the Director with IPVS). */
class UmlTests extends UmlSuite {
}
