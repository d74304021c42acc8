#!/usr/bin/env python3
"""UDP echo for the VRRP failover benchmark: answers every datagram with its own tag, so the client can
tell which router answered. Runs inside a router's namespace until killed."""
import socket
import sys

tag = sys.argv[1].encode()
port = int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", port))
while True:
    data, peer = s.recvfrom(64)
    s.sendto(tag + b" " + data, peer)
