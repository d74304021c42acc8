package dev.hadirector.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's nginx-light as a real server in a lab host: one page naming the server, every file nginx writes (pid,
 * lock, temp folders) under a folder of the test, errors on stderr, one process (no master), and each connection
 * closed after its reply so that every request is a new connection for the IPVS scheduler.
 */
public final class NginxRealServer {
    public static final String NGINX = "/usr/sbin/nginx";

    private NginxRealServer() {
    }

    /**
     * Starts nginx in {@code host} listening on {@code listen} (nginx syntax, e.g. {@code 0.0.0.0:80}) and waits until
     * it answers {@code probeUrl} from inside that host.
     */
    public static LabProcess start(NetLab lab, String host, String listen, String probeUrl, Path parent) {
        Path dir = parent.resolve("nginx-" + host);
        Path conf = dir.resolve("nginx.conf");
        try {
            Files.createDirectories(dir);
            Files.writeString(conf, config(dir, listen, host));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the nginx configuration of " + host + " under " + dir, e);
        }
        LabProcess nginx = lab.spawn(host, NGINX, "-p", dir + "/", "-c", conf.toString(), "-g", "daemon off;");
        ExecResult ready = lab.exec(host, "sh", "-c",
                "for i in $(seq 100); do curl -sf -m 2 " + probeUrl + " && exit 0; sleep 0.1; done; exit 1");
        if (!ready.succeeded()) {
            throw new AssertionError("nginx in " + host + " does not answer " + probeUrl + ": " + ready.describe()
                    + "\n--- nginx ---\n" + nginx.output());
        }
        return nginx;
    }

    public static String config(Path dir, String listen, String name) {
        return """
                worker_processes 1;
                master_process off;
                pid %1$s/nginx.pid;
                lock_file %1$s/nginx.lock;
                error_log stderr notice;
                events { worker_connections 256; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  server {
                    listen %2$s;
                    keepalive_timeout 0;
                    default_type text/plain;
                    location / { return 200 "%3$s\\n"; }
                  }
                }
                """.formatted(dir, listen, name);
    }
}
