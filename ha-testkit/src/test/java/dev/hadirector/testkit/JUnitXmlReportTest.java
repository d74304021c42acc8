package dev.hadirector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JUnitXmlReportTest {

    private static final String REPORT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="JUnit Jupiter" tests="3" skipped="1" failures="1" errors="0">
            <testcase name="ok()" classname="x.ATest" time="0.1"><system-out>ignored</system-out></testcase>
            <testcase name="bad()" classname="x.ATest" time="0.1">
            <failure message="expected: &lt;1&gt; but was: &lt;2&gt;" type="org.opentest4j.AssertionFailedError"><![CDATA[org.opentest4j.AssertionFailedError: expected: <1> but was: <2>
            \tat x.ATest.bad(ATest.java:9)
            ]]></failure>
            </testcase>
            <testcase name="later()" classname="x.ATest" time="0"><skipped><![CDATA[org.opentest4j.TestAbortedException: rig missing: needs root
            \tat x.ATest.later(ATest.java:12)
            ]]></skipped></testcase>
            </testsuite>
            """;

    @Test
    void readsEveryOutcomeWithMessageAndStack() throws IOException {
        List<InnerTestCase> cases = JUnitXmlReport.parse(stream(REPORT), "sample");
        assertEquals(List.of(
                new InnerTestCase("x.ATest", "ok()", InnerTestCase.Outcome.PASSED, "", ""),
                new InnerTestCase("x.ATest", "bad()", InnerTestCase.Outcome.FAILED, "expected: <1> but was: <2>",
                        "org.opentest4j.AssertionFailedError: expected: <1> but was: <2>\n\tat x.ATest.bad(ATest.java:9)"),
                new InnerTestCase("x.ATest", "later()", InnerTestCase.Outcome.SKIPPED, "rig missing: needs root",
                        "org.opentest4j.TestAbortedException: rig missing: needs root\n\tat x.ATest.later(ATest.java:12)")),
                cases);
    }

    @Test
    void readsAllReportFilesOfAFolderAndNothingElse(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("TEST-junit-jupiter.xml"), REPORT);
        Files.writeString(dir.resolve("TEST-other.xml"), REPORT.replace("x.ATest", "y.BTest"));
        Files.writeString(dir.resolve("notes.xml"), "<not-a-report/>");
        List<InnerTestCase> cases = JUnitXmlReport.readAll(dir);
        assertEquals(6, cases.size());
        assertEquals("x.ATest", cases.get(0).className());
        assertEquals("y.BTest", cases.get(5).className());
        assertEquals(List.of(), JUnitXmlReport.readAll(dir.resolve("missing")));
    }

    @Test
    void aBrokenReportIsAnErrorNamingTheFile() {
        IOException e = assertThrows(IOException.class,
                () -> JUnitXmlReport.parse(stream("<testsuite><testcase name="), "/t/TEST-x.xml"));
        assertTrue(e.getMessage().startsWith("report /t/TEST-x.xml is not well-formed XML: "), e.getMessage());
        IOException noName = assertThrows(IOException.class,
                () -> JUnitXmlReport.parse(stream("<testsuite><testcase classname='a'/></testsuite>"), "r.xml"));
        assertEquals("report r.xml: testcase #1 has no name attribute", noName.getMessage());
    }

    @Test
    void externalEntitiesAreNotFetched() {
        String hostile = "<?xml version='1.0'?><!DOCTYPE t [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<testsuite><testcase name='a()' classname='b'><failure message='m'>&x;</failure></testcase></testsuite>";
        IOException e = assertThrows(IOException.class, () -> JUnitXmlReport.parse(stream(hostile), "hostile.xml"));
        assertTrue(e.getMessage().startsWith("report hostile.xml is not well-formed XML"), e.getMessage());
    }

    private static ByteArrayInputStream stream(String xml) {
        return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
    }
}
