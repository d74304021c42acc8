# Test helper for KeepalivedInteropTest: a dumb raw-socket pipe until ha-kernel's VRRP socket exists.
# Reads frames "u16 length, 4-byte IPv4 destination, VRRP payload" from a FIFO and sends each payload as
# IP protocol 112 with TTL 255 out of the interface holding the given source address. It builds nothing:
# every byte of the VRRP message comes from the Java codec under test.
import socket
import struct
import sys

fifo, source = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 255)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 255)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(source))
s.bind((source, 0))
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
        (length,) = struct.unpack(">H", read(2))
        destination = socket.inet_ntoa(read(4))
        s.sendto(read(length), (destination, 0))
