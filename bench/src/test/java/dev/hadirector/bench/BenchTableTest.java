package dev.hadirector.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.ipvs.IpvsOperation;
import dev.hadirector.ipvs.reconcile.DesiredService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchTableTest {
    @Test
    void fullTableHasEveryServiceAndUniqueDestinations() {
        BenchTable table = new BenchTable(1000, 10);
        List<IpvsOperation> ops = IpvsBench.operations(table.rules());
        assertEquals(11_000, ops.size());
        assertEquals(1000, ops.stream().filter(IpvsOperation.AddService.class::isInstance).count());
        Set<String> endpoints = new HashSet<>();
        for (IpvsOperation op : ops) {
            if (op instanceof IpvsOperation.AddDestination a) {
                assertTrue(endpoints.add(a.destination().endpoint()), "duplicate " + a.destination());
            }
        }
        assertEquals(10_000, endpoints.size());
        assertEquals("-A -t 10.100.0.1:80 -s wlc\n-a -t 10.100.0.1:80 -r 10.200.0.1:8080 -m -w 1\n",
                new BenchTable(1, 1).rules());
    }

    @Test
    void onePercentEditChangesOneDestinationInAHundred() {
        BenchTable table = new BenchTable(1000, 10);
        BenchTable.Edited edit = table.onePercentEdit();
        assertEquals(100, edit.changes());
        List<DesiredService> before = IpvsBench.desired(table.rules());
        List<DesiredService> after = IpvsBench.desired(edit.rules());
        assertEquals(before.size(), after.size());
        int changed = 0;
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).service(), after.get(i).service());
            Set<Object> a = new HashSet<>(before.get(i).destinations());
            Set<Object> b = new HashSet<>(after.get(i).destinations());
            Set<Object> onlyBefore = new HashSet<>(a);
            onlyBefore.removeAll(b);
            Set<Object> onlyAfter = new HashSet<>(b);
            onlyAfter.removeAll(a);
            // a weight change shows as one on each side, an add or a removal on one side only
            changed += Math.max(onlyBefore.size(), onlyAfter.size());
        }
        assertEquals(100, changed);
        long removed = before.stream().mapToInt(s -> s.destinations().size()).sum()
                - after.stream().mapToInt(s -> s.destinations().size()).sum();
        assertEquals(0, removed, "as many destinations added as removed (25 each)");
    }

    @Test
    void sizesOutOfRangeAreRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BenchTable(0, 10));
        assertEquals("services 0 out of range: must be 1..62500", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BenchTable(10, 251));
        assertEquals("destinations 251 out of range: must be 1..250", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BenchTable(62_500, 250));
        assertTrue(e.getMessage().startsWith("services x destinations 15625000 out of range"), e.getMessage());
    }
}
