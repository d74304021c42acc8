package dev.hadirector.kernel.rtnetlink;

import org.junit.jupiter.api.Tag;

/** The same tests on the User-Mode-Linux kernel (6.1), the oldest kernel this project meets. */
@Tag("uml")
class RtnetlinkNetnsOnUmlTest extends RtnetlinkNetnsTest {
}
