package dev.hadirector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.alert.SmtpAlerts;
import dev.hadirector.api.ConnectionSync;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.Scheduler;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpSyncGroup;
import dev.hadirector.api.VrrpTrack;
import dev.hadirector.api.VrrpVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reload counts as unchanged, updated in place, restarted, added or removed, field by field. */
class ReloadPlanTest {
    @TempDir
    Path dir;

    private static VrrpInstance.Builder vi(String name, int vrid) {
        return VrrpInstance.builder(name).iface("eth0").virtualRouterId(vrid).priority(150)
                .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100)).virtualAddress("10.1.0.100/24");
    }

    private static ReloadPlan vrrp(List<VrrpInstance> before, List<VrrpInstance> after) {
        return ReloadPlan.between(before, List.of(), List.of(), after, List.of(), List.of());
    }

    @Test
    void equalSpecsAreUnchangedAndThePlanIsEmpty() {
        ReloadPlan plan = vrrp(List.of(vi("VI_1", 51).build()), List.of(vi("VI_1", 51).build()));
        assertTrue(plan.isEmpty());
        assertEquals(1, plan.unchanged().size());
        assertEquals(List.of(), plan.describe());
    }

    @Test
    void whatARunningInstanceCanTakeIsAnUpdateWithEveryDifferenceNamed() {
        VrrpInstance before = vi("VI_1", 51).version(VrrpVersion.V2).advertInterval(Duration.ofSeconds(1)).build();
        VrrpInstance after = before.toBuilder().priority(50).virtualAddress("10.1.0.101/24").preempt(false)
                .garpMasterRepeat(2).authPass("secret").track(new VrrpTrack.Interface("eth1", -10)).build();
        ReloadPlan plan = vrrp(List.of(before), List.of(after));
        assertEquals(1, plan.updated().size());
        assertEquals(List.of(), plan.restarted());
        assertEquals(List.of("priority 150 -> 50", "virtualAddresses +[10.1.0.101/24]", "preempt true -> false",
                "authPass changed", "garpMasterRepeat 5 -> 2", "tracks +[Interface[name=eth1, weight=-10]]"),
                plan.updated().get(0).differences());
        String line = plan.describe().get(0);
        assertTrue(line.startsWith("VRRP instance VI_1 updated: priority 150 -> 50"), line);
        assertFalse(line.contains("secret"), "no password in logs: " + line);
    }

    @Test
    void interfaceVridVersionSourceOrPeersMeanARestart() {
        VrrpInstance before = vi("VI_1", 51).build();
        for (VrrpInstance after : List.of(vi("VI_1", 52).build(), vi("VI_1", 51).iface("eth1").build(),
                vi("VI_1", 51).version(VrrpVersion.V2).advertInterval(Duration.ofSeconds(1)).build(),
                vi("VI_1", 51).unicastSrcIp("10.1.0.1").build(),
                vi("VI_1", 51).unicastPeer("10.1.0.2").build())) {
            ReloadPlan plan = vrrp(List.of(before), List.of(after));
            assertEquals(1, plan.restarted().size(), after.toString());
            assertEquals(List.of(), plan.updated());
            assertTrue(plan.describe().get(0).startsWith("VRRP instance VI_1 restarted: "), plan.describe().get(0));
        }
    }

    @Test
    void instancesAreMatchedByNameAddedAndRemoved() {
        ReloadPlan plan = vrrp(List.of(vi("VI_1", 51).build(), vi("VI_2", 52).build()),
                List.of(vi("VI_1", 51).build(), vi("VI_3", 53).build()));
        assertEquals(List.of("VI_3"), plan.added().stream().map(VrrpInstance::name).toList());
        assertEquals(List.of("VI_2"), plan.removed().stream().map(VrrpInstance::name).toList());
        assertEquals(List.of("VRRP instance VI_3 added", "VRRP instance VI_2 removed"), plan.describe());
    }

    @Test
    void syncGroupsAreRebuiltWhenChangedOrWhenAMemberIsReplaced() {
        VrrpSyncGroup g = new VrrpSyncGroup("G1", List.of("VI_1", "VI_2"), List.of());
        List<VrrpInstance> two = List.of(vi("VI_1", 51).build(), vi("VI_2", 52).build());
        ReloadPlan same = ReloadPlan.between(two, List.of(g), List.of(), two, List.of(g), List.of());
        assertTrue(same.isEmpty());

        List<VrrpInstance> priorityOnly = List.of(vi("VI_1", 51).priority(10).build(), vi("VI_2", 52).build());
        ReloadPlan updated = ReloadPlan.between(two, List.of(g), List.of(), priorityOnly, List.of(g), List.of());
        assertEquals(List.of(), updated.groupsToBuild(), "an in-place update keeps the group");
        assertEquals(List.of(), updated.groupsToDissolve());

        List<VrrpInstance> restarted = List.of(vi("VI_1", 51).iface("eth1").build(), vi("VI_2", 52).build());
        ReloadPlan replaced = ReloadPlan.between(two, List.of(g), List.of(), restarted, List.of(g), List.of());
        assertEquals(List.of(g), replaced.groupsToBuild());
        assertEquals(List.of(g), replaced.groupsToDissolve());
        assertTrue(replaced.describe().contains("sync group G1 rebuilt with [VI_1, VI_2]"), replaced.describe()
                .toString());

        ReloadPlan gone = ReloadPlan.between(two, List.of(g), List.of(), two, List.of(), List.of());
        assertEquals(List.of("sync group G1 removed"), gone.describe());
    }

    private static RealServer.Builder rs(String ip) {
        return RealServer.of(ip, 80).check(HealthCheck.tcp().build());
    }

    @Test
    void virtualServersAreMatchedByIdentityAndTheirRealServersByAddressAndPort() {
        VirtualServer web = VirtualServer.tcp("10.1.0.100", 80).realServer(rs("10.1.0.2"))
                .realServer(rs("10.1.0.3")).build();
        VirtualServer mail = VirtualServer.tcp("10.1.0.100", 25).realServer(RealServer.of("10.1.0.2", 25)).build();
        VirtualServer web2 = VirtualServer.tcp("10.1.0.100", 80).scheduler(Scheduler.RR)
                .realServer(rs("10.1.0.2").weight(5)).realServer(rs("10.1.0.4")).build();
        VirtualServer dns = VirtualServer.udp("10.1.0.100", 53).realServer(RealServer.of("10.1.0.2", 53)).build();
        ReloadPlan plan = ReloadPlan.between(List.of(), List.of(), List.of(web, mail), List.of(), List.of(),
                List.of(web2, dns));
        assertEquals(List.of(
                "virtual server TCP 10.1.0.100:80 changed: scheduler wlc -> rr, real server 10.1.0.2:80 changed: "
                        + "weight 1 -> 5, real server 10.1.0.4:80 added, real server 10.1.0.3:80 removed",
                "virtual server UDP 10.1.0.100:53 added", "virtual server TCP 10.1.0.100:25 removed"),
                plan.describe());

        ReloadPlan none = ReloadPlan.between(List.of(), List.of(), List.of(web), List.of(), List.of(),
                List.of(VirtualServer.tcp("10.1.0.100", 80).realServer(rs("10.1.0.2")).realServer(rs("10.1.0.3"))
                        .build()));
        assertTrue(none.isEmpty(), "equal specs built twice are unchanged");
    }

    @Test
    void aKeepalivedConfReadTwiceIsUnchangedNotifiersIncluded() throws Exception {
        String conf = """
                vrrp_script chk {
                    script "/bin/true"
                    interval 2
                    weight -20
                }
                vrrp_sync_group G1 {
                    group {
                        VI_1
                    }
                    notify_master "/bin/echo group master"
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority 150
                    advert_int 1
                    virtual_ipaddress {
                        10.1.0.100/24
                    }
                    track_script {
                        chk
                    }
                    notify_master "/bin/echo master"
                    notify "/bin/echo any"
                }
                virtual_server 10.1.0.100 80 {
                    lb_algo rr
                    lb_kind DR
                    protocol TCP
                    real_server 10.1.0.2 80 {
                        TCP_CHECK {
                            connect_timeout 2
                        }
                    }
                }
                """;
        Path file = Files.writeString(dir.resolve("keepalived.conf"), conf);
        Director.Builder first = Director.builder().config(file);
        Director.Builder second = Director.builder().config(file);
        ReloadPlan plan = ReloadPlan.between(first.vrrpInstances(), first.syncGroups(), first.virtualServers(),
                second.vrrpInstances(), second.syncGroups(), second.virtualServers());
        assertTrue(plan.isEmpty(), plan.describe().toString());

        Files.writeString(file, conf.replace("priority 150", "priority 90")
                .replace("notify \"/bin/echo any\"", "notify \"/bin/echo changed\"")
                .replace("real_server 10.1.0.2 80 {", "real_server 10.1.0.3 80 {\n}\nreal_server 10.1.0.2 80 {"));
        Director.Builder third = Director.builder().config(file);
        ReloadPlan changed = ReloadPlan.between(first.vrrpInstances(), first.syncGroups(), first.virtualServers(),
                third.vrrpInstances(), third.syncGroups(), third.virtualServers());
        assertEquals(1, changed.updated().size());
        List<String> d = changed.updated().get(0).differences();
        assertEquals("priority 150 -> 90", d.get(0));
        assertEquals(2, d.size(), "the priority and the changed notifier only: " + d);
        assertTrue(d.get(1).startsWith("listeners "), d.toString());
        assertEquals(List.of(), changed.groupsToBuild(), "the group did not change");
        assertEquals(List.of("real server 10.1.0.3:80 added"), changed.virtualServersChanged().get(0).differences());
    }

    private static ReloadPlan settings(Director.Builder before, Director.Builder after) {
        return ReloadPlan.between(before.vrrpInstances(), before.syncGroups(), before.virtualServers(),
                after.vrrpInstances(), after.syncGroups(), after.virtualServers())
                .withSettings(before.smtpAlerts().orElse(null), after.smtpAlerts().orElse(null),
                        before.connectionSync().map(c -> ConnectionSyncSetting.of(c, before.vrrpInstances()))
                                .orElse(null),
                        after.connectionSync().map(c -> ConnectionSyncSetting.of(c, after.vrrpInstances()))
                                .orElse(null));
    }

    @Test
    void mailSettingsAreAddedChangedAndRemovedAsAWhole() {
        SmtpAlerts a = SmtpAlerts.builder().to("ops@example.com").server("127.0.0.1", 2525).routerId("R1").build();
        SmtpAlerts b = SmtpAlerts.builder().to("ops@example.com", "oncall@example.org").server("127.0.0.2", 2526)
                .routerId("R1").build();
        ReloadPlan none = ReloadPlan.between(List.of(), List.of(), List.of(), List.of(), List.of(), List.of())
                .withSettings(a, SmtpAlerts.builder().to("ops@example.com").server("127.0.0.1", 2525).routerId("R1")
                        .build(), null, null);
        assertTrue(none.isEmpty(), "equal settings built twice: " + none.describe());

        ReloadPlan changed = ReloadPlan.between(List.of(), List.of(), List.of(), List.of(), List.of(), List.of())
                .withSettings(a, b, null, null);
        assertFalse(changed.isEmpty());
        assertEquals(Optional.of(a), changed.smtpAlerts().orElseThrow().from());
        assertEquals(Optional.of(b), changed.smtpAlerts().orElseThrow().to());
        assertEquals(List.of("SMTP alerts changed: recipients +[oncall@example.org], "
                + "server Optional[127.0.0.1] -> Optional[127.0.0.2], port 2525 -> 2526"), changed.describe());

        ReloadPlan added = ReloadPlan.between(List.of(), List.of(), List.of(), List.of(), List.of(), List.of())
                .withSettings(null, a, null, null);
        assertEquals(List.of("SMTP alerts added"), added.describe());
        assertEquals(Optional.empty(), added.smtpAlerts().orElseThrow().from());
        ReloadPlan removed = ReloadPlan.between(List.of(), List.of(), List.of(), List.of(), List.of(), List.of())
                .withSettings(a, null, null, null);
        assertEquals(List.of("SMTP alerts removed"), removed.describe());
        assertEquals(Optional.empty(), removed.smtpAlerts().orElseThrow().to());
    }

    @Test
    void connectionSyncIsComparedWithTheSyncIdItTakesFromTheFollowedInstance() {
        VrrpInstance vi51 = vi("VI_1", 51).build();
        VrrpInstance vi52 = vi("VI_1", 52).build();
        ConnectionSync following = ConnectionSync.on("eth1").followInstance("VI_1").build();
        ConnectionSyncSetting at51 = ConnectionSyncSetting.of(following, List.of(vi51));
        ConnectionSyncSetting at52 = ConnectionSyncSetting.of(following, List.of(vi52));
        assertEquals(51, at51.syncId());

        ReloadPlan same = vrrp(List.of(vi51), List.of(vi51))
                .withSettings(null, null, at51, ConnectionSyncSetting.of(ConnectionSync.on("eth1")
                        .followInstance("VI_1").build(), List.of(vi51)));
        assertTrue(same.isEmpty(), same.describe().toString());

        ReloadPlan vridChanged = vrrp(List.of(vi51), List.of(vi52)).withSettings(null, null, at51, at52);
        assertEquals(1, vridChanged.restarted().size());
        assertEquals(List.of("effective syncId 51 -> 52"), vridChanged.connectionSync().orElseThrow().differences());
        assertTrue(vridChanged.describe().contains("connection sync on eth1 (syncid 52, following VI_1) changed: "
                + "effective syncId 51 -> 52"), vridChanged.describe().toString());

        ConnectionSyncSetting moved = ConnectionSyncSetting.of(ConnectionSync.on("eth2").followInstance("VI_1")
                .syncId(7).build(), List.of(vi51));
        ReloadPlan changed = vrrp(List.of(vi51), List.of(vi51)).withSettings(null, null, at51, moved);
        assertEquals(List.of("connection sync on eth2 (syncid 7, following VI_1) changed: iface eth1 -> eth2, "
                + "syncId OptionalInt.empty -> OptionalInt[7]"), changed.describe());

        ReloadPlan added = vrrp(List.of(vi51), List.of(vi51)).withSettings(null, null, null, at51);
        assertEquals(List.of("connection sync on eth1 (syncid 51, following VI_1) added"), added.describe());
        ReloadPlan removed = vrrp(List.of(vi51), List.of(vi51)).withSettings(null, null, at51, null);
        assertEquals(List.of("connection sync on eth1 (syncid 51, following VI_1) removed"), removed.describe());
        assertEquals(Optional.of(at51), removed.connectionSync().orElseThrow().from());
    }

    @Test
    void aKeepalivedConfsMailAndSyncDaemonSettingsAreUnchangedWhenReadTwiceAndChangedWhenEdited() throws Exception {
        String conf = """
                global_defs {
                    notification_email {
                        ops@example.com
                    }
                    notification_email_from lb1@example.com
                    smtp_server 127.0.0.1 2525
                    router_id LB1
                    lvs_sync_daemon eth1 VI_1
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority 150
                    advert_int 1
                    virtual_ipaddress {
                        10.1.0.100/24
                    }
                }
                """;
        Path file = Files.writeString(dir.resolve("keepalived.conf"), conf);
        Director.Builder first = Director.builder().config(file);
        assertTrue(settings(first, Director.builder().config(file)).isEmpty());

        Files.writeString(file, conf.replace("smtp_server 127.0.0.1 2525", "smtp_server 127.0.0.1 2526")
                .replace("lvs_sync_daemon eth1 VI_1", "lvs_sync_daemon eth2 VI_1 id 9"));
        ReloadPlan edited = settings(first, Director.builder().config(file));
        assertEquals(List.of("SMTP alerts changed: port 2525 -> 2526",
                "connection sync on eth2 (syncid 9, following VI_1) changed: iface eth1 -> eth2, "
                        + "syncId OptionalInt.empty -> OptionalInt[9]"), edited.describe());

        Files.writeString(file, conf.replace("    smtp_server 127.0.0.1 2525\n", "")
                .replace("    lvs_sync_daemon eth1 VI_1\n", ""));
        ReloadPlan dropped = settings(first, Director.builder().config(file));
        assertTrue(dropped.describe().contains("connection sync on eth1 (syncid 51, following VI_1) removed"),
                dropped.describe().toString());
        assertTrue(dropped.smtpAlerts().isPresent(), "the mail settings lost their server: " + dropped.describe());
    }
}
