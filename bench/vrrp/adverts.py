#!/usr/bin/env python3
"""Reads a capture of the VRRP benchmarks' bridge (tcpdump -w, Ethernet, micro- or nanosecond timestamps) and
reports on the VRRP adverts and gratuitous ARPs in it. Uses only the standard library, so it runs with any python3.

  adverts.py takeover PCAP OLD NEW MDI_MS SKEW_MS [KILL_EPOCH]
      One failover: the old master's last advert (priority > 0) before the new master's first advert, the gap
      between them, set against the backup's Master_Down_Interval (kill -9) or, when the old master resigned
      with a priority-0 advert, against Skew_Time from that advert. Also where the kill landed in the advert
      cycle (KILL_EPOCH: the wall-clock second the kill was sent) and how long after its first advert the new
      master sent its first gratuitous ARP. Prints one "key value" line each, for the shell to pick up.

  adverts.py gaps PCAP MASTER [OTHER...] [--pauses GCLOG] [--backup-log OUT]
      A soak: the master's adverts, the gaps between consecutive ones (worst, p99.9, p99, median), and the
      adverts of every other sender (a backup that sends has transitioned to master). With the master JVM's
      log (-Xlog:safepoint, timemillis decorator), how many gaps over 20 ms had the JVM stopped inside them;
      with the backup's output ("transition EPOCH_MS ..." lines), how long before each of its takeovers the
      master's last advert had been on the wire.
"""
import re
import statistics
import struct
import sys

ETH_IPV4 = 0x0800
ETH_ARP = 0x0806
ETH_VLAN = 0x8100
VRRP_PROTOCOL = 112
SOAK_MDI_MS = 3 * 10 + (256 - 100) * 10 / 256  # the soak's backup: priority 100, 10 ms adverts


def frames(path):
    """Yields (seconds as float, frame bytes) for every frame of a pcap file."""
    with open(path, "rb") as f:
        header = f.read(24)
        if len(header) < 24:
            return
        magic = header[:4]
        if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
            endian = "<"
        elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
            endian = ">"
        else:
            raise SystemExit("%s: not a pcap file (magic %s)" % (path, magic.hex()))
        nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
        linktype = struct.unpack(endian + "I", header[20:24])[0]
        if linktype != 1:
            raise SystemExit("%s: link type %d, expected 1 (Ethernet)" % (path, linktype))
        divisor = 1e9 if nano else 1e6
        record = struct.Struct(endian + "IIII")
        while True:
            rh = f.read(16)
            if len(rh) < 16:
                return  # a capture cut short by the kill ends with a partial record: ignore it
            sec, frac, caplen, _ = record.unpack(rh)
            data = f.read(caplen)
            if len(data) < caplen:
                return
            yield sec + frac / divisor, data


def ip4(b):
    return "%d.%d.%d.%d" % tuple(b)


def decode(path):
    """Adverts as (time, source, priority) and gratuitous ARPs as (time, sender address), in capture order."""
    adverts, garps = [], []
    for at, data in frames(path):
        if len(data) < 14:
            continue
        ethertype = struct.unpack(">H", data[12:14])[0]
        offset = 14
        if ethertype == ETH_VLAN and len(data) >= 18:
            ethertype = struct.unpack(">H", data[16:18])[0]
            offset = 18
        if ethertype == ETH_IPV4 and len(data) >= offset + 20:
            ihl = (data[offset] & 0x0F) * 4
            if data[offset + 9] != VRRP_PROTOCOL or len(data) < offset + ihl + 3:
                continue
            source = ip4(data[offset + 12:offset + 16])
            priority = data[offset + ihl + 2]
            adverts.append((at, source, priority))
        elif ethertype == ETH_ARP and len(data) >= offset + 28:
            sender_ip = data[offset + 14:offset + 18]
            target_ip = data[offset + 24:offset + 28]
            if sender_ip == target_ip:
                garps.append((at, ip4(sender_ip), data[offset + 8:offset + 14].hex(":")))
    return adverts, garps


def takeover(path, old, new, mdi_ms, skew_ms, kill_epoch):
    adverts, garps = decode(path)
    # The takeover that counts is the one after the old master's final advert (priority > 0) in the capture:
    # a backup that flapped earlier (took over and gave way again) is counted, not measured.
    last_old = next((a for a in reversed(adverts) if a[1] == old and a[2] > 0), None)
    if last_old is None:
        print("result none (no advert of %s in %d adverts captured)" % (old, len(adverts)))
        return
    first_new = next((a for a in adverts if a[1] == new and a[2] > 0 and a[0] > last_old[0]), None)
    if first_new is None:
        print("result none (no advert of %s after the last one of %s)" % (new, old))
        return
    flaps = sum(1 for a in adverts if a[1] == new and a[0] < last_old[0])
    resign = next((a for a in adverts if a[1] == old and a[2] == 0 and last_old[0] <= a[0] <= first_new[0]), None)
    print("result ok")
    if flaps:
        print("backup_adverts_before_failover %d" % flaps)
    print("takeover_after_last_advert_ms %.2f" % ((first_new[0] - last_old[0]) * 1000))
    print("over_mdi_ms %.2f" % ((first_new[0] - last_old[0]) * 1000 - mdi_ms))
    if resign is not None:
        print("takeover_after_resign_ms %.2f" % ((first_new[0] - resign[0]) * 1000))
        print("over_skew_ms %.2f" % ((first_new[0] - resign[0]) * 1000 - skew_ms))
    if kill_epoch is not None:
        print("kill_after_last_advert_ms %.2f" % ((kill_epoch - last_old[0]) * 1000))
        print("takeover_after_kill_ms %.2f" % ((first_new[0] - kill_epoch) * 1000))
    # The old master sends no gratuitous ARP while it runs (no garp_master_refresh here): the first one after
    # its last advert is the new master's (negative when the new master announces before it adverts).
    garp = next((g for g in garps if g[0] > last_old[0]), None)
    if garp is not None:
        print("garp_after_first_advert_ms %.2f" % ((garp[0] - first_new[0]) * 1000))


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an ascending list."""
    rank = max(1, -(-len(sorted_values) * fraction // 1))
    return sorted_values[int(rank) - 1]


def safepoints(gclog):
    """The JVM's stop-the-world pauses from a log written with -Xlog:safepoint and the timemillis decorator:
    (start, end) in epoch seconds, the operation and its total in ms (reaching the safepoint included)."""
    found = []
    pattern = re.compile(r"\[(\d+)ms\].*\[safepoint\s*\] Safepoint \"(\w+)\".*Total: (\d+) ns")
    for line in open(gclog, errors="replace"):
        m = pattern.search(line)
        if m:
            end = int(m.group(1)) / 1000.0  # logged when the safepoint ends
            total = int(m.group(3)) / 1e9
            found.append((end - total, end, m.group(2), total * 1000))
    return found


def gaps(path, master, others, gclog=None, backup_out=None):
    adverts, _ = decode(path)
    times = [a[0] for a in adverts if a[1] == master and a[2] > 0]
    print("adverts_total %d" % len(adverts))
    print("adverts_master %d" % len(times))
    if len(times) >= 2:
        pairs = list(zip(times, times[1:]))
        g = sorted((b - a) * 1000 for a, b in pairs)
        print("span_s %.1f" % (times[-1] - times[0]))
        print("gap_worst_ms %.2f" % g[-1])
        print("gap_p999_ms %.2f" % percentile(g, 0.999))
        print("gap_p99_ms %.2f" % percentile(g, 0.99))
        print("gap_median_ms %.2f" % statistics.median(g))
        print("gaps_over_20ms %d" % sum(1 for x in g if x > 20))
        print("gaps_over_36ms %d (the backup's Master_Down_Interval at 10 ms)" % sum(1 for x in g if x > 36.1))
        if gclog:
            # Was the master's JVM stopped (a safepoint of 5 ms or more) inside each long gap?
            pauses = [p for p in safepoints(gclog) if p[3] >= 5]
            long_gaps = sorted(((b - a) * 1000, a, b) for a, b in pairs if (b - a) * 1000 > 20)
            explained = 0
            for gap_ms, a, b in long_gaps:
                if any(p[0] < b and p[1] > a for p in pauses):
                    explained += 1
            print("gaps_over_20ms_during_a_master_safepoint_of_5ms_or_more %d of %d" % (explained, len(long_gaps)))
            for gap_ms, a, b in reversed(long_gaps[-5:]):
                inside = [p for p in pauses if p[0] < b and p[1] > a]
                print("  gap %.1f ms: %s" % (gap_ms, ", ".join("%s %.1f ms" % (p[2], p[3]) for p in inside)
                                             or "no safepoint of the master's JVM in it"))
    for other in others:
        print("adverts_from_%s %d" % (other, sum(1 for a in adverts if a[1] == other)))
    if backup_out and times:
        # For each takeover by the backup: how long before it had the master's last advert crossed the wire?
        # Less than the backup's Master_Down_Interval means the master was on time and the backup itself was
        # late to read the adverts (a stall of its own JVM or of the machine), not the master silent.
        late = []
        for line in open(backup_out):
            w = line.split()
            if len(w) >= 6 and w[0] == "transition" and w[3:6] == ["BACKUP", "->", "MASTER"]:
                at = int(w[1]) / 1000.0
                if times[0] <= at <= times[-1] + 1:
                    before = [t for t in times if t <= at]
                    if before:
                        late.append((at - before[-1]) * 1000)
        print("backup_takeovers_in_capture %d" % len(late))
        if late:
            # The listener's clock is read just after the transition: a few ms of slack towards "master late".
            backup_late = sum(1 for x in late if x < SOAK_MDI_MS - 3)
            print("  of which the master's last advert was less than MDI - 3 ms before (the backup was late to"
                  " read it): %d; the master was silent for about MDI or more: %d; median %.0f ms"
                  % (backup_late, len(late) - backup_late, statistics.median(late)))


def main(argv):
    if len(argv) >= 7 and argv[1] == "takeover":
        kill = float(argv[7]) if len(argv) > 7 and argv[7] else None
        takeover(argv[2], argv[3], argv[4], float(argv[5]), float(argv[6]), kill)
    elif len(argv) >= 4 and argv[1] == "gaps":
        rest, gclog = argv[4:], None
        if "--pauses" in rest:
            i = rest.index("--pauses")
            gclog = rest[i + 1]
            rest = rest[:i] + rest[i + 2:]
        backup_out = None
        if "--backup-log" in rest:
            i = rest.index("--backup-log")
            backup_out = rest[i + 1]
            rest = rest[:i] + rest[i + 2:]
        gaps(argv[2], argv[3], rest, gclog, backup_out)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
