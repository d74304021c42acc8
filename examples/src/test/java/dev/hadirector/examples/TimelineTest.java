package dev.hadirector.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class TimelineTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Timeline timeline = new Timeline(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    @Test
    void answersWithinOneSecondShareALineAndAnEventFlushesThemFirst() {
        timeline.answer(100, "rs1");
        timeline.answer(300, "rs2");
        timeline.answer(1099, "x(timeout)");
        timeline.answer(1100, "rs2");
        timeline.event("dir1", "MASTER");
        List<String> lines = timeline.lines();
        assertEquals("[   0.100 s] client  <- rs1 rs2 x(timeout)", lines.get(0));
        assertEquals("[   1.100 s] client  <- rs2", lines.get(1));
        assertTrue(lines.get(2).endsWith("] dir1    MASTER"), lines.get(2));
        assertEquals(3, lines.size());
        assertEquals(String.join(System.lineSeparator(), lines) + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void phasesAndPlainLinesCarryNoTimeStamp() {
        timeline.answer(5, "rs1");
        timeline.phase("2. stop nginx");
        timeline.plain("summary");
        assertEquals(List.of("[   0.005 s] client  <- rs1", "", "== 2. stop nginx ==", "summary"), timeline.lines());
        assertEquals("1.250 s", Timeline.seconds(1250));
    }
}
