package dev.hadirector.checks.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The blocks of a PEM file (RFC 7468): label, headers (RFC 1421 style, e.g. Proc-Type) and DER bytes. */
record PemFile(Path path, List<Block> blocks) {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final int MAX_BYTES = 1024 * 1024;

    /** One BEGIN/END block. */
    record Block(String label, boolean hasHeaders, byte[] der) {
    }

    static PemFile read(String field, Path path) {
        String text;
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new IllegalArgumentException(field + " \"" + path + "\" larger than " + MAX_BYTES
                        + " bytes: not a PEM file of certificates or keys");
            }
            text = Files.readString(path, StandardCharsets.US_ASCII);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(field + " \"" + path + "\" is not PEM text (bytes outside ASCII)", e);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(field + " \"" + path + "\" unreadable: " + e.getMessage(), e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            boolean headers = body.contains(":");
            String base64 = headers ? body.substring(body.indexOf("\n\n") < 0 ? body.length() : body.indexOf("\n\n"))
                    : body;
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + " \"" + path + "\": " + m.group(1) + " block is not valid "
                        + "base64: " + e.getMessage(), e);
            }
            blocks.add(new Block(m.group(1), headers, der));
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException(field + " \"" + path + "\" holds no PEM block: must contain "
                    + "-----BEGIN ...----- / -----END ...----- sections");
        }
        return new PemFile(path, List.copyOf(blocks));
    }

    List<Block> withLabel(String label) {
        return blocks.stream().filter(b -> b.label().equals(label)).toList();
    }
}
