package dev.hadirector;

import dev.hadirector.config.ConfigException;
import dev.hadirector.config.ConfigReader;
import dev.hadirector.config.ConfigReport;
import dev.hadirector.config.ConfigTree;
import dev.hadirector.config.ConfigValidator;
import dev.hadirector.config.Finding;
import dev.hadirector.config.FindingKind;
import dev.hadirector.config.Severity;
import dev.hadirector.config.alert.SmtpAlertsMapper;
import dev.hadirector.config.lvs.ConnectionSyncMapper;
import dev.hadirector.config.lvs.VirtualServerMapper;
import dev.hadirector.config.vrrp.VrrpConfig;
import dev.hadirector.config.vrrp.VrrpConfigMapper;
import java.util.List;

/**
 * A keepalived.conf turned into director parts: read (includes spliced), validated like keepalived does,
 * refused when it uses a keyword the director does not run, then mapped (VRRP, virtual servers, SMTP alerts).
 * All or nothing: any problem is a
 * {@link ConfigException} whose message lists every problem, each as {@code file:line: problem}.
 */
final class KeepalivedConfig {
    private KeepalivedConfig() {
    }

    static void applyTo(ConfigTree tree, Director.Builder builder) throws ConfigException {
        ConfigReport report = ConfigValidator.keepalived().validate(tree);
        List<Finding> blocking = report.findings().stream()
                .filter(f -> f.severity() == Severity.ERROR || f.kind() == FindingKind.NOT_YET_SUPPORTED)
                .toList();
        if (!blocking.isEmpty()) {
            StringBuilder all = new StringBuilder(blocking.get(0).message());
            for (Finding f : blocking.subList(1, blocking.size())) {
                all.append('\n').append(f);
            }
            throw new ConfigException(blocking.get(0).location(), all.toString());
        }
        VrrpConfig vrrp = VrrpConfigMapper.map(tree);
        vrrp.orThrow().forEach(builder::vrrp);
        vrrp.syncGroups().forEach(builder::syncGroup);
        builder.acceptModeFirewall(vrrp.firewall());
        VirtualServerMapper.map(tree).orThrow().forEach(builder::virtualServer);
        SmtpAlertsMapper.map(tree).ifPresent(builder::smtpAlerts);
        ConnectionSyncMapper.map(tree).ifPresent(builder::connectionSync);
    }

    static void applyTo(java.nio.file.Path file, Director.Builder builder) throws ConfigException {
        applyTo(ConfigReader.standard().read(file), builder);
    }
}
