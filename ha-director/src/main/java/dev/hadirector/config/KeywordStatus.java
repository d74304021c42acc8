package dev.hadirector.config;

/** Whether this director can run what a known keepalived keyword asks for. */
public enum KeywordStatus {
    /** Mapped onto a running part of the director. */
    SUPPORTED,
    /** keepalived knows it; the director does not run it yet. */
    NOT_YET_SUPPORTED
}
