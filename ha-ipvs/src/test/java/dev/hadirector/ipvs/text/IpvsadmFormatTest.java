package dev.hadirector.ipvs.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.ipvs.BatchResult;
import dev.hadirector.ipvs.FakeIpvsKernelAccess;
import dev.hadirector.ipvs.IpvsClient;
import dev.hadirector.ipvs.IpvsInfo;
import dev.hadirector.ipvs.IpvsOperation;
import dev.hadirector.ipvs.IpvsTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our save and list output against what ipvsadm 1.31 printed for the same table (captured inside
 * User-Mode-Linux from {@code ipvsadm -R < input.txt}; the files under src/test/resources/ipvsadm).
 */
class IpvsadmFormatTest {
    private static IpvsTable table;

    static String resource(String name) throws IOException {
        try (InputStream in = IpvsadmFormatTest.class.getResourceAsStream("/ipvsadm/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void restoreTheInputIntoAFakeKernel() throws IOException {
        List<RestoreCommand> commands = RestoreParser.parse("input.txt", resource("input.txt"));
        IpvsClient client = FakeIpvsKernelAccess.newClient();
        List<IpvsOperation> ops = commands.stream().map(RestoreCommand::operation).toList();
        BatchResult result = client.execute(ops);
        assertTrue(result.ok(), () -> "restore failed: " + result.failures());
        table = client.table();
    }

    @Test
    void saveMatchesIpvsadmSaveNumeric() throws IOException {
        assertEquals(resource("save-n.txt"), IpvsadmFormat.save(table));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "list.txt, CONNECTIONS, false",
        "list-stats.txt, STATS, false",
        "list-rate.txt, RATE, false",
        "list-exact-stats.txt, STATS, true",
        "list-thresholds.txt, THRESHOLDS, false",
        "list-persistent-conn.txt, PERSISTENT_CONNECTIONS, false",
        "list-tun-info.txt, TUNNEL_INFO, false",
    })
    void listMatchesIpvsadmListNumeric(String file, IpvsadmFormat.ListView view, boolean exact) throws IOException {
        assertEquals(resource(file), IpvsadmFormat.list(table, new IpvsInfo(0x010201, 4096), view, exact));
    }

    @Test
    void savedTextRestoresToTheSameTable() {
        List<RestoreCommand> again = RestoreParser.parse("saved", IpvsadmFormat.save(table));
        IpvsClient client = FakeIpvsKernelAccess.newClient();
        client.execute(again.stream().map(RestoreCommand::operation).toList()).throwIfFailed();
        assertEquals(IpvsadmFormat.save(table), IpvsadmFormat.save(client.table()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "0, false, '        0'",
        "99999999, false, ' 99999999'",
        "100000000, false, '  100000K'",
        "999999999, false, '  999999K'",
        "1000000000, false, '    1000M'",
        "99999999999, false, '   99999M'",
        "100000000000, false, '     100G'",
        "100000000000000, false, '     100T'",
        "12345678, true, ' 12345678'",
        "123456789, true, ' 123456789'",
        "12345678901234, true, ' 12345678901234'",
    })
    void largeNumbersScaleLikeIpvsadm(long value, boolean exact, String expected) {
        assertEquals(expected, IpvsadmFormat.largeNumber(value, exact));
    }
}
