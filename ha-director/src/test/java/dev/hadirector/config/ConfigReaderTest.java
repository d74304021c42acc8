package dev.hadirector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {
    private static final Path FILE = Path.of("/etc/keepalived/keepalived.conf");
    private final ConfigReader reader = ConfigReader.builder().configId("main").build();

    @TempDir
    Path dir;

    private String tree(String text) throws ConfigException {
        return TreeText.of(reader.parse(FILE, text).nodes());
    }

    private ConfigException error(String text) {
        return assertThrows(ConfigException.class, () -> reader.parse(FILE, text));
    }

    @Test
    void blocksNestedBlocksAndLeaves() throws Exception {
        String text = """
                global_defs {
                    router_id LVS_1
                }
                vrrp_instance VI_1 {
                    state MASTER
                    nopreempt
                    virtual_ipaddress {
                        192.168.1.200/24 dev eth0 label eth0:1
                    }
                }
                """;
        assertEquals("global_defs@1{router_id[LVS_1]@2 } vrrp_instance[VI_1]@4{state[MASTER]@5 nopreempt@6 "
                + "virtual_ipaddress@7{192.168.1.200/24[dev|eth0|label|eth0:1]@8 } } ", tree(text));
    }

    @Test
    void bracesGluedToWords() throws Exception {
        assertEquals("vrrp_instance[VI_1]@1{state[BACKUP]@1 } ", tree("vrrp_instance VI_1{state BACKUP}"));
        assertEquals("a@1{b@1 c@2{d@2 } } ", tree("a{b\nc{d}}"));
        assertEquals("a[x]@1{b@1 } c@1{} ", tree("a x{b}c{}"));
    }

    @Test
    void braceOnTheNextLine() throws Exception {
        assertEquals("vrrp_instance[VI_1]@1{state[MASTER]@4 } ",
                tree("vrrp_instance VI_1\n\n{\n  state MASTER\n}\n"));
    }

    @Test
    void oneLineBlockAndEmptyBlocks() throws Exception {
        // as in keepalived, a line is one statement: words after the first are its arguments
        assertEquals("virtual_ipaddress@1{10.0.0.1[dev|eth0]@1 } x@2{} y@3{} ",
                tree("virtual_ipaddress { 10.0.0.1 dev eth0 }\nx {}\ny{\n}\n"));
        ConfigNode empty = reader.parse(FILE, "x {}").nodes().get(0);
        assertTrue(empty.hasBlock());
        assertTrue(empty.children().isEmpty());
        ConfigNode bare = reader.parse(FILE, "x").nodes().get(0);
        assertEquals(false, bare.hasBlock());
    }

    @Test
    void commentsWithHashAndBangAlsoAfterTokens() throws Exception {
        String text = "# whole line\n! also a comment\nrouter_id r1 # trailing\nstate MASTER! glued\n   #indented\n";
        assertEquals("router_id[r1]@3 state[MASTER]@4 ", tree(text));
    }

    @Test
    void commentHidesBraces() throws Exception {
        assertEquals("a@1{b@2 } ", tree("a { # }\nb\n}"));
    }

    @Test
    void quotedStringsKeepSpacesHashesAndBraces() throws Exception {
        List<ConfigNode> nodes = reader.parse(FILE,
                "notify_master \"/usr/bin/notify.sh master # not a comment { }\"\n"
                        + "misc_path '/bin/check a' x\n"
                        + "glued abcd\" efg h jkl \"mnop\n"
                        + "empty \"\"\n").nodes();
        assertEquals(List.of("/usr/bin/notify.sh master # not a comment { }"), nodes.get(0).args());
        assertEquals(List.of("/bin/check a", "x"), nodes.get(1).args());
        // keepalived 2.2.7 splits at quotes (its man page says they glue): see LineLexer
        assertEquals(List.of("abcd", " efg h jkl ", "mnop"), nodes.get(2).args());
        assertEquals(List.of(""), nodes.get(3).args());
    }

    @Test
    void escapesInsideQuotes() throws Exception {
        ConfigNode node = reader.parse(FILE, "k \"a\\tb\\\"c\\\\d\\x41\\101\\cA\\q\"").nodes().get(0);
        assertEquals(List.of("a\tb\"c\\dAA\u0001q"), node.args());
        assertEquals(List.of("it's"), reader.parse(FILE, "k \"it's\"").nodes().get(0).args());
    }

    @Test
    void backslashOutsideQuotesIsLiteral() throws Exception {
        assertEquals(List.of("a\\b"), reader.parse(FILE, "k a\\b").nodes().get(0).args());
    }

    @Test
    void crlfLineEndingsAndTabs() throws Exception {
        assertEquals("vrrp_instance[VI_1]@1{state[MASTER]@2 priority[100]@3 } ",
                tree("vrrp_instance\tVI_1 {\r\n\tstate\tMASTER\r\n\t\tpriority 100\t\r\n}\r\n"));
    }

    @Test
    void emptyAndCommentOnlyInputGiveNoNodes() throws Exception {
        assertEquals("", tree(""));
        assertEquals("", tree("\n\n  # nothing\n!\n\t\n"));
    }

    @Test
    void unmatchedClosingBraceNamesItsLine() {
        ConfigException e = error("a {\n}\n}\n");
        assertEquals(FILE + ":3: unmatched '}'", e.getMessage());
        assertEquals(3, e.location().line());
    }

    @Test
    void unclosedBlockNamesTheLineOfItsOpeningBrace() {
        ConfigException e = error("global_defs {\n  router_id x\n}\nvrrp_instance VI_1\n{\n  state MASTER\n");
        assertEquals(FILE + ":5: unclosed '{' of 'vrrp_instance VI_1': no matching '}' before the end of the"
                + " configuration", e.getMessage());
        ConfigException nested = error("a {\n b {\n");
        assertEquals(FILE + ":2: unclosed '{' of 'b': no matching '}' before the end of the configuration"
                + " (2 blocks still open)", nested.getMessage());
    }

    @Test
    void openingBraceWithoutKeyword() {
        assertEquals(FILE + ":2: '{' without a keyword before it", error("a { }\n{ b }\n").getMessage());
    }

    @Test
    void unterminatedQuotedString() {
        assertEquals(FILE + ":3: unterminated quoted string (missing closing \" for the one at column 8)",
                error("a {\n}\nscript \"/bin/true\n").getMessage());
    }

    @Test
    void nestingDepthIsBounded() {
        ConfigException e = error("a{".repeat(TreeBuilder.MAX_DEPTH + 1));
        assertEquals(FILE + ":1: blocks nested deeper than 100 levels", e.getMessage());
    }

    @Test
    void includeWithGlobInTheIncludingFilesDirectory() throws Exception {
        Path conf = dir.resolve("conf.d");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("20-b.conf"), "vrrp_instance B {\n state BACKUP\n}\n");
        Files.writeString(conf.resolve("10-a.conf"), "vrrp_instance A {\n state MASTER\n}\n");
        Files.writeString(conf.resolve("30-c.txt"), "not included\n");
        Files.writeString(conf.resolve(".hidden.conf"), "hidden\n");
        Path main = dir.resolve("keepalived.conf");
        Files.writeString(main, "global_defs {\n}\ninclude conf.d/*.conf\nlast\n");
        ConfigTree tree = reader.read(main);
        assertEquals("global_defs@1{} vrrp_instance[A]@1{state[MASTER]@2 } vrrp_instance[B]@1{state[BACKUP]@2 }"
                + " last@4 ", TreeText.of(tree.nodes()));
        assertEquals(conf.resolve("10-a.conf"), tree.nodes().get(1).location().file());
        assertEquals(conf.resolve("20-b.conf"), tree.nodes().get(2).location().file());
        assertEquals(main, tree.nodes().get(3).location().file());
        assertTrue(tree.readFindings().isEmpty());
    }

    @Test
    void nestedIncludeResolvesRelativeToItsOwnFile() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.writeString(sub.resolve("inner.conf"), "include ../leaf?.conf\n");
        Files.writeString(dir.resolve("leaf1.conf"), "leaf one\n");
        Files.writeString(dir.resolve("leaf2.conf"), "leaf two\n");
        Files.writeString(dir.resolve("leafx.conf"), "leaf x\n");
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "include sub/inner.conf\ninclude leaf[!12].conf\n");
        assertEquals("leaf[one]@1 leaf[two]@1 leaf[x]@1 ", TreeText.of(reader.read(main).nodes()));
    }

    @Test
    void includeWithBraceAlternatives() throws Exception {
        Files.writeString(dir.resolve("a.conf"), "a\n");
        Files.writeString(dir.resolve("b.conf"), "b\n");
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "include {b,a,missing}.conf\n");
        assertEquals("b@1 a@1 ", TreeText.of(reader.read(main).nodes()));
        Files.writeString(main, "includeb {b,a,missing}.conf\n");
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(main));
        assertEquals(main + ":1: includeb: cannot read " + dir.resolve("missing.conf") + " (No such file)",
                e.getMessage());
    }

    @Test
    void errorsInsideAnIncludedFileNameThatFile() throws Exception {
        Path inner = dir.resolve("inner.conf");
        Files.writeString(inner, "ok\nscript \"/bin/true\n");
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "a\ninclude inner.conf\n");
        ConfigException quote = assertThrows(ConfigException.class, () -> reader.read(main));
        assertEquals(inner + ":2: unterminated quoted string (missing closing \" for the one at column 8)",
                quote.getMessage());
        Files.writeString(inner, "\n\nvrrp_instance X {\n");
        ConfigException brace = assertThrows(ConfigException.class, () -> reader.read(main));
        assertEquals(inner + ":3: unclosed '{' of 'vrrp_instance X': no matching '}' before the end of the"
                + " configuration", brace.getMessage());
    }

    @Test
    void blockMaySpanAnInclude() throws Exception {
        Files.writeString(dir.resolve("vips.conf"), "10.0.0.1\n10.0.0.2\n");
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "virtual_ipaddress {\n  include vips.conf\n}\n");
        assertEquals("virtual_ipaddress@1{10.0.0.1@1 10.0.0.2@2 } ", TreeText.of(reader.read(main).nodes()));
    }

    @Test
    void globMatchingNothingIsAWarningForIncludeAndAnErrorForIncludew() throws Exception {
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "a\ninclude nothing/*.conf\n");
        ConfigTree tree = reader.read(main);
        assertEquals(1, tree.readFindings().size());
        Finding finding = tree.readFindings().get(0);
        assertEquals(Severity.WARNING, finding.severity());
        assertEquals(FindingKind.INCLUDE_NO_MATCH, finding.kind());
        assertEquals(main + ":2: include: no file matches nothing/*.conf", finding.toString());

        Files.writeString(main, "a\nincludew nothing/*.conf\n");
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(main));
        assertEquals(main + ":2: includew: no file matches nothing/*.conf", e.getMessage());
    }

    @Test
    void includeCheckMakesAnEmptyGlobAnError() throws Exception {
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "global_defs {\n  include_check wildcard_match\n}\ninclude none/*.conf\n");
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(main));
        assertEquals(main + ":4: include: no file matches none/*.conf", e.getMessage());
        Files.writeString(main, "global_defs {\n  include_check\n  include_check -wildcard_match\n}\ninclude none/*.conf\n");
        assertEquals(1, reader.read(main).readFindings().size());
    }

    @Test
    void includeCheckBraceMatch() throws Exception {
        Files.writeString(dir.resolve("a.conf"), "a\n");
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "global_defs {\n  include_check +brace_match\n}\ninclude {a,missing}.conf\n");
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(main));
        assertEquals(main + ":4: include: cannot read " + dir.resolve("missing.conf") + " (No such file)", e.getMessage());
    }

    @Test
    void includeCheckSetInAnIncludedFileDoesNotLeakBack() throws Exception {
        Files.writeString(dir.resolve("checks.conf"), "include_check\n");
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "include checks.conf\ninclude none/*.conf\n");
        ConfigTree tree = reader.read(main);
        assertEquals(List.of(main + ":2: include: no file matches none/*.conf"),
                tree.readFindings().stream().map(Finding::toString).toList());
    }

    @Test
    void unknownIncludeCheckOptionIsAWarning() throws Exception {
        ConfigTree tree = reader.parse(FILE, "global_defs {\n include_check readable sometimes\n}\n");
        assertEquals(List.of(FILE + ":2: include_check option 'sometimes' unknown: must be readable, match,"
                + " wildcard_match or brace_match; ignored"), tree.readFindings().stream().map(Finding::toString).toList());
        assertEquals(FindingKind.BAD_VALUE, tree.readFindings().get(0).kind());
    }

    @Test
    void missingIncludeIsAnErrorAtTheIncludeLine() throws Exception {
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "a\n\n# c\n\n\n\ninclude /nonexistent-dir/y.conf\n");
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(main));
        assertEquals(main + ":7: include: cannot read /nonexistent-dir/y.conf (No such file)", e.getMessage());
    }

    @Test
    void includeOfADirectoryIsAnError() throws Exception {
        Files.createDirectories(dir.resolve("d"));
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "include d\n");
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(main));
        assertEquals(main + ":1: include: cannot read " + dir.resolve("d") + " (Is a directory)", e.getMessage());
    }

    @Test
    void includeLoopIsAnErrorNamingTheChain() throws Exception {
        Path a = dir.resolve("a.conf");
        Path b = dir.resolve("b.conf");
        Files.writeString(a, "x\ninclude b.conf\n");
        Files.writeString(b, "y\n\n\ninclude a.conf\n");
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(a));
        assertEquals(b + ":4: include loop: " + a + " -> " + b + " -> " + a, e.getMessage());
    }

    @Test
    void selfIncludeThroughGlobIsALoop() throws Exception {
        Path a = dir.resolve("a.conf");
        Files.writeString(a, "include *.conf\n");
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(a));
        assertEquals(a + ":1: include loop: " + a + " -> " + a, e.getMessage());
    }

    @Test
    void includeNeedsExactlyOneName() {
        assertEquals(FILE + ":1: include: expected one file name or pattern, found 2",
                error("include a b").getMessage());
        assertEquals(FILE + ":1: include: expected one file name or pattern, found 0",
                error("include   # nothing").getMessage());
    }

    @Test
    void mainFileMissing() {
        Path missing = dir.resolve("missing.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(missing));
        assertEquals(missing + ": cannot read " + missing + " (No such file)", e.getMessage());
    }

    @Test
    void conditionalLines() throws Exception {
        String text = "@main router_id main_router\n@backup router_id backup_router\n"
                + "unicast_peer {\n  @^main 1.2.3.4\n  @^backup 1.2.3.5\n}\n";
        assertEquals("router_id[main_router]@1 unicast_peer@3{1.2.3.5@5 } ", tree(text));
        ConfigReader backup = ConfigReader.builder().configId("backup").build();
        assertEquals("router_id[backup_router]@2 unicast_peer@3{1.2.3.4@4 } ",
                TreeText.of(backup.parse(FILE, text).nodes()));
    }

    @Test
    void definitionsAndSubstitution() throws Exception {
        String text = """
                $ADDRESS_BASE=10.2.${ADDRESS_BASE_SUB}
                $ADDRESS_BASE_SUB=0
                ${ADDRESS_BASE}.100/32
                $ADDRESS_BASE_SUB=10
                ${ADDRESS_BASE}.100/32
                @main $PRIORITY=240
                @backup $PRIORITY=200
                priority $PRIORITY
                keep $UNDEFINED ${UNDEFINED} $PRIORITYx
                comment ${_HASH}x ${_BANG}
                $EMPTY=
                e $EMPTY end
                """;
        assertEquals("10.2.0.100/32@3 10.2.10.100/32@5 priority[240]@8 keep[$UNDEFINED|${UNDEFINED}|$PRIORITYx]@9 "
                + "comment[#x|!]@10 e[end]@12 ", tree(text));
    }

    @Test
    void substitutionInsideQuotesAndPredefinedPwd() throws Exception {
        ConfigNode node = reader.parse(FILE, "$S=check.sh\nmisc_path \"${_PWD}/$S arg\"\nid ${_INSTANCE}").nodes().get(0);
        assertEquals(List.of("/etc/keepalived/check.sh arg"), node.args());
        assertEquals(List.of("main"), reader.parse(FILE, "id ${_INSTANCE}").nodes().get(0).args());
    }

    @Test
    void definedConditionalPrefix() throws Exception {
        assertEquals("priority[240]@2 ", tree("$IF_MAIN=@main\n$IF_MAIN priority 240\n"));
        assertEquals("", tree("$IF_B=@backup\n$IF_B priority 240\n"));
    }

    @Test
    void randomStaysInItsRange() throws Exception {
        for (int i = 0; i < 50; i++) {
            int value = Integer.parseInt(reader.parse(FILE, "r ${_RANDOM 3 5}").nodes().get(0).args().get(0));
            assertTrue(value >= 3 && value <= 5, "value " + value);
        }
        assertEquals(FILE + ":1: ${_RANDOM} MIN 5 greater than MAX 3", error("r ${_RANDOM 5 3}").getMessage());
    }

    @Test
    void multiLineDefinitionsExpandToStatements() throws Exception {
        String text = """
                $INSTANCE= \\
                vrrp_instance VI_${NUM} { \\
                    interface eth0.${NUM} \\
                    @main priority 130 \\
                    @backup priority 120 \\
                    virtual_ipaddress { \\
                        10.0.${NUM}.254/24 \\
                    } \\
                }

                $NUM=0
                $INSTANCE
                $NUM=1
                $INSTANCE
                """;
        assertEquals("vrrp_instance[VI_0]@12{interface[eth0.0]@12 priority[130]@12 virtual_ipaddress@12{10.0.0.254/24@12 } } "
                + "vrrp_instance[VI_1]@14{interface[eth0.1]@14 priority[130]@14 virtual_ipaddress@14{10.0.1.254/24@14 } } ",
                tree(text));
    }

    @Test
    void nestedMultiLineDefinitionsWithInnerDefinitions() throws Exception {
        String text = """
                $RS= \\
                real_server 192.168.${VS_NUM}.${RS_NUM} 80 { \\
                    weight 1 \\

                }
                $VS= \\
                virtual_server 10.0.${VS_NUM}.4 80 { \\
                    $RS_NUM=1 \\
                    $RS \\
                    $RS_NUM=2 \\
                    $RS \\
                }
                $VS_NUM=0
                $VS
                """;
        assertEquals("virtual_server[10.0.0.4|80]@14{real_server[192.168.0.1|80]@14{weight[1]@14 } "
                + "real_server[192.168.0.2|80]@14{weight[1]@14 } } ", tree(text));
    }

    @Test
    void selfReferentialDefinitionFailsInsteadOfLooping() {
        ConfigException e = error("$A=x $A\nk $A\n");
        assertTrue(e.getMessage().startsWith(FILE + ":2: "), e.getMessage());
        ConfigException multi = error("$B= \\\n$B \\\nx\n$B\n");
        assertTrue(multi.getMessage().startsWith(FILE + ":4: parameter expansion nested deeper"), multi.getMessage());
    }

    @Test
    void exponentialMultiLineDefinitionsAreCut() {
        StringBuilder text = new StringBuilder("$D0= \\\nx\n");
        for (int i = 1; i <= 30; i++) {
            text.append("$D").append(i).append("= \\\n$D").append(i - 1).append(" \\\n$D").append(i - 1).append('\n');
        }
        text.append("$D30\n");
        ConfigException e = error(text.toString());
        assertEquals(FILE + ":93: parameter expansion produced more than " + Preprocessor.MAX_EXPANDED_LINES + " lines", e.getMessage());
    }

    @Test
    void sequenceLines() throws Exception {
        assertEquals("ip_address[10.0.0.1]@1 ip_address[10.0.1.1]@1 ip_address[10.0.2.1]@1 ip_address[10.0.3.1]@1 ",
                tree("~SEQ(SUBNET, 0, 3) ip_address 10.0.${SUBNET}.1"));
        assertEquals("ip_address[fe80::20:90:1]@1 ip_address[fe80::20:a0:1]@1 ip_address[fe80::20:b0:1]@1 "
                + "ip_address[fe80::20:c0:1]@1 ", tree("~SEQx(SUBNET, 0x90, 0x10, 0xc0) ip_address fe80::20:${SUBNET}:1"));
        assertEquals("x[1]@1 x[2]@1 x[3]@1 ", tree("~SEQ(I, 3) x ${I}"));
        assertEquals("x[-1]@1 x[-2]@1 ", tree("~SEQ(I, -2) x ${I}"));
        assertEquals("x[5]@1 x[4]@1 ", tree("~SEQ(I, 5, 4) x ${I}"));
        assertEquals("x[12]@1 x[11]@1 x[22]@1 x[21]@1 ", tree("~SEQ(A, 1, 2) ~SEQ(B, 2, -1, 1) x ${A}${B}"));
        assertEquals("", tree("~SEQ(I, 5, 1, 4) x ${I}"));
    }

    @Test
    void listLines() throws Exception {
        assertEquals("192.168.10.1@1 192.168.20.4@1 192.168.5.6@1 192.168.12.8@1 ",
                tree("~LST({IP, IP1}, {10,1},{20,4},{5,6},{12,8}) 192.168.${IP}.${IP1}"));
        assertEquals("192.169.1.5@1 192.169.1.6@1 192.169.2.5@1 192.169.2.6@1 ",
                tree("~LST(IP, 1, 2) ~LST(IP1, 5,6) 192.169.${IP}.${IP1}"));
        assertEquals("192.168.10.1@1 192.170.10.1@1 192.168.20.4@1 192.170.20.4@1 ",
                tree("~LST({IP, IP1}, {10,1},{20,4}) ~SEQ(IP2,168,2,170) 192.${IP2}.${IP}.${IP1}"));
    }

    @Test
    void sequenceOfAMultiLineDefinition() throws Exception {
        String text = "$VI= \\\nvrrp_instance vi_${N} { \\\n  virtual_router_id ${N} \\\n}\n~SEQ(N, 1, 2) $VI\n";
        assertEquals("vrrp_instance[vi_1]@5{virtual_router_id[1]@5 } vrrp_instance[vi_2]@5{virtual_router_id[2]@5 } ",
                tree(text));
    }

    @Test
    void badSequenceAndListLines() {
        assertEquals(FILE + ":2: ~SEQ step 0 invalid: must not be 0", error("a\n~SEQ(I, 1, 0, 3) x").getMessage());
        assertEquals(FILE + ":1: ~SEQ(I) invalid: expected (var, end), (var, start, end) or (var, start, step, end)",
                error("~SEQ(I) x").getMessage());
        assertEquals(FILE + ":1: ~SEQ end 'z' invalid: must be an integer (decimal or 0x hexadecimal) within +/-2147483647",
                error("~SEQ(I, z) x").getMessage());
        assertEquals(FILE + ":1: ~SEQ variable '1x' invalid: must be letters, digits and '_', not starting with a digit",
                error("~SEQ(1x, 2) x").getMessage());
        assertEquals(FILE + ":1: ~SEQ: missing ')'", error("~SEQ(I, 2 x").getMessage());
        assertEquals(FILE + ":1: ~LST value '{1}' invalid: has 1 values for 2 variables",
                error("~LST({A,B}, {1}) x").getMessage());
        assertEquals(FILE + ":1: '~FOO' invalid: expected ~SEQ(...), ~SEQx(...) or ~LST(...)",
                error("~SEQUENCE(I, 2) x").getMessage().replace("~SEQUENCE", "~FOO"));
        assertEquals(FILE + ":1: ~SEQ produces more than 100000 values", error("~SEQ(I, 0, 2000000000) x").getMessage());
    }

    @Test
    void treeIsImmutable() throws Exception {
        ConfigNode node = reader.parse(FILE, "a b { c }").nodes().get(0);
        assertThrows(UnsupportedOperationException.class, () -> node.args().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> node.children().clear());
        ConfigTree tree = reader.parse(FILE, "a");
        assertThrows(UnsupportedOperationException.class, () -> tree.nodes().clear());
    }

    @Test
    void configIdIsValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigReader.builder().configId("a b"));
        assertEquals("configId 'a b' invalid: must be a non-empty word without white space", e.getMessage());
    }
}
