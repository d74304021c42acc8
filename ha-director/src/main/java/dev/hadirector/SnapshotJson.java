package dev.hadirector;

import java.util.List;
import java.util.Optional;

/** Writes the live state of a director as JSON (no library: the shape is small and fixed). */
final class SnapshotJson {
    private SnapshotJson() {
    }

    static String write(Optional<String> namespace, List<VrrpHandle> vrrp, List<VirtualServerStatus> virtualServers) {
        StringBuilder b = new StringBuilder(256).append('{');
        b.append("\"namespace\":");
        if (namespace.isPresent()) {
            string(b, namespace.get());
        } else {
            b.append("null");
        }
        b.append(",\"vrrp\":[");
        for (int i = 0; i < vrrp.size(); i++) {
            VrrpHandle h = vrrp.get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":");
            string(b, h.name());
            b.append(",\"state\":");
            string(b, h.state().name());
            b.append(",\"priority\":").append(h.spec().priority())
                    .append(",\"effectivePriority\":").append(h.effectivePriority())
                    .append(",\"virtualRouterId\":").append(h.spec().virtualRouterId())
                    .append(",\"interface\":");
            string(b, h.spec().iface());
            b.append(",\"virtualAddresses\":[");
            for (int v = 0; v < h.spec().virtualAddresses().size(); v++) {
                b.append(v == 0 ? "" : ",");
                string(b, h.spec().virtualAddresses().get(v).toString());
            }
            b.append("]}");
        }
        b.append("],\"virtualServers\":[");
        for (int i = 0; i < virtualServers.size(); i++) {
            VirtualServerStatus vs = virtualServers.get(i);
            b.append(i == 0 ? "" : ",").append("{\"service\":");
            string(b, vs.spec().toString());
            b.append(",\"inTable\":").append(vs.inTable()).append(",\"connections\":").append(vs.connections())
                    .append(",\"realServers\":[");
            for (int r = 0; r < vs.realServers().size(); r++) {
                RealServerStatus rs = vs.realServers().get(r);
                b.append(r == 0 ? "" : ",").append("{\"address\":");
                string(b, rs.spec().address().getHostAddress());
                b.append(",\"port\":").append(rs.spec().port()).append(",\"health\":");
                string(b, rs.health().name());
                b.append(",\"inTable\":").append(rs.inTable()).append(",\"weight\":").append(rs.weight())
                        .append(",\"activeConnections\":").append(rs.activeConnections())
                        .append(",\"inactiveConnections\":").append(rs.inactiveConnections())
                        .append(",\"connections\":").append(rs.connections())
                        .append(",\"inBytes\":").append(rs.inBytes())
                        .append(",\"outBytes\":").append(rs.outBytes()).append('}');
            }
            b.append("]}");
        }
        return b.append("]}").toString();
    }

    /** A JSON string literal (RFC 8259 section 7). */
    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
