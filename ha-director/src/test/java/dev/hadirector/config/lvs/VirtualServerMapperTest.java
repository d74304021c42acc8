package dev.hadirector.config.lvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.DnsCheck;
import dev.hadirector.api.FileCheck;
import dev.hadirector.api.Forwarding;
import dev.hadirector.api.HttpCheck;
import dev.hadirector.api.MiscCheck;
import dev.hadirector.api.PingCheck;
import dev.hadirector.api.Protocol;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.Scheduler;
import dev.hadirector.api.SmtpCheck;
import dev.hadirector.api.TcpCheck;
import dev.hadirector.api.UdpCheck;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.config.ConfigException;
import dev.hadirector.config.ConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualServerMapperTest {
    @TempDir
    Path dir;

    private LvsConfig map(String text) throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, text);
        return VirtualServerMapper.map(ConfigReader.standard().read(file));
    }

    private ConfigException refused(String text) throws Exception {
        LvsConfig c = map(text);
        assertEquals(1, c.problems().size(), () -> "problems: " + c.problems());
        assertTrue(c.virtualServers().isEmpty());
        return c.problems().get(0);
    }

    private Path script(String name, boolean executable) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        return p;
    }

    @Test
    void everySettingOfAVirtualServerAndItsRealServers() throws Exception {
        Path up = script("up.sh", true);
        Path down = script("down.sh", true);
        Path state = dir.resolve("state");
        LvsConfig c = map("""
                track_file TF {
                    file %s
                    weight 5
                }
                virtual_server 10.0.0.1 80 {
                    delay_loop 2
                    connect_timeout 1.5
                    lvs_sched wrr
                    lvs_method DR
                    protocol TCP
                    persistence_timeout 50
                    persistence_granularity 255.255.255.0
                    quorum 3
                    hysteresis 1
                    quorum_up "%s qup arg"
                    quorum_down %s
                    sorry_server 10.0.0.9 8080
                    sorry_server_inhibit
                    omega
                    ha_suspend
                    virtualhost www.example
                    inhibit_on_failure
                    alpha
                    real_server 10.0.0.2 80 {
                        weight 4
                        notify_up "%s rs up"
                        notify_down %s
                        uthreshold 100
                        lthreshold 10
                        retry 5
                        inhibit_on_failure false
                        TCP_CHECK {
                            connect_port 8080
                            delay_loop 7
                        }
                        HTTP_GET {
                            url {
                                path /health
                                status_code 200-299 503
                                digest 640205B7B0FC66C1EA91C463FAC6334D
                            }
                            url {
                                path /other
                                regex "^ok"
                                regex_no_match
                            }
                            http_protocol 1.1
                            virtualhost check.example
                        }
                        SSL_GET {
                            url {
                                path /
                            }
                            enable_sni
                        }
                    }
                    real_server 10.0.0.3 80 {
                        SMTP_CHECK { helo_name me.example }
                        DNS_CHECK { type A
                            name example.org }
                        UDP_CHECK { payload "01 02"
                            require_reply 0x01
                            min_reply_length 1
                            max_reply_length 10 }
                        PING_CHECK { }
                        MISC_CHECK { misc_path "%s a b"
                            misc_timeout 3
                            misc_dynamic }
                        FILE_CHECK { track_file TF }
                    }
                }
                """.formatted(state, up, down, up, down, up));
        assertEquals(List.of(), c.problems());
        VirtualServer vs = c.orThrow().get(0);
        assertEquals("TCP 10.0.0.1:80", vs.toString());
        assertEquals(Scheduler.WRR, vs.scheduler());
        assertEquals(Forwarding.DIRECT_ROUTE, vs.forwarding());
        assertEquals(50, vs.persistenceTimeout());
        assertEquals(24, vs.persistencePrefix());
        assertEquals(3, vs.policy().quorum());
        assertEquals(1, vs.policy().hysteresis());
        assertEquals(List.of(up.toString(), "qup", "arg"), vs.policy().quorumUp());
        assertEquals(List.of(down.toString()), vs.policy().quorumDown());
        assertEquals("10.0.0.9:8080", vs.policy().sorryServer().toString());
        assertTrue(vs.policy().sorryServerInhibit() && vs.policy().omega() && vs.policy().haSuspend());
        assertEquals("www.example", vs.policy().virtualHost());

        RealServer rs2 = vs.realServers().get(0);
        assertEquals(4, rs2.weight());
        assertEquals(List.of(up.toString(), "rs", "up"), rs2.notifyUp());
        assertEquals(List.of(down.toString()), rs2.notifyDown());
        assertEquals(100, rs2.upperThreshold());
        assertEquals(10, rs2.lowerThreshold());
        assertFalse(rs2.inhibitOnFailure(), "the real server's own setting wins");
        TcpCheck tcp = (TcpCheck) rs2.checks().get(0);
        assertEquals(Duration.ofSeconds(7), tcp.timing().interval(), "the checker's own delay_loop");
        assertEquals(Duration.ofMillis(1500), tcp.timing().connectTimeout(), "inherited from the virtual server");
        assertEquals(5, tcp.timing().retry(), "inherited from the real server");
        assertTrue(tcp.timing().alpha());
        assertEquals(8080, tcp.endpoint().connectPort());
        HttpCheck http = (HttpCheck) rs2.checks().get(1);
        assertEquals(2, http.urls().size());
        assertTrue(http.urls().get(0).statusCodes().contains(503));
        assertEquals("640205b7b0fc66c1ea91c463fac6334d", http.urls().get(0).digest().orElseThrow());
        assertTrue(http.urls().get(1).regexNoMatch());
        assertEquals(HttpCheck.HttpProtocol.HTTP_1_1, http.protocol());
        assertEquals("check.example", http.virtualHost().orElseThrow());
        assertEquals(Duration.ofSeconds(2), http.timing().interval());
        HttpCheck ssl = (HttpCheck) rs2.checks().get(2);
        assertTrue(ssl.tls() && ssl.sni());

        RealServer rs3 = vs.realServers().get(1);
        assertTrue(rs3.inhibitOnFailure(), "inherited from the virtual server");
        assertEquals("me.example", ((SmtpCheck) rs3.checks().get(0)).heloName());
        DnsCheck dns = (DnsCheck) rs3.checks().get(1);
        assertEquals(DnsCheck.Type.A, dns.type());
        assertEquals("example.org", dns.name());
        UdpCheck udp = (UdpCheck) rs3.checks().get(2);
        assertTrue(udp.requireReply());
        assertEquals(10, udp.maxReplyLength());
        assertTrue(rs3.checks().get(3) instanceof PingCheck);
        MiscCheck misc = (MiscCheck) rs3.checks().get(4);
        assertEquals(List.of(up.toString(), "a", "b"), misc.command());
        assertEquals(Duration.ofSeconds(3), misc.timeout());
        assertTrue(misc.dynamic());
        FileCheck file = (FileCheck) rs3.checks().get(5);
        assertEquals(state, file.file());
        assertEquals(5, file.weight());
    }

    @Test
    void firewallMarkGroupAndProtocol() throws Exception {
        LvsConfig c = map("""
                virtual_server_group G {
                    10.0.0.1 80
                    10.0.0.5-7 81
                    fwmark 9
                }
                virtual_server group G {
                    protocol UDP
                    real_server 10.0.1.1 80 { }
                }
                virtual_server fwmark 4 {
                    ip_family inet6
                    lb_algo rr
                    lb_kind TUN type gue port 6080 csum
                    real_server 2001:db8::1 80 { }
                }
                """);
        assertEquals(List.of(), c.problems());
        List<String> names = c.virtualServers().stream().map(VirtualServer::toString).toList();
        assertEquals(List.of("UDP 10.0.0.1:80", "UDP 10.0.0.5:81", "UDP 10.0.0.6:81", "UDP 10.0.0.7:81", "FWM 9",
                "FWM 4 IPv6"), names);
        assertEquals(Protocol.UDP, c.virtualServers().get(0).protocol());
        VirtualServer fwm = c.virtualServers().get(5);
        assertEquals(Forwarding.tunnel(Forwarding.TunnelType.GUE, 6080, Forwarding.TunnelChecksum.CHECKSUM),
                fwm.forwarding());
    }

    @Test
    void badValuesAreRefusedWithFileLineFieldValueAndRule() throws Exception {
        Path notExec = script("plain.sh", false);
        ConfigException e = refused("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n"
                + "  MISC_CHECK {\n   misc_path /nonexistent/check.sh\n  }\n }\n}\n");
        assertEquals(4, e.location().line());
        assertTrue(e.getMessage().endsWith(":4: misc_path program \"/nonexistent/check.sh\" not found: must be an "
                + "existing file"), e.getMessage());

        e = refused("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n  notify_up " + notExec + "\n }\n}\n");
        assertEquals(3, e.location().line());
        assertTrue(e.problem().contains("not executable: must have execute permission"), e.getMessage());

        e = refused("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n  HTTP_GET {\n   url {\n"
                + "    path /\n    regex \"a(b\"\n   }\n  }\n }\n}\n");
        assertEquals(6, e.location().line());
        assertTrue(e.problem().startsWith("regex \"a(b\" invalid: Unclosed group"), e.getMessage());

        e = refused("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n  HTTP_GET {\n   url {\n"
                + "    path /\n    digest 1234\n   }\n  }\n }\n}\n");
        assertEquals(6, e.location().line());
        assertTrue(e.problem().startsWith("digest \"1234\" invalid: must be 32 hexadecimal digits"), e.getMessage());

        e = refused("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n  TCP_CHECK {\n"
                + "   connect_ip no-such-host.invalid\n  }\n }\n}\n");
        assertEquals(4, e.location().line());
        assertTrue(e.problem().startsWith("connect_ip \"no-such-host.invalid\" does not resolve"), e.getMessage());

        e = refused("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 70000 {\n }\n}\n");
        assertEquals(2, e.location().line());
        assertEquals("real_server port 70000 out of range: must be 0..65535", e.problem());

        e = refused("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n  weight -1\n }\n}\n");
        assertEquals("weight -1 out of range: must be 0..2147483647", e.problem());

        e = refused("virtual_server 10.0.0.1 80 {\n lvs_sched a_scheduler_name_too_long\n}\n");
        assertEquals(2, e.location().line());

        e = refused("virtual_server group NOPE {\n}\n");
        assertTrue(e.problem().startsWith("virtual_server group \"NOPE\" not defined"), e.getMessage());

        e = refused("virtual_server 10.0.0.1 80 {\n delay_loop 0\n}\n");
        assertEquals("delay_loop 0 out of range: must be > 0 and at most a year, in seconds", e.problem());

        e = refused("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n  BFD_CHECK {\n  }\n }\n}\n");
        assertEquals(3, e.location().line());
    }

    @Test
    void oneBadVirtualServerDoesNotHideTheOthersAndOrThrowRefusesAll() throws Exception {
        LvsConfig c = map("virtual_server 10.0.0.1 80 {\n quorum x\n}\nvirtual_server 10.0.0.1 81 {\n}\n"
                + "virtual_server 10.0.0.1 81 {\n}\n");
        assertEquals(List.of("UDP 10.0.0.1:81"), c.virtualServers().stream().map(VirtualServer::toString).toList());
        assertEquals(2, c.problems().size());
        assertEquals("quorum \"x\" is not an integer: must be 0..2147483647", c.problems().get(0).problem());
        assertTrue(c.problems().get(1).problem().startsWith("virtual server UDP 10.0.0.1:81 is defined twice: first at"));
        assertThrows(ConfigException.class, c::orThrow);
    }
}
