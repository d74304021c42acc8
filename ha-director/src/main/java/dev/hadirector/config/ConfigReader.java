package dev.hadirector.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads keepalived.conf(5) syntax into an immutable {@link ConfigTree}. Either the whole configuration is
 * read, or a {@link ConfigException} says where and why it is not: never a partial tree.
 *
 * <p>Stricter than keepalived in two ways, since a director must not start from half a configuration: an
 * include naming one file that does not exist is an error (keepalived's plain {@code include} ignores it),
 * and so is an unterminated quoted string (keepalived warns). A pattern matching nothing is a warning unless
 * {@code include_check} or an include variant asks for an error.
 */
public final class ConfigReader {
    /** keepalived's default configuration file. */
    public static final Path DEFAULT_CONFIG = Path.of("/etc/keepalived/keepalived.conf");

    private final String configId;

    private ConfigReader(Builder builder) {
        this.configId = builder.configId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A reader with keepalived's defaults (config id = the host name up to its first dot). */
    public static ConfigReader standard() {
        return builder().build();
    }

    public String configId() {
        return configId;
    }

    /** Reads a configuration file and everything it includes. */
    public ConfigTree read(Path file) throws ConfigException {
        Objects.requireNonNull(file, "file");
        TreeBuilder builder = new TreeBuilder();
        List<Finding> findings = new ArrayList<>();
        new Preprocessor(configId, builder, findings).readMainFile(file);
        return new ConfigTree(file.toAbsolutePath().normalize(), builder.finish(), findings);
    }

    /**
     * Reads configuration text as if it were the content of {@code file}: locations name that file and
     * relative includes resolve from its directory.
     */
    public ConfigTree parse(Path file, String text) throws ConfigException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
        TreeBuilder builder = new TreeBuilder();
        List<Finding> findings = new ArrayList<>();
        new Preprocessor(configId, builder, findings).readText(file, text);
        return new ConfigTree(file.toAbsolutePath().normalize(), builder.finish(), findings);
    }

    public static final class Builder {
        private String configId = defaultConfigId();

        private Builder() {
        }

        /**
         * The id that {@code @id} conditional lines are compared with (keepalived's {@code -i}); defaults to
         * the host name up to its first dot.
         */
        public Builder configId(String id) {
            Objects.requireNonNull(id, "configId");
            if (id.isEmpty() || id.chars().anyMatch(c -> LineLexer.isBlank((char) c))) {
                throw new IllegalArgumentException("configId '" + id
                        + "' invalid: must be a non-empty word without white space");
            }
            this.configId = id;
            return this;
        }

        public ConfigReader build() {
            return new ConfigReader(this);
        }
    }

    static String defaultConfigId() {
        String host = null;
        try {
            host = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (IOException | SecurityException e) {
            host = System.getenv("HOSTNAME");
        }
        if (host == null || host.isBlank()) {
            return "localhost";
        }
        int dot = host.indexOf('.');
        return dot > 0 ? host.substring(0, dot) : host;
    }
}
