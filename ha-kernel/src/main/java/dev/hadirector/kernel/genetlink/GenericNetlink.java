package dev.hadirector.kernel.genetlink;

import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.netlink.AttributeReader;
import dev.hadirector.kernel.netlink.NetlinkConnection;
import dev.hadirector.kernel.netlink.NetlinkMessage;
import dev.hadirector.kernel.netlink.NetlinkReply;
import dev.hadirector.kernel.netlink.NetlinkWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Generic netlink: the message header and the controller ("nlctrl") that resolves families by name. */
public final class GenericNetlink {
    /** struct genlmsghdr: cmd, version, reserved. */
    public static final int HEADER_LENGTH = 4;

    public static final int GENL_ID_CTRL = 0x10;
    public static final int CTRL_CMD_GETFAMILY = 3;
    public static final int CTRL_ATTR_FAMILY_ID = 1;
    public static final int CTRL_ATTR_FAMILY_NAME = 2;
    public static final int CTRL_ATTR_VERSION = 3;
    public static final int CTRL_ATTR_HDRSIZE = 4;
    public static final int CTRL_ATTR_MAXATTR = 5;
    public static final int CTRL_ATTR_MCAST_GROUPS = 7;
    public static final int CTRL_ATTR_MCAST_GRP_NAME = 1;
    public static final int CTRL_ATTR_MCAST_GRP_ID = 2;

    private GenericNetlink() {
    }

    /** Starts a generic netlink message: netlink header plus genlmsghdr. */
    public static NetlinkWriter beginMessage(NetlinkWriter writer, int familyId, int flags, int command, int version) {
        return writer.beginMessage(familyId, flags).u8(command).u8(version).u16(0);
    }

    /** The command byte of a generic netlink message. */
    public static int command(NetlinkMessage message) {
        return message.payload().get(0) & 0xff;
    }

    /**
     * Resolves {@code name} to its family. A family this kernel lacks raises a {@link KernelException}
     * with ENOENT and a hint to load its module.
     */
    public static GenericFamily resolve(NetlinkConnection connection, String name) {
        NetlinkWriter request = new NetlinkWriter(128);
        beginMessage(request, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1)
                .putString(CTRL_ATTR_FAMILY_NAME, name)
                .endMessage();
        NetlinkReply reply = connection.execute(request).get(0);
        String operation = "resolve generic netlink family \"" + name + "\"";
        if (reply.error() == -Errno.ENOENT) {
            throw new KernelException(Errno.ENOENT, operation + ": this kernel does not provide it"
                    + " (is its module loaded?)", reply.extAckMessage());
        }
        reply.throwIfError(operation);
        List<NetlinkMessage> messages = reply.messages();
        if (messages.isEmpty()) {
            throw new KernelException(Errno.EPROTO, operation + ": the controller acked without an answer");
        }
        return parseFamily(messages.get(0));
    }

    static GenericFamily parseFamily(NetlinkMessage message) {
        String name = null;
        int id = -1;
        int version = 0;
        int headerSize = 0;
        int maxAttribute = 0;
        Map<String, Integer> groups = new HashMap<>();
        AttributeReader attrs = message.attributes(HEADER_LENGTH);
        while (attrs.next()) {
            switch (attrs.type()) {
                case CTRL_ATTR_FAMILY_ID -> id = attrs.u16();
                case CTRL_ATTR_FAMILY_NAME -> name = attrs.string();
                case CTRL_ATTR_VERSION -> version = attrs.u32();
                case CTRL_ATTR_HDRSIZE -> headerSize = attrs.u32();
                case CTRL_ATTR_MAXATTR -> maxAttribute = attrs.u32();
                case CTRL_ATTR_MCAST_GROUPS -> {
                    AttributeReader list = attrs.nested();
                    while (list.next()) {
                        AttributeReader group = list.nested();
                        String groupName = null;
                        int groupId = -1;
                        while (group.next()) {
                            if (group.type() == CTRL_ATTR_MCAST_GRP_NAME) {
                                groupName = group.string();
                            } else if (group.type() == CTRL_ATTR_MCAST_GRP_ID) {
                                groupId = group.u32();
                            }
                        }
                        if (groupName != null && groupId >= 0) {
                            groups.put(groupName, groupId);
                        }
                    }
                }
                default -> { }
            }
        }
        if (name == null || id < 0) {
            throw new KernelException(Errno.EPROTO, "generic netlink controller answer lacks family name or id");
        }
        return new GenericFamily(name, id, version, headerSize, maxAttribute, groups);
    }
}
