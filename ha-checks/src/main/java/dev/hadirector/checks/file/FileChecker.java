package dev.hadirector.checks.file;

import dev.hadirector.api.FileCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.Checker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * FILE_CHECK: reads the number at the start of the file (at most 4 KiB are read) and applies the
 * weight rules of {@link FileCheck}.
 */
public final class FileChecker implements Checker {

    private static final int MAX_READ = 4096;

    private final FileCheck spec;
    private final Executor executor;

    /** @param executor where the (short, local) read runs, e.g. an I/O loop */
    public FileChecker(FileCheck spec, Executor executor) {
        this.spec = spec;
        this.executor = executor;
    }

    @Override
    public CompletionStage<CheckResult> attempt(CheckTarget target) {
        return CompletableFuture.supplyAsync(this::readAndJudge, executor);
    }

    CheckResult readAndJudge() {
        String text;
        try (InputStream in = Files.newInputStream(spec.file())) {
            text = new String(in.readNBytes(MAX_READ), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return CheckResult.fail("file " + spec.file() + " does not exist");
        } catch (IOException | SecurityException e) {
            return CheckResult.fail("file " + spec.file() + " unreadable: " + e.getMessage());
        }
        String token = text.strip().split("\\s+", 2)[0];
        long value;
        try {
            value = Long.parseLong(token);
        } catch (NumberFormatException e) {
            return CheckResult.fail("file " + spec.file() + " holds \"" + shorten(token) + "\": expected an integer");
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            return CheckResult.fail("file " + spec.file() + " holds " + value + ": out of the 32-bit range");
        }
        return judge(value);
    }

    CheckResult judge(long value) {
        if (spec.weight() == 0) {
            return value == 0 ? CheckResult.ok("file " + spec.file() + " holds 0")
                    : CheckResult.fail("file " + spec.file() + " holds " + value + " (non-zero with weight 0)");
        }
        long result = value * spec.weight() * (spec.reverse() ? -1 : 1);
        String how = "file " + spec.file() + " holds " + value + " x weight " + spec.weight()
                + (spec.reverse() ? " reversed" : "") + " = " + result;
        if (spec.dynamic()) {
            if (result < Integer.MIN_VALUE || result > Integer.MAX_VALUE) {
                return CheckResult.fail(how + ": out of the 32-bit weight range");
            }
            return CheckResult.okWithWeight(how, (int) result);
        }
        return result < 0 ? CheckResult.fail(how + " below 0") : CheckResult.ok(how);
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
