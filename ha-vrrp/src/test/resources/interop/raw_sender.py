# Test helper for KeepalivedInteropTest: a dumb raw-socket pipe until ha-kernel's VRRP socket exists.
# Reads frames "u16 payload length, u8 address length (4 or 16), destination address, VRRP payload" from a
# FIFO and sends each payload as IP protocol 112 with TTL / hop limit 255 from the given source address on
# the given interface. It builds nothing: every byte of the VRRP message comes from the Java codec under test.
import socket
import struct
import sys

fifo, source, ifname = sys.argv[1], sys.argv[2], sys.argv[3]
ifindex = socket.if_nametoindex(ifname)
v4 = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
v6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, 112)
if ":" in source:
    v6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 255)
    v6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    v6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, 0)
    v6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, ifindex)
    v6.bind((source, 0, 0, ifindex))
else:
    v4.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 255)
    v4.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
    v4.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
    v4.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(source))
    v4.bind((source, 0))
print("opening", flush=True)
with open(fifo, "rb", buffering=0) as f:
    print("ready", flush=True)

    def read(n):
        data = b""
        while len(data) < n:
            chunk = f.read(n - len(data))
            if not chunk:
                sys.exit(0)
            data += chunk
        return data

    while True:
        length, address_length = struct.unpack(">HB", read(3))
        destination = read(address_length)
        payload = read(length)
        if address_length == 16:
            v6.sendto(payload, (socket.inet_ntop(socket.AF_INET6, destination), 0, 0, ifindex))
        else:
            v4.sendto(payload, (socket.inet_ntoa(destination), 0))
