#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generate malformed CloudABI executables from a good one.

usage: mkelfcorpus.py GOOD_ELF OUTDIR PLAN
Writes OUTDIR/<case> for every case, appends to PLAN one guest-init line
per case, "execerr elf_<case> <errno> /elf/<case>", and writes OUTDIR.files
with one DEST=SRC[@MODE] initramfs spec per line.  Every case must fail
execve with its exact errno: ENOEXEC (8), or EPERM (1) for set-id files.
"""
import os
import struct
import sys

ENOEXEC, EPERM = 8, 1
PT_LOAD, PT_INTERP, PT_PHDR, PT_NULL = 1, 3, 6, 0
PF_X, PF_W, PF_R = 1, 2, 4
EHDR = "<16sHHIQQQIHHHHHH"
PHDR = "<IIQQQQQQ"


class Elf:
    def __init__(self, data):
        self.data = bytearray(data)
        f = struct.unpack_from(EHDR, self.data, 0)
        self.ident, self.type, self.machine, self.version, self.entry, \
            self.phoff = f[:6]
        self.phnum = f[10]

    def ph(self, i):
        return list(struct.unpack_from(PHDR, self.data, self.phoff + 56 * i))

    def set_ph(self, i, ph):
        struct.pack_into(PHDR, self.data, self.phoff + 56 * i, *ph)

    def loads(self):
        return [i for i in range(self.phnum) if self.ph(i)[0] == PT_LOAD]

    def exec_load(self):
        return [i for i in self.loads() if self.ph(i)[1] & PF_X][0]

    def data_load(self):
        return [i for i in self.loads() if self.ph(i)[1] & PF_W][0]

    def put(self, fmt, off, *v):
        struct.pack_into(fmt, self.data, off, *v)


def cases(good):
    """Yield (name, errno, mode, bytes) for each malformed file."""
    def mut(fn):
        e = Elf(good)
        fn(e)
        return bytes(e.data)

    def ph_field(idx_fn, field, value):
        def f(e):
            i = idx_fn(e)
            p = e.ph(i)
            p[field] = value(p) if callable(value) else value
            e.set_ph(i, p)
        return f

    e0 = Elf(good)
    other_machine = 183 if e0.machine == 62 else 62
    yield "empty", ENOEXEC, 0o755, b""
    yield "truncated_16", ENOEXEC, 0o755, good[:16]
    yield "truncated_63", ENOEXEC, 0o755, good[:63]
    yield "truncated_phdrs", ENOEXEC, 0o755, good[:e0.phoff + 20]
    yield "class32", ENOEXEC, 0o755, mut(lambda e: e.put("B", 4, 1))
    yield "big_endian", ENOEXEC, 0o755, mut(lambda e: e.put("B", 5, 2))
    yield "ident_version", ENOEXEC, 0o755, mut(lambda e: e.put("B", 6, 0))
    yield "e_version", ENOEXEC, 0o755, mut(lambda e: e.put("<I", 20, 2))
    yield "machine", ENOEXEC, 0o755, mut(lambda e: e.put("<H", 18, other_machine))
    yield "et_exec", ENOEXEC, 0o755, mut(lambda e: e.put("<H", 16, 2))
    yield "et_rel", ENOEXEC, 0o755, mut(lambda e: e.put("<H", 16, 1))
    yield "et_core", ENOEXEC, 0o755, mut(lambda e: e.put("<H", 16, 4))
    yield "ehsize", ENOEXEC, 0o755, mut(lambda e: e.put("<H", 52, 32))
    yield "phentsize", ENOEXEC, 0o755, mut(lambda e: e.put("<H", 54, 32))
    yield "phnum_zero", ENOEXEC, 0o755, mut(lambda e: e.put("<H", 56, 0))
    yield "phnum_xnum", ENOEXEC, 0o755, mut(lambda e: e.put("<H", 56, 0xffff))
    yield "phnum_huge", ENOEXEC, 0o755, mut(lambda e: e.put("<H", 56, 2000))
    yield "phoff_past_eof", ENOEXEC, 0o755, mut(lambda e: e.put("<Q", 32, len(good)))
    yield "phoff_overflow", ENOEXEC, 0o755, mut(lambda e: e.put("<Q", 32, 2**64 - 64))
    yield "pt_interp", ENOEXEC, 0o755, mut(ph_field(lambda e: e.phnum - 1, 0, PT_INTERP))
    yield "no_pt_load", ENOEXEC, 0o755, mut(
        lambda e: [ph_field(lambda _, i=i: i, 0, PT_NULL)(e) for i in e.loads()])
    yield "filesz_gt_memsz", ENOEXEC, 0o755, mut(
        ph_field(lambda e: e.data_load(), 5, lambda p: p[6] + 1))
    yield "offset_past_eof", ENOEXEC, 0o755, mut(
        ph_field(lambda e: e.exec_load(), 2, lambda p: len(good) + (p[2] & 0xfff)))
    yield "offset_overflow", ENOEXEC, 0o755, mut(
        ph_field(lambda e: e.exec_load(), 2, 2**64 - 4096))
    yield "vaddr_huge", ENOEXEC, 0o755, mut(
        ph_field(lambda e: e.data_load(), 3, lambda p: p[3] + (1 << 40)))
    yield "memsz_huge", ENOEXEC, 0o755, mut(
        ph_field(lambda e: e.data_load(), 6, 1 << 40))
    yield "misaligned_vaddr", ENOEXEC, 0o755, mut(
        ph_field(lambda e: e.data_load(), 3, lambda p: p[3] + 8))
    yield "misaligned_offset", ENOEXEC, 0o755, mut(
        ph_field(lambda e: e.data_load(), 2, lambda p: p[2] + 8))
    yield "align_not_pow2", ENOEXEC, 0o755, mut(
        ph_field(lambda e: e.data_load(), 7, 0x3000))
    yield "overlap", ENOEXEC, 0o755, mut(
        lambda e: ph_field(lambda e: e.data_load(), 3,
                           e.ph(e.exec_load())[3] + (e.ph(e.data_load())[2] & 0xfff))(e))
    yield "descending", ENOEXEC, 0o755, mut(
        lambda e: (lambda a, b: (e.set_ph(a[0], b[1]), e.set_ph(b[0], a[1])))(
            (e.loads()[0], e.ph(e.loads()[0])), (e.loads()[1], e.ph(e.loads()[1]))))
    yield "write_exec", ENOEXEC, 0o755, mut(
        ph_field(lambda e: e.exec_load(), 1, PF_R | PF_W | PF_X))
    yield "entry_outside", ENOEXEC, 0o755, mut(lambda e: e.put("<Q", 24, 0x7fffffff))
    yield "entry_in_data", ENOEXEC, 0o755, mut(
        lambda e: e.put("<Q", 24, e.ph(e.data_load())[3]))
    yield "entry_zero", ENOEXEC, 0o755, mut(lambda e: e.put("<Q", 24, 0))
    yield "bss_not_writable", ENOEXEC, 0o755, mut(
        ph_field(lambda e: e.exec_load(), 6, lambda p: p[5] + 0x100))
    yield "phdr_mismatch", ENOEXEC, 0o755, mut(
        lambda e: [ph_field(lambda _, i=i: i, 2, 0x100)(e)
                   for i in range(e.phnum) if e.ph(i)[0] == PT_PHDR])
    yield "setuid", EPERM, 0o4755, good
    yield "setgid", EPERM, 0o2755, good


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    with open(argv[1], "rb") as f:
        good = f.read()
    os.makedirs(argv[2], exist_ok=True)
    specs, lines = [], []
    for name, err, mode, data in cases(good):
        path = os.path.join(argv[2], name)
        with open(path, "wb") as f:
            f.write(data)
        specs.append("elf/%s=%s@%o" % (name, path, mode))
        lines.append("execerr elf_%s %d /elf/%s" % (name, err, name))
    with open(argv[3], "a") as f:
        f.write("\n".join(lines) + "\n")
    with open(argv[2].rstrip("/") + ".files", "w") as f:
        f.write("\n".join(specs) + "\n")


if __name__ == "__main__":
    main(sys.argv)
