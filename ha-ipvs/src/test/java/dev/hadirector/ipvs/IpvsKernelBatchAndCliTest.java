package dev.hadirector.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.Forwarding;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.Scheduler;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.ipvs.cli.IpvsCommand;
import dev.hadirector.ipvs.reconcile.IpvsReconciler;
import dev.hadirector.ipvs.reconcile.ReconcileResult;
import dev.hadirector.ipvs.text.RestoreParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Large batches, the ipvs command and named ports against the real kernel inside User-Mode-Linux. */
@Tag("uml")
class IpvsKernelBatchAndCliTest extends IpvsKernelFixture {
    private record Run(int code, String out, String err) {
    }

    private static Run command(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = IpvsCommand.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                IpvsClient::open);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void thousandsOfChangesGoInBatchesWithEveryAckChecked() {
        List<VirtualServer> desired = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            VirtualServer.Builder vs = VirtualServer.tcp("10.50." + (i / 200) + "." + (i % 200 + 1), 80)
                    .scheduler(Scheduler.WRR).forwarding(Forwarding.MASQUERADE);
            for (int j = 0; j < 6; j++) {
                vs.realServer(RealServer.of("10.60." + (i / 200) + "." + (i % 200 + 1), 8000 + j).weight(j + 1));
            }
            desired.add(vs.build());
        }
        IpvsReconciler reconciler = new IpvsReconciler(client, d -> { });
        ReconcileResult first = reconciler.apply(desired);
        assertTrue(first.ok(), first::summary);
        assertEquals(300 * 7, first.applied().size());
        assertEquals(300 * 7, Ipvsadm.run("-Sn").lines().count());
        assertTrue(reconciler.apply(desired).changedNothing());

        List<VirtualServer> halved = new ArrayList<>();
        for (VirtualServer vs : desired.subList(0, 150)) {
            halved.add(vs.toBuilder().scheduler(Scheduler.RR).build());
        }
        ReconcileResult second = reconciler.apply(halved);
        assertTrue(second.ok(), second::summary);
        assertEquals(150 + 150, second.applied().size(), "150 deletions and 150 edits, nothing else");
        assertEquals(150 * 7, Ipvsadm.run("-Sn").lines().count());
    }

    @Test
    void ipvsCommandRestoresSavesAndListsLikeIpvsadm() throws IOException {
        Run restore = command(resource("input.txt"), "restore");
        assertEquals(0, restore.code(), restore.err());
        assertEquals(Ipvsadm.run("-Sn"), command("", "save").out());
        assertEquals(Ipvsadm.run("-Ln"), command("", "list").out());
        assertEquals(Ipvsadm.run("-Ln", "--stats"), command("", "list", "--stats").out());
        assertEquals(Ipvsadm.run("-Ln", "--rate"), command("", "list", "--rate").out());
        assertEquals(Ipvsadm.run("-L", "--timeout"), command("", "list", "--timeout").out());

        Run again = command("-A -t 10.0.0.1:80 -s rr\n-A -t 10.77.0.1:80 -s nosuch\n", "restore");
        assertEquals(IpvsCommand.KERNEL_FAILURE, again.code());
        assertTrue(again.err().contains("<stdin>:1: service TCP 10.0.0.1:80 already exists: EEXIST"), again.err());
        assertTrue(again.err().contains("<stdin>:2: add service TCP 10.77.0.1:80: scheduler \"nosuch\" is not available"),
                again.err());
    }

    @Test
    void ipvsadmSaveWithPortNamesRestoresIdentically() throws IOException {
        client.execute(RestoreParser.parse("input.txt", resource("input.txt")).stream()
                .map(c -> c.operation()).toList()).throwIfFailed();
        String numeric = Ipvsadm.run("-Sn");
        String named = Ipvsadm.run("-S");
        client.flush();
        Run restore = command(named, "restore");
        assertEquals(0, restore.code(), restore.err());
        assertEquals(numeric, Ipvsadm.run("-Sn"));
    }

    @Test
    void persistenceEngineIsAddedAndRemovedByEdit() {
        IpvsReconciler reconciler = new IpvsReconciler(client, d -> { });
        VirtualServer.Builder sip = VirtualServer.udp("10.8.0.1", 5060).scheduler(Scheduler.RR).persistent(60)
                .persistenceEngine("sip").realServer(RealServer.of("10.8.0.2", 5060));
        assertTrue(reconciler.apply(List.of(sip.build())).ok());
        assertEquals("-A -u 10.8.0.1:5060 -s rr -p 60 --pe sip\n-a -u 10.8.0.1:5060 -r 10.8.0.2:5060 -m -w 1\n",
                Ipvsadm.run("-Sn"));
        ReconcileResult edit = reconciler.apply(List.of(sip.persistenceEngine(null).build()));
        assertTrue(edit.ok(), edit::summary);
        assertEquals(1, edit.applied().size());
        assertTrue(edit.applied().get(0) instanceof IpvsOperation.EditService);
        assertEquals("-A -u 10.8.0.1:5060 -s rr -p 60\n-a -u 10.8.0.1:5060 -r 10.8.0.2:5060 -m -w 1\n",
                Ipvsadm.run("-Sn"));
    }
}
