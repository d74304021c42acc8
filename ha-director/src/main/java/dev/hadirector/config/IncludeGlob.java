package dev.hadirector.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * File name patterns of {@code include} lines, with the meaning glob(3) gives them: {@code *}, {@code ?}
 * and {@code [...]} (negated by {@code !} or {@code ^}) match within one path component, a leading dot
 * is only matched explicitly, matches come back sorted; csh-style {@code {a,b}} alternatives are
 * expanded first.
 */
final class IncludeGlob {
    /** Stops a pattern like {a,b}{a,b}{a,b}... from expanding without bound. */
    static final int MAX_ALTERNATIVES = 1024;

    private IncludeGlob() {
    }

    static boolean hasWildcard(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    /** The csh brace alternatives of a pattern, in order; a pattern without braces is its only alternative. */
    static List<String> expandBraces(String pattern) {
        List<String> result = new ArrayList<>();
        expandBraces(pattern, result);
        return result;
    }

    private static void expandBraces(String pattern, List<String> out) {
        if (out.size() >= MAX_ALTERNATIVES) {
            return;
        }
        int open = pattern.indexOf('{');
        while (open >= 0) {
            int close = matchingClose(pattern, open);
            if (close < 0) {
                break;
            }
            List<String> parts = splitTopLevelCommas(pattern.substring(open + 1, close));
            if (parts.size() > 1) {
                String head = pattern.substring(0, open);
                String tail = pattern.substring(close + 1);
                for (String part : parts) {
                    expandBraces(head + part + tail, out);
                }
                return;
            }
            open = pattern.indexOf('{', open + 1);
        }
        if (out.size() < MAX_ALTERNATIVES) {
            out.add(pattern);
        }
    }

    private static int matchingClose(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static List<String> splitTopLevelCommas(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    /**
     * The regular files matching a wildcard pattern (no braces left in it), relative patterns taken from
     * {@code baseDir}; sorted within each directory level as glob(3) does.
     */
    static List<Path> match(Path baseDir, String pattern) {
        Path start;
        try {
            start = pattern.startsWith("/") ? baseDir.getRoot() : baseDir;
        } catch (InvalidPathException e) {
            return List.of();
        }
        if (start == null) {
            start = Path.of("/");
        }
        Set<Path> current = new LinkedHashSet<>();
        current.add(start);
        String[] components = pattern.split("/+");
        for (String component : components) {
            if (component.isEmpty()) {
                continue;
            }
            Set<Path> next = new LinkedHashSet<>();
            for (Path dir : current) {
                if (hasWildcard(component)) {
                    next.addAll(matchingEntries(dir, component));
                } else {
                    try {
                        Path candidate = dir.resolve(component);
                        if (Files.exists(candidate)) {
                            next.add(candidate);
                        }
                    } catch (InvalidPathException e) {
                        // a name the file system cannot even spell matches nothing
                    }
                }
            }
            current = next;
            if (current.isEmpty()) {
                return List.of();
            }
        }
        return current.stream().filter(Files::isRegularFile).map(Path::normalize).toList();
    }

    private static List<Path> matchingEntries(Path dir, String component) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        Pattern regex;
        try {
            regex = Pattern.compile(toRegex(component));
        } catch (PatternSyntaxException e) {
            return List.of();
        }
        boolean dotExplicit = component.startsWith(".");
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if ((dotExplicit || !name.startsWith(".")) && regex.matcher(name).matches()) {
                    names.add(name);
                }
            }
        } catch (IOException | SecurityException e) {
            // glob(3) skips directories it cannot read
            return List.of();
        }
        return names.stream().map(dir::resolve).toList();
    }

    /** The regular expression equivalent of one path component of a glob pattern. */
    static String toRegex(String component) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < component.length()) {
            char c = component.charAt(i);
            if (c == '*') {
                regex.append(".*");
                i++;
            } else if (c == '?') {
                regex.append('.');
                i++;
            } else if (c == '[') {
                int end = bracketEnd(component, i);
                if (end < 0) {
                    regex.append(Pattern.quote("["));
                    i++;
                } else {
                    regex.append(bracketToRegex(component.substring(i + 1, end)));
                    i = end + 1;
                }
            } else if (c == '\\' && i + 1 < component.length()) {
                regex.append(Pattern.quote(String.valueOf(component.charAt(i + 1))));
                i += 2;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return regex.toString();
    }

    /** Index of the ']' closing the bracket expression at {@code open}, or -1 when it is unclosed. */
    private static int bracketEnd(String s, int open) {
        int i = open + 1;
        if (i < s.length() && (s.charAt(i) == '!' || s.charAt(i) == '^')) {
            i++;
        }
        if (i < s.length() && s.charAt(i) == ']') {
            i++; // a ']' first in the set is a member, not the end
        }
        while (i < s.length()) {
            if (s.charAt(i) == ']') {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static String bracketToRegex(String body) {
        StringBuilder set = new StringBuilder("[");
        int first = 0;
        if (!body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^')) {
            set.append('^');
            first = 1;
        }
        for (int i = first; i < body.length(); i++) {
            char c = body.charAt(i);
            boolean rangeDash = c == '-' && i > first && i < body.length() - 1;
            if (rangeDash || Character.isLetterOrDigit(c)) {
                set.append(c);
            } else {
                // escaped so regex metacharacters ('[', '&', '\\', ...) stay literal members
                set.append('\\').append(c);
            }
        }
        return set.append(']').toString();
    }
}
