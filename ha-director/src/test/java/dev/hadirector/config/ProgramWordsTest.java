package dev.hadirector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramWordsTest {

    @Test
    void blanksSeparateAndQuotesKeepBlanksInsideAWord() {
        assertEquals(List.of("/bin/check", "a b", "c", "d'e"), ProgramWords.split("  /bin/check 'a b'\tc \"d'e\" "));
        assertEquals(List.of("x"), ProgramWords.split("x"));
        assertEquals(List.of(), ProgramWords.split("   "));
        assertEquals(List.of(""), ProgramWords.split("''"), "an empty quoted word is still a word");
    }

    @Test
    void anUnclosedQuoteIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProgramWords.split("/bin/notify 'VI_1"));
        assertEquals("quote ' not closed", e.getMessage());
    }
}
