package dev.hadirector.config.vrrp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A keepalived notify program: started without a shell, with the extra arguments keepalived passes, never
 * waited for on the caller's thread (the director's event loop must not block). Its output is discarded;
 * a failure to start and a non-zero exit are logged.
 *
 * @param keyword the configuration keyword it came from, for logs
 * @param command the program and its own arguments
 */
record NotifyProgram(String keyword, List<String> command) {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyProgram.class);

    NotifyProgram {
        command = List.copyOf(command);
    }

    void launch(List<String> extraArgs) {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(extraArgs);
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} {}: could not start: {}", keyword, argv, e.toString());
            return;
        }
        LOG.debug("{} {}: started as pid {}", keyword, argv, p.pid());
        p.onExit().thenAccept(done -> {
            if (done.exitValue() != 0) {
                LOG.warn("{} {} (pid {}) exited with status {}", keyword, argv, done.pid(), done.exitValue());
            }
        });
    }
}
