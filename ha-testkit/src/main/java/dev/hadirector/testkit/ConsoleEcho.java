package dev.hadirector.testkit;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies the UML console to its log file and, line by line as it arrives, to a terminal. UML's console writes to a
 * pipe rather than to the terminal itself, because UML switches a terminal it writes to into raw mode.
 */
final class ConsoleEcho {

    private ConsoleEcho() {
    }

    /** Starts the copy on a daemon thread, which ends when the console pipe closes. */
    static Thread start(InputStream console, Path log, PrintStream terminal) throws IOException {
        BufferedWriter logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread copier = new Thread(() -> copy(console, logWriter, terminal), "uml-console-echo");
        copier.setDaemon(true);
        copier.start();
        return copier;
    }

    static void copy(InputStream console, BufferedWriter log, PrintStream terminal) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(console, StandardCharsets.UTF_8));
             BufferedWriter out = log) {
            String line;
            while ((line = reader.readLine()) != null) {
                // The UML tty turns each newline into CR LF; the terminal and the log want plain lines.
                String clean = stripCarriageReturns(line);
                out.write(clean);
                out.newLine();
                out.flush();
                terminal.println(clean);
                terminal.flush();
            }
        } catch (IOException e) {
            terminal.println("(UML console copy ended: " + e.getMessage() + ")");
        }
    }

    static String stripCarriageReturns(String line) {
        return line.indexOf('\r') < 0 ? line : line.replace("\r", "");
    }
}
