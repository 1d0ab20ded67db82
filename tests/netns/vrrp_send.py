#!/usr/bin/env python3
# tests/netns/vrrp_send.py: send one hand-made VRRP packet (for the hostile
# input tests).  Run inside a node namespace.
#   vrrp_send.py SRC DST KIND[:TTL]...   (one packet per argument, in order)
# KIND: valid (VRRPv3, VRID 51, priority 254, VIP 192.0.2.100, 1 s),
#       badcsum (the same with a wrong checksum), trunc8 (the 8-octet header
#       of a valid advert, its address missing), trunc4 (4 octets),
#       vrid99 (valid, VRID 99), count2 (claims 2 addresses, carries 1),
#       long (valid, 4 octets of garbage after the address list),
#       vrid52 (valid, VRID 52, VIP 192.0.2.200),
#       low50 (valid but priority 50, advert_int 0.5 s).
import socket
import struct
import sys


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def advert(src, dst, vrid=51, prio=254, addrs=("192.0.2.100",), count=None, bad=False,
           interval=100):
    body = b"".join(socket.inet_aton(a) for a in addrs)
    n = len(addrs) if count is None else count
    hdr = struct.pack("!BBBBHH", 0x31, vrid, prio, n, interval, 0)
    msg = hdr + body
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 112, len(msg))
    c = csum(pseudo + msg)
    if bad:
        c ^= 0x5A5A
    return hdr[:6] + struct.pack("!H", c) + body


def main():
    src, dst = sys.argv[1], sys.argv[2]
    pkts = {
        "valid": lambda: advert(src, dst),
        "badcsum": lambda: advert(src, dst, bad=True),
        "trunc8": lambda: advert(src, dst)[:8],
        "trunc4": lambda: advert(src, dst)[:4],
        "vrid99": lambda: advert(src, dst, vrid=99),
        "count2": lambda: advert(src, dst, count=2),
        "vrid52": lambda: advert(src, dst, vrid=52, addrs=("192.0.2.200",)),
        "long": lambda: advert(src, dst) + b"\xde\xad\xbe\xef",
        "low50": lambda: advert(src, dst, prio=50, interval=50),
    }
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(src))
    s.bind((src, 0))
    for arg in sys.argv[3:]:
        kind, _, ttl = arg.partition(":")
        ttl = int(ttl) if ttl else 255
        s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, ttl)
        s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
        s.sendto(pkts[kind](), (dst, 0))


main()
