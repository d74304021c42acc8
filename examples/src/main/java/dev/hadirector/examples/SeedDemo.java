package dev.hadirector.examples;

import static dev.hadirector.examples.SeedLab.DIR1;
import static dev.hadirector.examples.SeedLab.DIR2;
import static dev.hadirector.examples.SeedLab.RS1;
import static dev.hadirector.examples.SeedLab.RS2;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.hadirector.examples.DemoEvents.Event;
import dev.hadirector.examples.DemoEvents.Kind;
import dev.hadirector.examples.VipClient.Answer;

/**
 * The seed demo: the classic LVS + keepalived tutorial, with two in-process {@code Director}s instead of two
 * keepalived daemons. Directors dir1 (MASTER, 192.168.1.128, priority 150) and dir2 (BACKUP, 192.168.1.129,
 * priority 100) share VIP 192.168.1.200 (VRRP VI_1, VRID 51) and balance 192.168.1.200:80 round-robin in direct-routing
 * mode over two nginx real servers (rs1 192.168.1.130, rs2 192.168.1.131), each checked over HTTP every second. A
 * client asks the VIP every 200 ms. The timeline shows who holds the VIP and which server answers each request while
 * nginx on rs1 is stopped and started again, and while dir1 is shut down; it measures how long each recovery took.
 *
 * <p>Needs root and a kernel with IPVS; {@code ./run-demo} runs it inside User-Mode-Linux when the host has none.
 * Exit code 0 when the demo's checks held, 1 when one failed, 2 when it could not run.
 */
public final class SeedDemo {

    static final long STEADY_MILLIS = 3_000;
    static final long WAIT_LIMIT_MILLIS = 15_000;
    /** After a recovery, this many consecutive answers must succeed for "traffic continued" to hold. */
    static final int ANSWERS_AFTER_RECOVERY = 8;

    private final Timeline timeline;
    private final List<DemoCheck> checks = new ArrayList<>();
    private long directorsStartedAt;

    private SeedDemo(Timeline timeline) {
        this.timeline = timeline;
    }

    public static void main(String[] args) {
        Examples.quietLibraryLogs();
        if (!Examples.isRoot()) {
            System.err.println("SeedDemo: needs root and a kernel with IPVS; run ./run-demo, which provides both");
            System.exit(2);
        }
        System.exit(run(System.out));
    }

    /** What a run showed: each of the demo's checks, in order. */
    record Outcome(List<DemoCheck> checks) {
        Outcome {
            checks = List.copyOf(checks);
        }

        boolean passed() {
            return !checks.isEmpty() && checks.stream().allMatch(DemoCheck::passed);
        }

        /** The check whose description starts with {@code what}. */
        Optional<DemoCheck> check(String what) {
            return checks.stream().filter(c -> c.what().startsWith(what)).findFirst();
        }

        int exitCode() {
            return passed() ? 0 : 1;
        }
    }

    /** Runs the demo, printing its timeline to {@code out}; returns the exit code. */
    static int run(PrintStream out) {
        return runDemo(out).exitCode();
    }

    static Outcome runDemo(PrintStream out) {
        SeedDemo demo = new SeedDemo(new Timeline(out));
        demo.runAll();
        return new Outcome(demo.checks);
    }

    private void runAll() {
        timeline.plain("HA Director seed demo: 2 directors (VRRP VI_1, VIP " + SeedLab.VIP + "), IPVS rr/DR over 2 nginx, 1 client");
        timeline.phase("0. setup: the tutorial's LAN in namespaces, nginx on both real servers");
        try (SeedLab lab = SeedLab.create()) {
            timeline.event("lab", "namespaces client, dir1, dir2, rs1, rs2 on one switch; VIP on lo of rs1 and rs2 (arp_ignore=1, arp_announce=2)");
            lab.startNginx(RS1);
            lab.startNginx(RS2);
            timeline.event("lab", "nginx answers on rs1 (192.168.1.130) and rs2 (192.168.1.131)");
            DemoEvents events = new DemoEvents(timeline);
            timeline.phase("1. start both directors: dir1 (priority 150) should win the VIP, dir2 (100) stay backup");
            directorsStartedAt = timeline.now();
            try (SeedDirector dir1 = SeedDirector.start(DIR1, lab.nsName(DIR1), SeedDirector.MASTER_PRIORITY, events);
                 SeedDirector dir2 = SeedDirector.start(DIR2, lab.nsName(DIR2), SeedDirector.BACKUP_PRIORITY, events);
                 VipClient client = new VipClient(lab.nsName(SeedLab.CLIENT), SeedLab.VIP, SeedLab.HTTP_PORT, timeline)) {
                phases(lab, events, dir1, dir2, client);
            }
        } catch (Exception e) {
            timeline.plain("");
            timeline.plain("demo aborted: " + e);
            checks.add(new DemoCheck("demo ran to the end", false, String.valueOf(e.getMessage())));
        }
        summary();
    }

    private void phases(SeedLab lab, DemoEvents events, SeedDirector dir1, SeedDirector dir2, VipClient client)
            throws InterruptedException {
        Optional<Event> master = events.await(directorsStartedAt, DIR1, Kind.MASTER, null, WAIT_LIMIT_MILLIS);
        check("dir1 became MASTER and holds the VIP", master.isPresent(),
                master.map(e -> Timeline.seconds(e.atMillis() - directorsStartedAt) + " after the directors started")
                        .orElse("not within 15 s"));
        if (master.isEmpty()) {
            return;
        }
        client.start();
        timeline.plain("   (client: a GET to http://" + SeedLab.VIP + "/ every " + VipClient.PERIOD_MILLIS + " ms; each answer names its server)");
        Thread.sleep(STEADY_MILLIS);
        long steadyFrom = timeline.now() - STEADY_MILLIS;
        List<Answer> steady = client.answersSince(steadyFrom);
        check("steady state: both real servers answer through the VIP", served(steady, RS1) && served(steady, RS2),
                count(steady, RS1) + " x rs1, " + count(steady, RS2) + " x rs2, " + failures(steady) + " failed");

        timeline.phase("2. stop nginx on rs1: the health check takes it out, traffic continues on rs2");
        long stopAt = timeline.now();
        lab.stopNginx(RS1);
        timeline.event("lab", "nginx on rs1 stopped");
        Optional<Event> down = events.await(stopAt, DIR1, Kind.REAL_SERVER_DOWN, RS1, WAIT_LIMIT_MILLIS);
        check("dir1 removed rs1 from IPVS", down.isPresent(),
                down.map(e -> "after " + Timeline.seconds(e.atMillis() - stopAt)).orElse("not within 15 s"));
        if (down.isPresent()) {
            timeline.plain("   -> rs1 out of the table " + Timeline.seconds(down.get().atMillis() - stopAt) + " after nginx stopped; "
                    + failures(client.answersSince(stopAt)) + " request(s) failed meanwhile");
            long removedAt = down.get().atMillis();
            List<Answer> after = awaitAnswers(client, removedAt + 1, ANSWERS_AFTER_RECOVERY);
            check("traffic continued on rs2 after the removal", after.size() >= ANSWERS_AFTER_RECOVERY
                    && after.stream().allMatch(a -> RS2.equals(a.server())), describe(after));
        }

        timeline.phase("3. start nginx on rs1 again: the check puts it back");
        long startAt = timeline.now();
        lab.startNginx(RS1);
        timeline.event("lab", "nginx on rs1 started");
        Optional<Event> up = events.await(startAt, DIR1, Kind.REAL_SERVER_UP, RS1, WAIT_LIMIT_MILLIS);
        Optional<Answer> rs1Again = client.await(startAt, a -> RS1.equals(a.server()), WAIT_LIMIT_MILLIS);
        check("rs1 is back in the table and answers again", up.isPresent() && rs1Again.isPresent(),
                up.map(e -> "back after " + Timeline.seconds(e.atMillis() - startAt)).orElse("no up event within 15 s")
                        + rs1Again.map(a -> ", first answer after " + Timeline.seconds(a.atMillis() - startAt)).orElse(", no answer from rs1"));
        Thread.sleep(1_000);

        timeline.phase("4. stop director dir1 (graceful: priority-0 advert): dir2 takes the VIP, traffic continues");
        long closeAt = timeline.now();
        timeline.event(DIR1, "closing");
        dir1.close();
        timeline.event(DIR1, "closed (VIP and its IPVS entries removed)");
        Optional<Event> takeover = events.await(closeAt, DIR2, Kind.MASTER, null, WAIT_LIMIT_MILLIS);
        check("dir2 became MASTER and holds the VIP", takeover.isPresent(),
                takeover.map(e -> "after " + Timeline.seconds(e.atMillis() - closeAt)).orElse("not within 15 s"));
        if (takeover.isPresent()) {
            long takenAt = takeover.get().atMillis();
            Optional<Answer> firstThroughDir2 = client.await(takenAt, Answer::ok, WAIT_LIMIT_MILLIS);
            List<Answer> after = firstThroughDir2.isPresent()
                    ? awaitAnswers(client, firstThroughDir2.get().atMillis(), ANSWERS_AFTER_RECOVERY) : List.of();
            firstThroughDir2.ifPresent(a -> timeline.plain("   -> dir2 MASTER " + Timeline.seconds(takenAt - closeAt)
                    + " after dir1 closed; client answered again through dir2 after " + Timeline.seconds(a.atMillis() - closeAt)
                    + "; " + failures(client.answersSince(closeAt).stream().filter(x -> x.atMillis() < a.atMillis()).toList())
                    + " request(s) failed meanwhile"));
            check("traffic continued through dir2", after.size() >= ANSWERS_AFTER_RECOVERY && after.stream().allMatch(Answer::ok)
                    && served(after, RS1) && served(after, RS2), describe(after));
        }
    }

    /** Waits until {@code n} answers started at or after {@code fromMillis} are in, and returns them. */
    private static List<Answer> awaitAnswers(VipClient client, long fromMillis, int n) throws InterruptedException {
        long limit = System.nanoTime() + WAIT_LIMIT_MILLIS * 1_000_000;
        List<Answer> got = client.answersSince(fromMillis);
        while (got.size() < n && System.nanoTime() < limit) {
            Thread.sleep(VipClient.PERIOD_MILLIS);
            got = client.answersSince(fromMillis);
        }
        return got.subList(0, Math.min(n, got.size()));
    }

    private static boolean served(List<Answer> answers, String server) {
        return count(answers, server) > 0;
    }

    private static long count(List<Answer> answers, String server) {
        return answers.stream().filter(a -> server.equals(a.server())).count();
    }

    private static long failures(List<Answer> answers) {
        return answers.stream().filter(a -> !a.ok()).count();
    }

    private static String describe(List<Answer> answers) {
        return "next " + answers.size() + " answers:" + answers.stream().map(Answer::shortText).reduce("", (a, b) -> a + " " + b);
    }

    private void check(String what, boolean passed, String detail) {
        checks.add(new DemoCheck(what, passed, detail));
        timeline.event("check", (passed ? "PASS " : "FAIL ") + what + " (" + detail + ")");
    }

    private void summary() {
        timeline.phase("summary");
        checks.forEach(c -> timeline.plain(c.line()));
        boolean allPassed = new Outcome(checks).passed();
        timeline.plain(allPassed ? "seed demo: all " + checks.size() + " checks passed" : "seed demo: FAILED");
    }
}
