package dev.hadirector.ipvs.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.Forwarding;
import dev.hadirector.api.Protocol;
import dev.hadirector.api.Scheduler;
import dev.hadirector.ipvs.Ipvs;
import dev.hadirector.ipvs.IpvsDestination;
import dev.hadirector.ipvs.IpvsOperation;
import dev.hadirector.ipvs.IpvsService;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestoreParserTest {

    private static IpvsOperation one(String line) {
        List<RestoreCommand> commands = RestoreParser.parse("<test>", line);
        assertEquals(1, commands.size());
        return commands.get(0).operation();
    }

    private static IpvsService service(String line) {
        IpvsOperation op = one(line);
        return op instanceof IpvsOperation.AddService a ? a.service() : ((IpvsOperation.EditService) op).service();
    }

    private static IpvsDestination destination(String line) {
        IpvsOperation op = one(line);
        return op instanceof IpvsOperation.AddDestination a ? a.destination()
                : ((IpvsOperation.EditDestination) op).destination();
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void serviceDefaultsAreIpvsadms() throws Exception {
        IpvsService s = service("-A -t 10.0.0.1:80");
        assertEquals(ServiceKey.of(Protocol.TCP, ip("10.0.0.1"), 80), s.key());
        assertEquals(Scheduler.WLC, s.scheduler());
        assertEquals(0, s.flags());
        assertEquals(0, s.timeout());
        assertEquals(0xffffffff, s.netmask());
        assertEquals(null, s.persistenceEngine());
    }

    @Test
    void everyServiceOption() throws Exception {
        IpvsService s = service("-A -u 10.0.0.1:53 -s sh -p 600 -M 255.255.255.0 --pe sip -o -b sh-fallback,sh-port");
        assertEquals(Protocol.UDP, s.key().protocol());
        assertEquals(Scheduler.SH, s.scheduler());
        assertEquals(Ipvs.SVC_F_PERSISTENT | Ipvs.SVC_F_ONEPACKET | Ipvs.SVC_F_SCHED1 | Ipvs.SVC_F_SCHED2, s.flags());
        assertEquals(600, s.timeout());
        assertEquals(0xffffff00, s.netmask());
        assertEquals("sip", s.persistenceEngine());

        IpvsService longForms = service("--add-service --udp-service 10.0.0.1:53 --scheduler=sh --persistent 600 "
                + "--netmask 255.255.255.0 --pe=sip --ops --sched-flags sh-fallback,sh-port");
        assertEquals(s, longForms);
    }

    @Test
    void persistenceWithoutTimeoutUses360AndAttachedValuesParse() {
        assertEquals(360, service("-A -t 10.0.0.1:80 -p").timeout());
        assertEquals(360, service("-A -t 10.0.0.1:80 -p -s rr").timeout());
        assertEquals(90, service("-A -t 10.0.0.1:80 -p90").timeout());
        assertEquals(Scheduler.RR, service("-A -t 10.0.0.1:80 -srr").scheduler());
    }

    @Test
    void sctpFirewallMarkAndIpv6Services() throws Exception {
        assertEquals(ServiceKey.of(Protocol.SCTP, ip("10.0.0.1"), 5000), service("-A --sctp-service 10.0.0.1:5000").key());
        assertEquals(ServiceKey.firewallMark(7, false), service("-A -f 7 -s rr").key());
        assertEquals(ServiceKey.firewallMark(8, true), service("-A -f 8 -6 -s mh -b mh-port").key());
        assertEquals(Ipvs.SVC_F_SCHED2, service("-A -f 8 --ipv6 -s mh -b mh-port").flags());
        IpvsService v6 = service("-A -t [2001:db8::1]:443 -s wrr -p 300 -M 64");
        assertEquals(ServiceKey.of(Protocol.TCP, ip("2001:db8::1"), 443), v6.key());
        assertEquals(64, v6.netmask());
        assertEquals(128, service("-A -t [2001:db8::1]:443").netmask());
        assertEquals(Ipvs.SVC_F_SCHED1 | Ipvs.SVC_F_SCHED2 | Ipvs.SVC_F_SCHED3,
                service("-A -t 10.0.0.1:80 -s rr -b flag-1,flag-2,flag-3").flags());
    }

    @Test
    void portNamesComeFromEtcServices() throws Exception {
        if (!java.nio.file.Files.exists(java.nio.file.Path.of("/etc/services"))) {
            dev.hadirector.testkit.Rig.missing("no /etc/services on this machine (Debian package netbase)");
        }
        assertEquals(80, service("-A -t 10.0.0.1:http -s rr").key().port());
        assertEquals(53, service("-A -u 10.0.0.1:domain -s rr").key().port());
    }

    @Test
    void hostNamesComeFromEtcHostsOnly() throws Exception {
        if (!java.nio.file.Files.readString(java.nio.file.Path.of("/etc/hosts")).contains("localhost")) {
            dev.hadirector.testkit.Rig.missing("no localhost in /etc/hosts on this machine");
        }
        assertEquals(ip("127.0.0.1"), service("-A -t localhost:80 -s rr").key().address());
    }

    @Test
    void editServiceReplacesEveryField() {
        IpvsOperation op = one("-E -t 1.2.3.4:80 -s wrr");
        IpvsService s = assertInstanceOf(IpvsOperation.EditService.class, op).service();
        assertEquals(Scheduler.WRR, s.scheduler());
        assertEquals(0, s.flags());
    }

    @Test
    void deleteServiceAndClear() throws Exception {
        assertEquals(new IpvsOperation.DeleteService(ServiceKey.of(Protocol.UDP, ip("10.0.0.1"), 53)),
                one("-D -u 10.0.0.1:53"));
        assertEquals(new IpvsOperation.DeleteService(ServiceKey.firewallMark(3, true)),
                one("--delete-service --fwmark-service 3 -6"));
        assertInstanceOf(IpvsOperation.Flush.class, one("-C"));
        assertInstanceOf(IpvsOperation.Flush.class, one("--clear"));
    }

    @Test
    void serverDefaultsRouteWithWeightOneOnTheServicePort() throws Exception {
        IpvsOperation op = one("-a -t 1.2.3.4:80 -r 1.2.3.5");
        IpvsOperation.AddDestination add = assertInstanceOf(IpvsOperation.AddDestination.class, op);
        assertEquals(ServiceKey.of(Protocol.TCP, ip("1.2.3.4"), 80), add.service());
        assertEquals(new IpvsDestination(ip("1.2.3.5"), 80, Forwarding.DIRECT_ROUTE, 1, 0, 0), add.destination());
    }

    @Test
    void everyServerOption() throws Exception {
        assertEquals(new IpvsDestination(ip("10.0.0.2"), 8080, Forwarding.MASQUERADE, 3, 100, 10),
                destination("-a -t 10.0.0.1:80 -r 10.0.0.2:8080 -m -w 3 -x 100 -y 10"));
        assertEquals(new IpvsDestination(ip("10.0.0.2"), 8080, Forwarding.MASQUERADE, 3, 100, 10),
                destination("--add-server --tcp-service 10.0.0.1:80 --real-server 10.0.0.2:8080 --masquerading "
                        + "--weight 3 --u-threshold 100 --l-threshold=10"));
        assertEquals(80, destination("-a -t 10.0.0.1:80 -r 10.0.0.3:8080 -g").port(),
                "only NAT can change the port");
        assertEquals(Forwarding.DIRECT_ROUTE, destination("-a -t 10.0.0.1:80 -r 10.0.0.3 --gatewaying").forwarding());
        assertEquals(Forwarding.TUNNEL, destination("-a -t 10.0.0.1:80 -r 10.0.0.3 -i").forwarding());
        assertEquals(Forwarding.TUNNEL, destination("-a -t 10.0.0.1:80 -r 10.0.0.3 --ipip --tun-type ipip").forwarding());
        assertEquals(Forwarding.tunnel(Forwarding.TunnelType.GUE, 6080, Forwarding.TunnelChecksum.CHECKSUM),
                destination("-a -t 10.0.0.1:80 -r 10.0.0.4 -i --tun-type gue --tun-port 6080 --tun-csum").forwarding());
        assertEquals(Forwarding.tunnel(Forwarding.TunnelType.GUE, 5, Forwarding.TunnelChecksum.REMOTE_CHECKSUM),
                destination("-a -t 10.0.0.1:80 -r 10.0.0.4 -i --tun-type gue --tun-port 5 --tun-remcsum").forwarding());
        assertEquals(Forwarding.tunnel(Forwarding.TunnelType.GRE, 0, Forwarding.TunnelChecksum.NONE),
                destination("-a -t 10.0.0.1:80 -r 10.0.0.4 -i --tun-type gre --tun-nocsum").forwarding());
        IpvsDestination mixed = destination("-a -t [2001:db8::1]:443 -r 10.0.0.10 -i -w 4");
        assertEquals(ip("10.0.0.10"), mixed.address());
        assertEquals(443, mixed.port());
        assertEquals(ip("2001:db8::7"), destination("-a -f 9 -6 -r [2001:db8::7]:0 -g").address());
        assertEquals(0, destination("-a -f 9 -6 -r 2001:db8::7 -m").port());
        IpvsOperation edit = one("-e -t 10.0.0.1:80 -r 10.0.0.4:80 -m -w 7");
        assertEquals(7, assertInstanceOf(IpvsOperation.EditDestination.class, edit).destination().weight());
        IpvsOperation delete = one("-d -t 10.0.0.1:80 -r 10.0.0.4");
        assertEquals("10.0.0.4:80", assertInstanceOf(IpvsOperation.DeleteDestination.class, delete)
                .destination().endpoint());
    }

    @Test
    void commentsAndBlankLinesAreSkippedAndLineNumbersKept() {
        List<RestoreCommand> commands = RestoreParser.parse("<test>", "# saved\n\n-A -t 1.2.3.4:80 -s rr\n"
                + "   \n-a -t 1.2.3.4:80 -r 1.2.3.5\n");
        assertEquals(2, commands.size());
        assertEquals(3, commands.get(0).line());
        assertEquals(5, commands.get(1).line());
    }

    @Test
    void blanksOfEveryKindSeparateTokensAndCrlfLinesParse() throws Exception {
        List<RestoreCommand> commands = RestoreParser.parse("<test>", "\t-A\t-t  1.2.3.4:80 \u000b-s\frr \r\n"
                + "-a -t 1.2.3.4:80 -r 1.2.3.5:80 -m -w 7\r\n\r\n  # indented comment\r\n"
                + "-a -t 1.2.3.4:80 -r 1.2.3.6 -g");
        assertEquals(List.of(1, 2, 5), commands.stream().map(RestoreCommand::line).toList());
        assertEquals("-A\t-t  1.2.3.4:80 \u000b-s\frr", commands.get(0).text(), "the line as written, stripped");
        assertEquals("rr", ((IpvsOperation.AddService) commands.get(0).operation()).service().scheduler().name());
        IpvsDestination weighted = ((IpvsOperation.AddDestination) commands.get(1).operation()).destination();
        assertEquals(7, weighted.weight());
        assertEquals(InetAddress.getByName("1.2.3.5"), weighted.address());
        assertEquals("1.2.3.6:80", ((IpvsOperation.AddDestination) commands.get(2).operation()).destination()
                .endpoint(), "the last line needs no line break");
    }

    @Test
    void dottedQuadsParseAsTheGeneralParserDoes() throws Exception {
        for (String address : List.of("0.0.0.0", "255.255.255.255", "010.001.0.9", "192.0.2.1")) {
            ServiceKey key = ((IpvsOperation.AddService) one("-A -t " + address + ":80")).service().key();
            assertEquals(dev.hadirector.ipvs.Addresses.parse("test", address), key.address(), address);
        }
        for (String bad : List.of("1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.", "1.2.3.1000", "1.2.3.256")) {
            RestoreException e = assertThrows(RestoreException.class, () -> one("-A -t " + bad + ":80"), bad);
            assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        }
    }

    @Test
    void commandsAreHandedOverLineByLineAndAServiceKeyIsSharedByItsLines() {
        List<RestoreCommand> seen = new java.util.ArrayList<>();
        RestoreParser.parse("<test>", "-A -t 1.2.3.4:80\n-a -t 1.2.3.4:80 -r 1.2.3.5\n-A -u 1.2.3.4:80\n",
                seen::add);
        assertEquals(3, seen.size());
        ServiceKey tcp = ((IpvsOperation.AddService) seen.get(0).operation()).service().key();
        assertTrue(tcp == ((IpvsOperation.AddDestination) seen.get(1).operation()).service(), "one key object per service");
        ServiceKey udp = ((IpvsOperation.AddService) seen.get(2).operation()).service().key();
        assertEquals(dev.hadirector.api.Protocol.UDP, udp.protocol(), "same address text, another protocol");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "bogus | unexpected argument 'bogus'",
        "-A -t 10.0.0.1:80 --frobnicate | unknown option '--frobnicate'",
        "-t 10.0.0.1:80 -s rr | no command",
        "-A -E -t 10.0.0.1:80 | two commands on one line: -A and -E",
        "-A | no virtual service",
        "-A -t 10.0.0.1:80 -u 10.0.0.1:80 | more than one virtual service",
        "-A -t 10.0.0.1:80 -s | option -s needs a value",
        "-A -t 10.0.0.1:80 -s rr -s wrr | option -s given twice",
        "-A -t 10.0.0.1:80 -o | -o (one-packet scheduling) is only for UDP",
        "-A -t 10.0.0.1:0 -s rr | port 0 of TCP 10.0.0.1:0 is only allowed for a persistent service",
        "-A -t 10.0.0.1:70000 | service address port 70000 out of range: must be 0..65535",
        "-A -t 10.0.0.1:nosuchport | is neither a number 0..65535 nor a service name",
        "-A -t www.example.invalid:80 | is neither an IP literal nor an IPv4 name in /etc/hosts (DNS is not consulted)",
        "-A -t 10.0.0.256:80 | octet \"256\" must be 0..255",
        "-A -t [2001:db8::1:80 | lacks the closing ']'",
        "-A -t 10.0.0.1:80 -6 | option -6 is only for firewall-mark services",
        "-A -f 0 | firewall mark 0 out of range: must be 1..4294967295",
        "-A -f 4294967296 | firewall mark 4294967296 out of range",
        "-A -f x | firewall mark 'x' is not a number",
        "-A -t 10.0.0.1:80 -p 0 | persistence timeout 0 out of range",
        "-A -t 10.0.0.1:80 -p -M 24 | IPv4 netmask '24' must be a dotted quad",
        "-A -t [::1]:80 -p -M 129 | IPv6 netmask (prefix length) 129 out of range: must be 1..128",
        "-A -t 10.0.0.1:80 -s rr -b sh-port | scheduler flag 'sh-port' does not apply to scheduler rr",
        "-A -t 10.0.0.1:80 -s sh -b mh-port | scheduler flag 'mh-port' does not apply to scheduler sh",
        "-A -t 10.0.0.1:80 -b flag-4 | unknown scheduler flag 'flag-4'",
        "-A -t 10.0.0.1:80 -s averyveryverylongname | is 21 characters: must be at most 15",
        "-A -t 10.0.0.1:80 --pe averyveryverylongname | persistence engine 'averyveryverylongname' must be 1..15",
        "-A -t 10.0.0.1:80 -r 10.0.0.2 | option -r is not allowed with -A",
        "-A -t 10.0.0.1:80 -w 3 | option -w is not allowed with -A",
        "-D -t 10.0.0.1:80 -s rr | option -s is not allowed with -D",
        "-C -t 10.0.0.1:80 | option -t is not allowed with -C",
        "-a -t 10.0.0.1:80 -w 1 | no real server: option -r is required",
        "-a -t 10.0.0.1:80 -r 10.0.0.2 -s rr | option -s is not allowed with -a",
        "-a -t 10.0.0.1:80 -r 10.0.0.2 -m -g | more than one forwarding method: -m and -g",
        "-a -t 10.0.0.1:80 -r 10.0.0.2 -w -1 | weight '-1' is not a number 0..2147483647",
        "-a -t 10.0.0.1:80 -r 10.0.0.2 -w 2147483648 | weight 2147483648 out of range: must be 0..2147483647",
        "-a -t 10.0.0.1:80 -r 10.0.0.2 -x 65536 | upper threshold 65536 out of range: must be 0..65535",
        "-a -t 10.0.0.1:80 -r 10.0.0.2 -x 3 -y 5 | lower threshold 5 exceeds upper threshold 3",
        "-a -t 10.0.0.1:80 -r 10.0.0.2 -m --tun-type gue | tunnel options (--tun-*) need tunnelling forwarding (-i)",
        "-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type vxlan | tunnel type 'vxlan' is unknown: must be ipip, gue or gre",
        "-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type gue | tunnel type gue needs --tun-port",
        "-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type gre --tun-port 5 | option --tun-port is only valid for tunnel type gue",
        "-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type gre --tun-remcsum | option --tun-remcsum is not valid for tunnel type gre",
        "-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-csum | option --tun-csum is only valid for tunnel types gue and gre",
        "-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type gue --tun-port 5 --tun-csum --tun-nocsum | more than one tunnel checksum option",
        "-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type gue --tun-port 0 | tunnel port 0 out of range: must be 1..65535",
        "-a -t 10.0.0.1:80 -r [2001:db8::2]:80 -m | mixed families need tunnelling (-i)",
        "-a -t 10.0.0.1:80 -r 10.0.0.2 -m3 | unknown option '-m3'",
        "-d -t 10.0.0.1:80 -r 10.0.0.2 -w 3 | option -w is not allowed with -d",
    })
    void malformedLineIsReportedWithItsLineNumber(String line, String expected) {
        String input = "-A -t 192.0.2.1:80 -s rr\n# comment\n" + line + "\n-A -t 192.0.2.2:80\n";
        RestoreException e = assertThrows(RestoreException.class, () -> RestoreParser.parse("rules.txt", input));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("rules.txt:3: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "message: " + e.getMessage());
    }
}
