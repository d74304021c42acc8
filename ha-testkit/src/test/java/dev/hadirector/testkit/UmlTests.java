package dev.hadirector.testkit;

/** Boots User-Mode-Linux and runs this module's {@code @Tag("uml")} tests (InsideUmlTest) inside it. */
class UmlTests extends UmlSuite {
}
