package dev.hadirector.config;

import java.util.Set;

/**
 * The keywords the director runs. Everything else the catalog knows is NOT_YET_SUPPORTED. When a section
 * gets mapped onto a running part, add one line per keyword: {@code "vrrp_instance priority"} (section id,
 * space, keyword), or {@code "vrrp_instance *"} for every keyword of a section; top-level keywords are
 * written {@code " vrrp_instance"} (empty section id). The catalog rejects entries it does not know, so a
 * typo here fails the build's tests instead of silently supporting nothing.
 */
final class SupportedKeywords {
    static final Set<String> ENTRIES = Set.of(
            // none yet: the director cannot run any keepalived section today
    );

    private SupportedKeywords() {
    }
}
