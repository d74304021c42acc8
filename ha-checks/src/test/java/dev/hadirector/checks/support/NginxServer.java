package dev.hadirector.checks.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx-light serving a directory on 127.0.0.1, one process (master_process off) with its
 * pid, logs and temp files in the test's directory, stopped by its pid.
 */
public final class NginxServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private NginxServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static NginxServer start(Path dir, Path root, String extraServerConfig) throws IOException, InterruptedException {
        return start(dir, root, "", extraServerConfig);
    }

    /** @param listenOptions words after the listen address, e.g. {@code ssl} */
    public static NginxServer start(Path dir, Path root, String listenOptions, String extraServerConfig)
            throws IOException, InterruptedException {
        Path nginx = dev.hadirector.testkit.Rig.requireCommand("/usr/sbin/nginx");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 64; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    default_type text/plain;
                    server {
                        listen 127.0.0.1:%2$d %5$s;
                        root %3$s;
                        %4$s
                    }
                }
                """.formatted(dir, port, root, extraServerConfig, listenOptions));
        Process p = new ProcessBuilder(List.of(nginx.toString(), "-e", dir.resolve("error.log").toString(),
                "-p", dir.toString(), "-c", conf.toString(), "-g", "daemon off;"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        NginxServer server = new NginxServer(p, port);
        for (int i = 0; i < 200; i++) {
            if (!p.isAlive()) {
                throw new IOException("nginx exited " + p.exitValue() + ": "
                        + Files.readString(dir.resolve("stdout.log")) + readIfExists(dir.resolve("error.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
                return server;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        server.close();
        throw new IOException("nginx did not listen on 127.0.0.1:" + port + " within 10 s");
    }

    private static String readIfExists(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
