/**
 * epoll(7) and eventfd(2): readiness of many non-blocking descriptors on one thread, with a wakeup another
 * thread can send. The descriptor-owning classes here are used by I/O loops that must not pay the JDK
 * selector's extra system calls per connection.
 */
package dev.hadirector.kernel.epoll;
