package dev.hadirector.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The line-level features of keepalived.conf(5) that come before statements exist: comments, includes,
 * {@code @id}/{@code @^id} conditional lines, {@code $NAME=value} definitions (also multi-line, ending
 * lines with '\'), {@code $NAME}/{@code ${NAME}} substitution, and {@code ~SEQ}/{@code ~SEQx}/{@code ~LST}
 * repeated lines. Feeds the surviving words to a {@link TreeBuilder}.
 */
final class Preprocessor {
    private static final Set<String> INCLUDE_KEYWORDS =
            Set.of("include", "includer", "includem", "includew", "includeb", "includea");
    static final int MAX_LINE_LENGTH = Parameters.MAX_LINE_LENGTH;
    /** Bounds on nesting, so that definitions using themselves or endless include chains fail, not hang. */
    static final int MAX_EXPANSION_DEPTH = 64;
    static final int MAX_INCLUDE_DEPTH = 64;
    /** Multi-line definitions that use each other can multiply lines; this caps one line's expansion. */
    static final int MAX_EXPANDED_LINES = 100_000;

    private final String configId;
    private final TreeBuilder sink;
    private final List<Finding> findings;
    private final Parameters parameters;
    /** Lines produced so far by expanding the current source line. */
    private int expandedLines;
    private final Deque<Path> includeStack = new ArrayDeque<>();
    private final Deque<Path> includeStackReal = new ArrayDeque<>();
    /** The include checks in force, per file being read: an included file cannot change its includer's. */
    private final Deque<Set<IncludeCheck>> includeChecks = new ArrayDeque<>();

    Preprocessor(String configId, TreeBuilder sink, List<Finding> findings) {
        this.configId = configId;
        this.sink = sink;
        this.findings = findings;
        this.parameters = new Parameters(configId);
    }

    /** Reads the main file (so its problems have no including line to point at). */
    void readMainFile(Path file) throws ConfigException {
        Path shown = file.toAbsolutePath().normalize();
        readText(shown, load(shown, new SourceLocation(shown, 0), ""));
    }

    /** Reads text as if it were the content of {@code file}; includes resolve from the file's directory. */
    void readText(Path file, String text) throws ConfigException {
        Path shown = file.toAbsolutePath().normalize();
        includeStack.push(shown);
        includeStackReal.push(realPath(shown));
        includeChecks.push(includeChecks.isEmpty() ? EnumSet.noneOf(IncludeCheck.class)
                : EnumSet.copyOf(includeChecks.peek()));
        try {
            processLines(shown, text);
        } finally {
            includeStack.pop();
            includeStackReal.pop();
            includeChecks.pop();
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException | SecurityException e) {
            return path;
        }
    }

    private static String load(Path file, SourceLocation blame, String what) throws ConfigException {
        if (Files.isDirectory(file)) {
            throw new ConfigException(blame, what + "cannot read " + file + " (Is a directory)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(blame, what + "cannot read " + file + " (No such file)", e);
        } catch (AccessDeniedException e) {
            throw new ConfigException(blame, what + "cannot read " + file + " (Permission denied)", e);
        } catch (IOException | SecurityException | OutOfMemoryError e) {
            throw new ConfigException(blame, what + "cannot read " + file + " (" + e.getMessage() + ")", e);
        }
        try {
            // keepalived reads bytes; invalid UTF-8 becomes U+FFFD rather than failing the whole file
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IOException e) {
            throw new ConfigException(blame, what + "cannot decode " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private void processLines(Path file, String text) throws ConfigException {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            SourceLocation location = new SourceLocation(file, i + 1);
            String content = LineLexer.stripComment(withoutCr(lines[i])).strip();
            if (content.isEmpty()) {
                continue;
            }
            String firstWord = firstWord(content);
            if (INCLUDE_KEYWORDS.contains(firstWord)) {
                include(firstWord, content.substring(firstWord.length()), location);
                continue;
            }
            String active = applyConditional(content);
            if (active != null && firstWord(active).equals("include_check")) {
                setIncludeChecks(active.substring("include_check".length()), location);
            }
            String definitionPart = active == null ? conditionalRest(content) : active;
            if (Parameters.isDefinition(definitionPart) && definitionPart.endsWith("\\")) {
                // a multi-line definition: every line ending in '\' continues it
                StringBuilder value = new StringBuilder(definitionPart.substring(0, definitionPart.length() - 1));
                boolean more = true;
                while (more && i + 1 < lines.length) {
                    i++;
                    String next = LineLexer.stripComment(withoutCr(lines[i])).strip();
                    more = next.isEmpty() || next.endsWith("\\");
                    String body = next.endsWith("\\") ? next.substring(0, next.length() - 1).strip() : next;
                    if (!body.isEmpty()) {
                        value.append('\n').append(body);
                    }
                    if (value.length() > MAX_LINE_LENGTH) {
                        throw new ConfigException(location, "multi-line definition longer than "
                                + MAX_LINE_LENGTH + " characters");
                    }
                }
                if (active != null) {
                    parameters.define(value.toString());
                }
                continue;
            }
            if (active != null) {
                processLogicalLine(active, location, 0);
            }
        }
    }

    private static String withoutCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String firstWord(String content) {
        int end = 0;
        while (end < content.length() && !LineLexer.isBlank(content.charAt(end))) {
            end++;
        }
        return content.substring(0, end);
    }

    /** The line without its {@code @id} prefix, or null when the prefix excludes it for this config id. */
    private String applyConditional(String content) {
        if (!content.startsWith("@")) {
            return content;
        }
        boolean negated = content.startsWith("@^");
        String id = firstWord(content).substring(negated ? 2 : 1);
        boolean matches = id.equals(configId);
        return matches != negated ? conditionalRest(content) : null;
    }

    private static String conditionalRest(String content) {
        return content.startsWith("@") ? content.substring(firstWord(content).length()).strip() : content;
    }

    private void processLogicalLine(String line, SourceLocation location, int depth) throws ConfigException {
        if (depth > MAX_EXPANSION_DEPTH) {
            throw new ConfigException(location, "parameter expansion nested deeper than " + MAX_EXPANSION_DEPTH
                    + " levels (a definition that expands to itself?)");
        }
        if (depth == 0) {
            expandedLines = 0;
        } else if (++expandedLines > MAX_EXPANDED_LINES) {
            throw new ConfigException(location, "parameter expansion produced more than " + MAX_EXPANDED_LINES
                    + " lines");
        }
        String content = line.strip();
        if (depth > 0) {
            content = applyConditional(content);
            if (content == null || content.isEmpty()) {
                return;
            }
        }
        if (RepeatPrefix.startsWithPrefix(content)) {
            RepeatPrefix repeat = RepeatPrefix.parse(content, location);
            for (var assignment : repeat.assignments()) {
                assignment.forEach(parameters::set);
                processLogicalLine(repeat.remainder(), location, depth + 1);
            }
            return;
        }
        if (Parameters.isDefinition(content)) {
            parameters.define(content);
            return;
        }
        String expanded = parameters.substitute(content, location);
        if (expanded.indexOf('\n') >= 0) {
            // a multi-line definition was inserted: its lines are statements, definitions and
            // conditionals in their own right, taken one by one so each sees the definitions before it
            for (String part : expanded.split("\n")) {
                processLogicalLine(part, location, depth + 1);
            }
            return;
        }
        if (!expanded.equals(content) && expanded.strip().startsWith("@")) {
            expanded = applyConditional(expanded.strip());
            if (expanded == null) {
                return;
            }
        }
        for (Token token : LineLexer.tokens(expanded, location)) {
            sink.accept(token);
        }
        sink.endOfLine();
    }

    private void include(String keyword, String rest, SourceLocation location) throws ConfigException {
        List<String> words = LineLexer.words(rest, location);
        if (words.size() != 1) {
            throw new ConfigException(location, keyword + ": expected one file name or pattern, found "
                    + words.size());
        }
        String pattern = words.get(0);
        Path baseDir = location.file().getParent();
        List<String> alternatives = IncludeGlob.expandBraces(pattern);
        boolean braced = alternatives.size() > 1 || !alternatives.get(0).equals(pattern);
        Set<IncludeCheck> checks = EnumSet.copyOf(includeChecks.peek());
        checks.addAll(IncludeCheck.addedBy(keyword));
        boolean strictBraces = checks.contains(IncludeCheck.BRACE_MATCH);
        List<Path> files = new ArrayList<>();
        for (String alternative : alternatives) {
            if (IncludeGlob.hasWildcard(alternative)) {
                files.addAll(IncludeGlob.match(baseDir, alternative));
                continue;
            }
            Path literal;
            try {
                literal = baseDir.resolve(alternative).normalize();
            } catch (InvalidPathException e) {
                throw new ConfigException(location, keyword + ": invalid file name '" + alternative + "' ("
                        + e.getReason() + ")");
            }
            if (braced && !strictBraces && !Files.exists(literal)) {
                continue; // keepalived's brace_match check is off unless asked for
            }
            files.add(literal);
        }
        if (files.isEmpty()) {
            String message = keyword + ": no file matches " + pattern;
            if (checks.contains(IncludeCheck.WILDCARD_MATCH) || (strictBraces && braced)) {
                throw new ConfigException(location, message);
            }
            findings.add(new Finding(Severity.WARNING, FindingKind.INCLUDE_NO_MATCH, location, message));
            return;
        }
        for (Path file : files) {
            includeFile(keyword, file, location);
        }
    }

    private void setIncludeChecks(String options, SourceLocation location) throws ConfigException {
        List<String> unknown = new ArrayList<>();
        Set<IncludeCheck> checks = IncludeCheck.apply(includeChecks.pop(), LineLexer.words(options, location), unknown);
        includeChecks.push(checks);
        for (String option : unknown) {
            findings.add(new Finding(Severity.WARNING, FindingKind.BAD_VALUE, location, "include_check option '"
                    + option + "' unknown: must be readable, match, wildcard_match or brace_match; ignored"));
        }
    }

    private void includeFile(String keyword, Path file, SourceLocation location) throws ConfigException {
        Path real = realPath(file);
        if (includeStackReal.contains(real)) {
            List<Path> chain = new ArrayList<>();
            var shown = includeStack.descendingIterator();
            var reals = includeStackReal.descendingIterator();
            boolean inLoop = false;
            while (shown.hasNext()) {
                Path s = shown.next();
                inLoop |= reals.next().equals(real);
                if (inLoop) {
                    chain.add(s);
                }
            }
            chain.add(file);
            StringBuilder message = new StringBuilder(keyword).append(" loop: ");
            for (int i = 0; i < chain.size(); i++) {
                message.append(i == 0 ? "" : " -> ").append(chain.get(i));
            }
            throw new ConfigException(location, message.toString());
        }
        if (includeStack.size() >= MAX_INCLUDE_DEPTH) {
            throw new ConfigException(location, keyword + ": files nested deeper than " + MAX_INCLUDE_DEPTH + " levels");
        }
        readText(file, load(file, location, keyword + ": "));
    }
}
