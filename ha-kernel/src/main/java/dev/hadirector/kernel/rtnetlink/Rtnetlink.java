package dev.hadirector.kernel.rtnetlink;

/**
 * Constants of rtnetlink (NETLINK_ROUTE) for links and addresses, from {@code <linux/rtnetlink.h>},
 * {@code <linux/if_link.h>}, {@code <linux/if_addr.h>} and {@code <linux/if.h>}.
 */
public final class Rtnetlink {
    private Rtnetlink() {
    }

    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_SETLINK = 19;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;

    /** Multicast groups (numbers for NETLINK_ADD_MEMBERSHIP, not masks). */
    public static final int RTNLGRP_LINK = 1;
    public static final int RTNLGRP_IPV4_IFADDR = 5;
    public static final int RTNLGRP_IPV6_IFADDR = 9;

    /** struct ifinfomsg: family, pad, type, index, flags, change. */
    public static final int IFINFOMSG_LENGTH = 16;
    /** struct ifaddrmsg: family, prefixlen, flags, scope, index. */
    public static final int IFADDRMSG_LENGTH = 8;

    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_BROADCAST = 2;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_MASTER = 10;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_LINKINFO = 18;
    /** Inside IFLA_LINKINFO. */
    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;
    /** Inside IFLA_INFO_DATA of a macvlan. */
    public static final int IFLA_MACVLAN_MODE = 1;

    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_LABEL = 3;
    public static final int IFA_BROADCAST = 4;
    public static final int IFA_ANYCAST = 5;
    public static final int IFA_CACHEINFO = 6;
    public static final int IFA_MULTICAST = 7;
    public static final int IFA_FLAGS = 8;

    public static final int IFA_F_SECONDARY = 0x01;
    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_OPTIMISTIC = 0x04;
    public static final int IFA_F_DADFAILED = 0x08;
    public static final int IFA_F_HOMEADDRESS = 0x10;
    public static final int IFA_F_DEPRECATED = 0x20;
    public static final int IFA_F_TENTATIVE = 0x40;
    public static final int IFA_F_PERMANENT = 0x80;
    public static final int IFA_F_MANAGETEMPADDR = 0x100;
    public static final int IFA_F_NOPREFIXROUTE = 0x200;
    public static final int IFA_F_MCAUTOJOIN = 0x400;
    public static final int IFA_F_STABLE_PRIVACY = 0x800;

    public static final int IFF_UP = 0x1;
    public static final int IFF_BROADCAST = 0x2;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_POINTOPOINT = 0x10;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_NOARP = 0x80;
    public static final int IFF_PROMISC = 0x100;
    public static final int IFF_MULTICAST = 0x1000;
    public static final int IFF_LOWER_UP = 0x10000;

    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_SITE = 200;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_HOST = 254;
    public static final int RT_SCOPE_NOWHERE = 255;

    /** IFNAMSIZ minus the NUL: the longest interface name or address label. */
    public static final int MAX_NAME_LENGTH = 15;
}
