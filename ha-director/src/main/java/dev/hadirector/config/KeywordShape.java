package dev.hadirector.config;

/** What follows a keyword's arguments. */
public enum KeywordShape {
    /** Nothing: a statement on one line ({@code priority 100}). */
    VALUE,
    /** A block of keywords of its own section ({@code vrrp_instance VI_1 { ... }}). */
    BLOCK,
    /** A block whose lines are data, not keywords ({@code virtual_ipaddress { 10.0.0.1/24 }}). */
    LIST
}
