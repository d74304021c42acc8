package dev.hadirector.checks.genhash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hadirector.checks.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verbose report when the body arrives in several reads. Expected text is what keepalived's
 * genhash printed for a server writing the header, then "part1", then "part2", with pauses between.
 */
class VerboseReportTest {

    private static final String RULE = "-----------------------";

    @Test
    void bodyArrivingAfterTheHeaderIsDumpedPerReadWithoutTitle() {
        HttpResponse page = new HttpResponse(200, "HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "part1part2".getBytes(StandardCharsets.US_ASCII), 0, List.of(5, 10), false, true);
        String expected = RULE + "[    HTTP Header Buffer    ]" + RULE + "\n"
                + "0000  48 54 54 50 2f 31 2e 30 - 20 32 30 30 20 4f 4b 0d   HTTP/1.0 200 OK.\n"
                + "0016  0a 0d 0a                -                           ...             \n"
                + RULE + "[ HTTP Header Ascii Buffer ]" + RULE + "\n"
                + "HTTP/1.0 200 OK\r\n\r\n\n"
                + "0000  70 61 72 74 31          -                           part1           \n"
                + "0000  70 61 72 74 32          -                           part2           \n"
                + "\n"
                + RULE + "[    HTML hash resulting    ]" + RULE + "\n"
                + "0000  33 a9 ed 38 69 44 49 3d - ba bc da 61 11 c4 76 9b   3..8iDI=...a..v.\n"
                + RULE + "[ HTML hash final resulting ]" + RULE + "\n"
                + "33a9ed386944493dbabcda6111c4769b\n"
                + "\n"
                + "Global response time for [/x] = 417894 usecs\n";
        assertEquals(expected, GenhashCommand.verboseReport(page, "/x", 417_894));
    }

    @Test
    void bodyInTheHeadersReadIsTitled() {
        HttpResponse page = new HttpResponse(200, "HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "abcde".getBytes(StandardCharsets.US_ASCII), 0, List.of(5), true, true);
        String report = GenhashCommand.verboseReport(page, "/", 1);
        assertEquals(1, report.split("HTML Buffer", -1).length - 1);
        assertEquals(List.of("abcde".getBytes(StandardCharsets.US_ASCII).length),
                page.bodySegments().stream().map(b -> b.length).toList());
    }
}
