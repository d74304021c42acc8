package dev.hadirector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reader's idea of where statements start and which block they are in, checked against keepalived:
 * each input hides made-up "probe" keywords in tricky syntax, and both keepalived -t and our validator must
 * report exactly the same probes, at the same file and line, as unknown.
 */
class ReaderAgainstKeepalivedTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            glued brace            | vrrp_instance VI_1{\\n probe_a 1\\n}\\n
            brace on next line     | vrrp_instance VI_1\\n\\n{\\n probe_b 1\\n}\\n
            comments after tokens  | vrrp_instance VI_1 { # c\\n probe_c 1! probe_x\\n probe_d#probe_y\\n! probe_z\\n}\\n
            one-line blocks        | vrrp_instance VI_1 { probe_e 1 }\\nvirtual_server 10.0.0.1 80 { probe_f 1 }\\n
            nested one-line block  | vrrp_instance VI_1 {\\n virtual_ipaddress { 10.0.0.1 }\\n probe_g 1\\n}\\n
            keyword after brace    | vrrp_instance VI_1 {\\n}probe_h 1\\n
            quoted hash            | vrrp_instance VI_1 {\\n probe_i "a # b" probe_j\\n "probe k" 1\\n}\\n
            crlf and tabs          | vrrp_instance\\tVI_1 {\\r\\n\\tprobe_crlf\\t1\\r\\n}\\r\\n
            empty blocks           | vrrp_instance VI_1 {\\n virtual_ipaddress {\\n }\\n track_script {}\\n probe_l 1\\n}\\n
            conditional lines      | vrrp_instance VI_1 {\\n @main probe_m 1\\n @^main probe_n 1\\n @other probe_o 1\\n}\\n
            definitions            | $P=probe_p\\nvrrp_instance VI_1 {\\n $P 1\\n ${P}2 1\\n}\\n
            multi-line definition  | $M= \\\\\\nprobe_m1 1 \\\\\\nprobe_m2 2\\nvrrp_instance VI_1 {\\n$M\\n}\\n
            include with glob      | vrrp_instance VI_1 {\\n include d/*.conf\\n probe_after 1\\n}\\n
            include with braces    | vrrp_instance VI_1 {\\n include d/{y,x}.conf\\n}\\n
            quotes split words     | vrrp_instance VI_1 {\\n probe_q"x y"z 1\\n "probe_r"probe_s 1\\n}\\n
            sequence lines         | vrrp_instance VI_1 {\\n ~SEQ(N, 1, 3) probe_seq_${N} 1\\n ~SEQx(H, 9, 11) probe_hex_${H} 1\\n}\\n
            list lines             | vrrp_instance VI_1 {\\n ~LST({A, B}, {x,1},{y,2}) probe_${A}_${B} 1\\n}\\n
            """)
    void sameUnknownKeywordsAsKeepalived(String name, String escaped) throws Exception {
        KeepalivedOracle.requireKeepalived();
        Path sub = Files.createDirectories(dir.resolve("d"));
        Files.writeString(sub.resolve("x.conf"), "probe_inc_x 1\n");
        Files.writeString(sub.resolve("y.conf"), "probe_inc_y 1\n");
        Path config = dir.resolve("keepalived.conf");
        Files.writeString(config, unescape(escaped));

        Set<String> keepalived = KeepalivedOracle.unknownKeywords(config, "main");
        assertFalse(keepalived.isEmpty(), "keepalived found no probe: the case proves nothing");
        ConfigReport ours = ConfigValidator.keepalived()
                .validate(ConfigReader.builder().configId("main").build().read(config));
        assertEquals(keepalived, KeepalivedOracle.ourUnknownKeywords(ours), name);
    }

    private static String unescape(String s) {
        return s.replace("\\\\", "\u0000").replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t")
                .replace("\u0000", "\\");
    }
}
