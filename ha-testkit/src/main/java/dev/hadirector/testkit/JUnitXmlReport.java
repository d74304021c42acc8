package dev.hadirector.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads the legacy JUnit XML reports ({@code TEST-*.xml}) that the console launcher writes: {@code <testcase>} elements
 * with a {@code <failure>}, {@code <error>} or {@code <skipped>} child when they did not pass.
 */
public final class JUnitXmlReport {

    private static final String ABORTED_PREFIX = "org.opentest4j.TestAbortedException: ";

    private JUnitXmlReport() {
    }

    /** Every test case of every {@code TEST-*.xml} file in {@code reportsDir}, in file then document order. */
    public static List<InnerTestCase> readAll(Path reportsDir) throws IOException {
        if (!Files.isDirectory(reportsDir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(reportsDir)) {
            files = listing.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("TEST-") && name.endsWith(".xml");
            }).sorted().toList();
        }
        List<InnerTestCase> cases = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                cases.addAll(parse(in, file.toString()));
            }
        }
        return cases;
    }

    /**
     * Parses one report.
     *
     * @param source names the report in error messages
     * @throws IOException if it is not a well-formed report
     */
    public static List<InnerTestCase> parse(InputStream xml, String source) throws IOException {
        Document document;
        try {
            document = newBuilder().parse(xml);
        } catch (SAXException e) {
            throw new IOException("report " + source + " is not well-formed XML: " + e.getMessage(), e);
        }
        List<InnerTestCase> cases = new ArrayList<>();
        NodeList testcases = document.getElementsByTagName("testcase");
        for (int i = 0; i < testcases.getLength(); i++) {
            Element testcase = (Element) testcases.item(i);
            String className = testcase.getAttribute("classname");
            String name = testcase.getAttribute("name");
            if (name.isEmpty()) {
                throw new IOException("report " + source + ": testcase #" + (i + 1) + " has no name attribute");
            }
            cases.add(toCase(className, name, testcase));
        }
        return cases;
    }

    private static InnerTestCase toCase(String className, String name, Element testcase) {
        for (Node child = testcase.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                InnerTestCase.Outcome outcome = switch (element.getTagName()) {
                    case "failure" -> InnerTestCase.Outcome.FAILED;
                    case "error" -> InnerTestCase.Outcome.ERRORED;
                    case "skipped" -> InnerTestCase.Outcome.SKIPPED;
                    default -> null;
                };
                if (outcome != null) {
                    String detail = element.getTextContent().strip();
                    String message = element.hasAttribute("message") ? element.getAttribute("message") : skipReason(detail);
                    return new InnerTestCase(className, name, outcome, message, detail);
                }
            }
        }
        return new InnerTestCase(className, name, InnerTestCase.Outcome.PASSED, "", "");
    }

    /**
     * A skip has no message attribute: its text is the reason of a disabled test, or the stack trace of an aborted
     * one, whose first line is {@code org.opentest4j.TestAbortedException: REASON}.
     */
    static String skipReason(String text) {
        String firstLine = text.lines().findFirst().orElse("");
        return firstLine.startsWith(ABORTED_PREFIX) ? firstLine.substring(ABORTED_PREFIX.length()) : firstLine;
    }

    private static DocumentBuilder newBuilder() throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // Reports are ours, but nothing in them should make the parser fetch anything.
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // The default handler prints to stderr before throwing; the exception alone is enough.
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IOException("no XML parser: " + e.getMessage(), e);
        }
    }
}
