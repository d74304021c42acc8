package dev.hadirector.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpSyncGroup;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.api.VrrpTransitionCause;
import dev.hadirector.checks.lvs.LoadBalancerListener.QuorumEvent;
import dev.hadirector.checks.lvs.LoadBalancerListener.RealServerEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which events are mailed, with keepalived's defaults and overrides. */
class SmtpAlertListenerTest {
    private final List<String> mailed = new ArrayList<>();

    private SmtpAlertListener listener(SmtpAlerts.Builder b, VrrpSyncGroup... groups) {
        return new SmtpAlertListener(b.routerId("R").to("ops@example.com").server("127.0.0.1").build(),
                List.of(groups), a -> mailed.add(a.subject()));
    }

    private static VrrpTransition t(String instance, VrrpState from, VrrpState to) {
        return new VrrpTransition(instance, from, to, VrrpTransitionCause.STARTUP, 100, 0);
    }

    @Test
    void instancesMailOnlyWhenSomeSmtpAlertSaysSo() {
        SmtpAlertListener off = listener(SmtpAlerts.builder());
        off.onTransition(t("VI_1", VrrpState.INITIALIZE, VrrpState.BACKUP));
        assertEquals(List.of(), mailed, "keepalived's default for VRRP: no mail");

        SmtpAlertListener on = listener(SmtpAlerts.builder().alertAll(true).alertVrrp(false).instance("VI_2", true));
        on.onTransition(t("VI_1", VrrpState.INITIALIZE, VrrpState.BACKUP));
        on.onTransition(t("VI_2", VrrpState.INITIALIZE, VrrpState.BACKUP));
        assertEquals(List.of("[R] VRRP Instance VI_2 - Entering BACKUP state"), mailed,
                "smtp_alert_vrrp beats the global smtp_alert, the instance's own beats both");
    }

    @Test
    void eachStateIsMailedOnceInARowAndFaultsCanBeSilenced() {
        SmtpAlertListener l = listener(SmtpAlerts.builder().alertVrrp(true).noFaultMails(true));
        l.onTransition(t("VI_1", VrrpState.INITIALIZE, VrrpState.BACKUP));
        l.onTransition(t("VI_1", VrrpState.BACKUP, VrrpState.FAULT));
        l.onTransition(t("VI_1", VrrpState.FAULT, VrrpState.BACKUP));
        l.onTransition(t("VI_1", VrrpState.BACKUP, VrrpState.MASTER));
        l.onTransition(t("VI_1", VrrpState.MASTER, VrrpState.INITIALIZE));
        assertEquals(List.of("[R] VRRP Instance VI_1 - Entering BACKUP state",
                "[R] VRRP Instance VI_1 - Entering MASTER state", "[R] VRRP Instance VI_1 - Stopping"), mailed);
    }

    @Test
    void aSyncGroupMailsWhenAllItsMembersAgree() {
        SmtpAlertListener l = listener(SmtpAlerts.builder().syncGroup("VG", true),
                VrrpSyncGroup.of("VG", "A", "B"));
        l.onTransition(t("A", VrrpState.INITIALIZE, VrrpState.BACKUP));
        assertEquals(List.of(), mailed);
        l.onTransition(t("B", VrrpState.INITIALIZE, VrrpState.BACKUP));
        l.onTransition(t("A", VrrpState.BACKUP, VrrpState.MASTER));
        l.onTransition(t("B", VrrpState.BACKUP, VrrpState.MASTER));
        assertEquals(List.of("[R] VRRP Group VG - Entering BACKUP state", "[R] VRRP Group VG - Entering MASTER state"),
                mailed, "the members themselves mail nothing: their smtp_alert is off");
    }

    @Test
    void membersFollowingTheirGroupStayQuietAfterTheirFirstMail() {
        SmtpAlertListener l = listener(SmtpAlerts.builder().alertVrrp(true), VrrpSyncGroup.of("VG", "A", "B"));
        l.onTransition(t("A", VrrpState.INITIALIZE, VrrpState.BACKUP));
        l.onTransition(t("B", VrrpState.INITIALIZE, VrrpState.BACKUP));
        l.onTransition(t("A", VrrpState.BACKUP, VrrpState.MASTER));
        l.onTransition(t("B", VrrpState.BACKUP, VrrpState.MASTER));
        l.onTransition(t("A", VrrpState.MASTER, VrrpState.INITIALIZE));
        l.onTransition(t("B", VrrpState.MASTER, VrrpState.INITIALIZE));
        assertEquals(List.of(
                "[R] VRRP Instance A - Entering BACKUP state",
                "[R] VRRP Instance B - Entering BACKUP state", // its first mail: always sent
                "[R] VRRP Group VG - Entering BACKUP state",
                "[R] VRRP Instance A - Entering MASTER state", // A leads
                "[R] VRRP Group VG - Entering MASTER state", // B follows: only the group tells
                "[R] VRRP Instance A - Stopping",
                "[R] VRRP Instance B - Stopping", // every member mails its stop
                "[R] VRRP Group VG - Stopping"), mailed);
    }

    @Test
    void realServersMailByDefaultVirtualServersDoNot() {
        RealServer a = RealServer.of("192.168.1.2", 80).check(HealthCheck.tcp().build()).build();
        RealServer b = RealServer.of("192.168.1.3", 80).check(HealthCheck.tcp().build()).build();
        VirtualServer vs = VirtualServer.tcp("10.0.0.1", 80).realServer(a).realServer(b).build();
        SmtpAlertListener l = listener(SmtpAlerts.builder().realServer(vs, b, false));
        l.realServerDown(new RealServerEvent(vs, a, false, 0, "refused"));
        l.realServerDown(new RealServerEvent(vs, b, false, 0, "refused"));
        l.quorumLost(new QuorumEvent(vs, false, 0, 1, 0));
        assertEquals(List.of("[R] Realserver [192.168.1.2]:tcp:80 of virtual server [10.0.0.1]:tcp:80 - DOWN"),
                mailed);

        mailed.clear();
        SmtpAlertListener checker = listener(SmtpAlerts.builder().alertChecker(false).virtualServer(vs, true));
        checker.realServerUp(new RealServerEvent(vs, a, true, 1, "ok"));
        checker.quorumRegained(new QuorumEvent(vs, true, 1, 1, 0));
        assertEquals(List.of("[R] Virtualserver [10.0.0.1]:tcp:80 - UP"), mailed,
                "smtp_alert_checker off silences real servers; the virtual server's own smtp_alert wins");
    }
}
