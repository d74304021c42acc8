package dev.hadirector.alert;

import dev.hadirector.testkit.Rig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's python3-aiosmtpd as the real mail server of the tests: {@code /usr/bin/python3 -m aiosmtpd} with its
 * Mailbox handler, which stores every message it accepts in a Maildir ({@code DIR/new}), adding the envelope as
 * X-MailFrom and X-RcptTo. (The {@code python3} on the PATH may be another Python without Debian's modules.)
 */
public final class Aiosmtpd {
    public static final String PYTHON = "/usr/bin/python3";

    private Aiosmtpd() {
    }

    /** The command that serves {@code address:port} into the Maildir {@code dir}. */
    public static List<String> command(String address, int port, Path dir) {
        return List.of(PYTHON, "-m", "aiosmtpd", "-n", "-l", address + ":" + port, "-c",
                "aiosmtpd.handlers.Mailbox", dir.toString());
    }

    /** Skips (fails under CI=true) unless Debian's python3 with aiosmtpd is installed. */
    public static void require() throws InterruptedException {
        Rig.requireCommand(PYTHON);
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import aiosmtpd.handlers")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                Rig.missing("needs python3-aiosmtpd (importing it did not finish)");
            } else if (p.exitValue() != 0) {
                Rig.missing("needs Debian's python3-aiosmtpd (" + PYTHON + " cannot import aiosmtpd)");
            }
        } catch (IOException e) {
            Rig.missing("needs " + PYTHON + " (" + e.getMessage() + ")");
        }
    }

    /** A free TCP port on loopback (free now; the server takes it right after). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The messages stored so far, oldest first, each as its headers (name to value) and its body. */
    public static List<Message> messages(Path dir) throws IOException {
        Path fresh = dir.resolve("new");
        if (!Files.isDirectory(fresh)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(fresh)) {
            files = new ArrayList<>(s.toList());
        }
        files.sort(Comparator.comparing((Path p) -> {
            try {
                return Files.getLastModifiedTime(p);
            } catch (IOException e) {
                return FileTime.fromMillis(0);
            }
        }).thenComparing(Path::toString));
        List<Message> out = new ArrayList<>();
        for (Path f : files) {
            out.add(Message.parse(Files.readString(f, StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** One stored message. */
    public record Message(Map<String, String> headers, String body) {
        static Message parse(String text) {
            String normal = text.replace("\r\n", "\n");
            int split = normal.indexOf("\n\n");
            String head = split < 0 ? normal : normal.substring(0, split);
            String body = split < 0 ? "" : normal.substring(split + 2);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : head.split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon), line.substring(colon + 1).strip());
                }
            }
            return new Message(headers, body);
        }

        public String subject() {
            return headers.getOrDefault("Subject", "");
        }
    }
}
