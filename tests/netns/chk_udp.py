#!/usr/bin/env python3
"""chk_udp.py ADDR PORT CTL LOG: a UDP echo for chk_udp.sh whose reply can be
switched.  For each datagram it reads the mode from the file CTL:
  echo         send the datagram back
  silent       answer nothing
  hex HEXDIGITS  answer these bytes
and appends "LEN HEX MODE" of the datagram received to LOG.
"""
import socket
import sys

addr, port, ctl, logf = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]


def mode():
    try:
        with open(ctl) as f:
            return f.read().split() or ["echo"]
    except OSError:
        return ["echo"]


s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((addr, port))
with open(logf, "a") as f:
    f.write("listening\n")
while True:
    data, peer = s.recvfrom(65536)
    m = mode()
    with open(logf, "a") as f:
        f.write("%d %s %s\n" % (len(data), data.hex(), m[0]))
    if m[0] == "echo":
        s.sendto(data, peer)
    elif m[0] == "hex":
        s.sendto(bytes.fromhex("".join(m[1:])), peer)
