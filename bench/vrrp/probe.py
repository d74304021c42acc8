#!/usr/bin/env python3
"""Client side of the VRRP failover benchmark: sends a numbered UDP datagram to the VIP every PERIOD seconds
and records who answers. Writes "ready" once the old master answers steadily; the caller then kills it.
Prints the failover gap: from the last answer of OLD to the first answer of NEW, in milliseconds."""
import select
import socket
import sys
import time

vip, port, old, new, period, timeout = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], \
    float(sys.argv[5]), float(sys.argv[6])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setblocking(False)
last_old = None
first_new = None
seen_old = 0
ready = False
seq = 0
start = time.monotonic()
next_send = start
while time.monotonic() - start < timeout:
    now = time.monotonic()
    if now >= next_send:
        try:
            s.sendto(str(seq).encode(), (vip, port))
        except OSError:
            pass  # no route or ARP failure while the VIP moves: keep probing
        seq += 1
        next_send += period
    r, _, _ = select.select([s], [], [], max(0.0, next_send - time.monotonic()))
    if r:
        try:
            data, _ = s.recvfrom(64)
        except OSError:
            continue
        at = time.monotonic()
        who = data.split(b" ", 1)[0].decode()
        if who == old:
            last_old = at
            seen_old += 1
            if not ready and seen_old >= 50:
                ready = True
                print("ready", flush=True)
        elif who == new and ready:
            first_new = at
            break
if last_old is None or first_new is None:
    print("gap none (old answered %s, new answered %s)" % (last_old is not None, first_new is not None), flush=True)
    sys.exit(1)
print("gap %.1f" % ((first_new - last_old) * 1000.0), flush=True)
