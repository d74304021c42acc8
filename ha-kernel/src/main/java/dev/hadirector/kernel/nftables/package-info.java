/**
 * A small nf_tables client over NETLINK_NETFILTER, written from {@code <linux/netfilter/nf_tables.h>} and
 * {@code <linux/netfilter/nfnetlink.h>}: tables, base chains, named sets and their elements, and rules made
 * of the few expressions a VIP firewall needs (meta, payload, cmp, lookup, immediate verdict). Every change
 * is one nfnetlink batch, which the kernel commits whole or not at all.
 */
package dev.hadirector.kernel.nftables;
