package dev.hadirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgumentParserTest {
    private final ArgumentParser parser = new ArgumentParser(List.of(
            ArgumentParser.Option.value("file", "FILE", "file", "-f", "--use-file"),
            ArgumentParser.Option.flag("test", "test", "-t", "--config-test"),
            ArgumentParser.Option.flag("quiet", "quiet", "-q")));

    @Test
    void shortLongAttachedAndBundledForms() throws Exception {
        assertEquals(Map.of("file", "a.conf", "test", ""), parser.parse(List.of("-f", "a.conf", "-t")).options());
        assertEquals(Map.of("file", "a.conf"), parser.parse(List.of("-fa.conf")).options());
        assertEquals(Map.of("file", "a.conf"), parser.parse(List.of("--use-file=a.conf")).options());
        assertEquals(Map.of("file", "a.conf"), parser.parse(List.of("--use-file", "a.conf")).options());
        assertEquals(Map.of("test", "", "quiet", "", "file", "x"), parser.parse(List.of("-tqfx")).options());
        assertEquals(Map.of("file", "-t"), parser.parse(List.of("-f", "-t")).options());
    }

    @Test
    void positionalsAndDoubleDash() throws Exception {
        ArgumentParser.Parsed parsed = parser.parse(List.of("a", "-t", "--", "-f", "b"));
        assertEquals(List.of("a", "-f", "b"), parsed.positionals());
        assertEquals(Map.of("test", ""), parsed.options());
        assertEquals(List.of("-"), parser.parse(List.of("-")).positionals());
    }

    @Test
    void errors() {
        assertEquals("unknown option '--nope'",
                assertThrows(UsageException.class, () -> parser.parse(List.of("--nope"))).getMessage());
        assertEquals("unknown option '-z'",
                assertThrows(UsageException.class, () -> parser.parse(List.of("-tz"))).getMessage());
        assertEquals("option -f needs a value (FILE)",
                assertThrows(UsageException.class, () -> parser.parse(List.of("-t", "-f"))).getMessage());
    }

    @Test
    void helpIsAligned() {
        assertEquals("  -f, --use-file FILE  file\n  -t, --config-test    test\n  -q                   quiet\n",
                parser.help());
    }

    @Test
    void badOptionNamesAreRejected() {
        assertEquals("option name 'f' invalid: must be -x or --word",
                assertThrows(IllegalArgumentException.class,
                        () -> ArgumentParser.Option.flag("k", "h", "f")).getMessage());
        assertEquals("option name '-f' declared twice",
                assertThrows(IllegalArgumentException.class, () -> new ArgumentParser(List.of(
                        ArgumentParser.Option.flag("a", "h", "-f"), ArgumentParser.Option.flag("b", "h", "-f"))))
                        .getMessage());
    }
}
