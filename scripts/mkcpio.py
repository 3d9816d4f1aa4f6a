#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a gzip'ed newc cpio archive for a test guest's initramfs.

usage: mkcpio.py OUT.cpio.gz SPEC...
  SPEC is DEST=SRC (a regular file, mode kept; DEST=SRC@MODE sets the
  octal mode), DEST/ (a directory) or DEST=c:MAJOR:MINOR (a character
  device).  Needs no root: device nodes are
  written into the archive, never created on the host.
"""
import gzip
import os
import sys


def entry(ino, name, mode, data=b"", rdev=(0, 0)):
    name_b = name.encode() + b"\0"
    hdr = "070701" + "".join("%08X" % v for v in (
        ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1],
        len(name_b), 0))
    out = hdr.encode() + name_b
    out += b"\0" * (-len(out) % 4)
    out += data + b"\0" * (-len(data) % 4)
    return out


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    blobs, dirs, ino = [], set(), 1
    for spec in argv[2:]:
        dest, _, src = spec.partition("=")
        dest = dest.strip("/")
        parts = dest.split("/")
        # Parent directories first.
        for i in range(1, len(parts) if src else len(parts) + 1):
            d = "/".join(parts[:i])
            if d and d not in dirs:
                dirs.add(d)
                blobs.append(entry(ino, d, 0o40755))
                ino += 1
        if not src:
            continue
        if src.startswith("c:"):
            _, major, minor = src.split(":")
            blobs.append(entry(ino, dest, 0o20600, rdev=(int(major), int(minor))))
        else:
            src, _, forced = src.partition("@")
            with open(src, "rb") as f:
                data = f.read()
            perm = int(forced, 8) if forced else os.stat(src).st_mode & 0o777
            mode = 0o100000 | perm
            blobs.append(entry(ino, dest, mode, data))
        ino += 1
    blobs.append(entry(0, "TRAILER!!!", 0))
    with gzip.open(argv[1], "wb", compresslevel=1) as f:
        f.write(b"".join(blobs))


if __name__ == "__main__":
    main(sys.argv)
