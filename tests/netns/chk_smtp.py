#!/usr/bin/env python3
"""chk_smtp.py ADDR PORT CTL LOG: a tiny SMTP responder for chk_smtp.sh.

Each connection reads the mode from the file CTL (first word):
  ok       a two-line 220 greeting sent in three pieces (partial reads),
           250 to HELO/EHLO, 221 to QUIT, then close
  554      greeting "554 no service" (and nothing more)
  helo550  greeting 220, then 550 to HELO
  silent   accept and say nothing (the checker times out)
  garbage  "HTTP/1.0 400 Bad Request" instead of a greeting
Every connection and every command line received is appended to LOG
("connect MODE", then the lines as sent), so the test can see what the
checker said.
"""
import asyncio
import sys

addr, port, ctl, logf = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]


def log(line):
    with open(logf, "a") as f:
        f.write(line + "\n")


def mode():
    try:
        with open(ctl) as f:
            return (f.read().split() or ["ok"])[0]
    except OSError:
        return "ok"


async def handle(reader, writer):
    m = mode()
    log("connect " + m)
    try:
        if m == "silent":
            await asyncio.sleep(30)
            return
        if m == "garbage":
            writer.write(b"HTTP/1.0 400 Bad Request\r\n")
            await writer.drain()
            await reader.read(1024)
            return
        if m == "554":
            writer.write(b"554 no service here\r\n")
            await writer.drain()
            await reader.read(1024)
            return
        for piece in (b"220-mail.example.test ESMTP vigil-test\r\n2", b"20 rea", b"dy\r\n"):
            writer.write(piece)
            await writer.drain()
            await asyncio.sleep(0.02)
        while True:
            line = await reader.readline()
            if not line:
                return
            cmd = line.decode(errors="replace").rstrip("\r\n")
            log(cmd)
            verb = cmd.split(" ")[0].upper()
            if verb in ("HELO", "EHLO"):
                writer.write(b"550 go away\r\n" if m == "helo550" else b"250 mail.example.test\r\n")
            elif verb == "QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                return
            else:
                writer.write(b"500 what\r\n")
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(handle, addr, port, reuse_address=True)
    log("listening")
    async with server:
        await server.serve_forever()


asyncio.run(main())
