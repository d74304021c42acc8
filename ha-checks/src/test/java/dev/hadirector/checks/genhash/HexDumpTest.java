package dev.hadirector.checks.genhash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Lines taken from keepalived's genhash -v output. */
class HexDumpTest {

    @Test
    void fullShortAndEmptyLines() {
        assertEquals("0000  68 65 6c 6c 6f 20 77 6f - 72 6c 64 0a               hello world.    \n",
                HexDump.dump("hello world\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("0000  61 62 63 64 65          -                           abcde           \n",
                HexDump.dump("abcde".getBytes(StandardCharsets.US_ASCII)));
        String forty = HexDump.dump("x".repeat(40).getBytes(StandardCharsets.US_ASCII));
        assertEquals("0000  78 78 78 78 78 78 78 78 - 78 78 78 78 78 78 78 78   xxxxxxxxxxxxxxxx\n"
                + "0016  78 78 78 78 78 78 78 78 - 78 78 78 78 78 78 78 78   xxxxxxxxxxxxxxxx\n"
                + "0032  78 78 78 78 78 78 78 78 -                           xxxxxxxx        \n", forty);
        assertEquals("", HexDump.dump(new byte[0]));
    }
}
