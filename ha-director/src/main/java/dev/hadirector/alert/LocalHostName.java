package dev.hadirector.alert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local host name, as keepalived takes it for router_id, smtp_helo_name and the default sender: the kernel's
 * node name (uname), read from /proc so that no name service is consulted.
 */
final class LocalHostName {
    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private LocalHostName() {
    }

    static String get() {
        try {
            String name = Files.readString(KERNEL_HOSTNAME, StandardCharsets.US_ASCII).strip();
            if (MailAddress.isPrintableWord(name)) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc unreadable: fall through
        }
        return "localhost";
    }
}
