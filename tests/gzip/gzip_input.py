#!/usr/bin/env python3
"""gzip input through the real binary (SPEC §13): a gzip file or stream is
read as its content. Compressed here with Python's own gzip and zlib, so
that the decoder is checked against a compressor it shares nothing with.

usage: gzip_input.py ANC WORKDIR DATADIR"""
import gzip
import os
import struct
import subprocess
import sys
import zlib

anc, work, data = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(work, exist_ok=True)
failures = []


def run(args, stdin=None, env=None, pipe=False):
    """anc ARGS; stdin a path (redirected, a regular file) or, with pipe,
    its bytes written through a pipe."""
    e = dict(os.environ, **(env or {}))
    if pipe:
        p = subprocess.run([anc] + args, input=open(stdin, "rb").read(), capture_output=True, env=e)
    else:
        with open(stdin or os.devnull, "rb") as f:
            p = subprocess.run([anc] + args, stdin=f, capture_output=True, env=e)
    return p.returncode, p.stdout, p.stderr.decode()


def check(name, ok, detail=""):
    if not ok:
        failures.append(f"{name}: {detail}")


def write(name, content):
    path = os.path.join(work, name)
    with open(path, "wb") as f:
        f.write(content)
    return path


def member_with_optional_fields(content):
    """A gzip member with FEXTRA, FNAME, FCOMMENT and FHCRC set (RFC 1952
    2.3): the header fields a decoder must step over."""
    flags = 0x02 | 0x04 | 0x08 | 0x10
    header = b"\x1f\x8b\x08" + bytes([flags]) + struct.pack("<I", 0) + b"\x00\x03"
    extra = b"AB" + struct.pack("<H", 3) + b"xyz"
    header += struct.pack("<H", len(extra)) + extra + b"labs.csv\x00" + b"an export\x00"
    header += struct.pack("<H", zlib.crc32(header) & 0xFFFF)
    z = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = z.compress(content) + z.flush()
    return header + body + struct.pack("<II", zlib.crc32(content), len(content) & 0xFFFFFFFF)


mimic = os.path.join(data, "mimic_iv_demo_labevents_neutrophil.csv")
raw = open(mimic, "rb").read()
opts = ["--code-col", "itemid", "--anc-codes", "52075", "--age", "60y"]
series = opts + ["--series", "--patient-col", "subject_id", "--date-col", "charttime"]

gz = write("labs.csv.gz", gzip.compress(raw, 9))
fields = write("fields.csv.gz", member_with_optional_fields(raw))
plain_code, plain, plain_err = run(["batch", mimic] + opts)
check("plain run", plain_code == 1 and plain.count(b"\n") == 4686, plain_err)

# The same rows, byte for byte, whichever way the gzip data arrives.
for label, args, stdin, pipe, env in [
    ("file", ["batch", gz], None, False, {}),
    ("header fields", ["batch", fields], None, False, {}),
    ("stdin file", ["batch", "-"], gz, False, {}),
    ("stdin pipe", ["batch"], gz, True, {}),
    ("file -j 3 small chunks", ["batch", gz, "-j", "3"], None, False, {"ANC_CHUNK_SIZE": "777"}),
    ("pipe -j 2 small chunks", ["batch", "-j", "2"], gz, True, {"ANC_CHUNK_SIZE": "1000"}),
    ("pipe -j 1", ["batch", "-j", "1"], gz, True, {}),
]:
    code, out, err = run(args + opts, stdin, env, pipe)
    check(label, code == plain_code and out == plain, f"exit {code}, {len(out)} bytes; {err}")

# Series mode reads twice: a gzip file is inflated again, a gzip pipe is
# spooled compressed and inflated twice.
s_code, s_plain, _ = run(["batch", mimic] + series)
for label, args, stdin, pipe in [("series file", ["batch", gz], None, False),
                                 ("series pipe", ["batch"], gz, True)]:
    code, out, err = run(args + series, stdin, {"ANC_CHUNK_SIZE": "2000"}, pipe)
    check(label, code == s_code and out == s_plain, f"exit {code}; {err}")
e_code, e_plain, _ = run(["episodes", mimic] + series[:-5] + series[-4:])
code, out, err = run(["episodes", gz] + series[:-5] + series[-4:])
check("episodes", code == e_code and out == e_plain and len(e_plain) > 100, err)

# Members one after another read as their contents one after another.
lines = raw.split(b"\n")
head, rest = b"\n".join(lines[:2000]) + b"\n", b"\n".join(lines[2000:])
multi = write("multi.csv.gz", gzip.compress(head) + member_with_optional_fields(rest))
code, out, err = run(["batch", multi] + opts)
check("members", code == plain_code and out == plain, err)
empty_member = write("empty_member.csv.gz", gzip.compress(b"") + gzip.compress(raw))
code, out, err = run(["batch", empty_member] + opts)
check("an empty member first", code == plain_code and out == plain, err)

# Damage is an error naming the input, never a shorter input.
whole = open(gz, "rb").read()
for label, content, words in [
    ("truncated", whole[: len(whole) // 2], "truncated"),
    ("trailer cut", whole[:-3], "truncated"),
    ("junk after", whole + b"not gzip\n", "not gzip data"),
    ("bad checksum", whole[:-8] + bytes([whole[-8] ^ 1]) + whole[-7:], "checksum"),
]:
    path = write(label.replace(" ", "_") + ".csv.gz", content)
    for how, args, stdin, pipe in [("file", ["batch", path], None, False),
                                   ("pipe", ["batch", "-j", "2"], path, True)]:
        code, out, err = run(args + opts, stdin, {"ANC_CHUNK_SIZE": "4096"}, pipe)
        name = "<stdin>" if pipe else path
        check(f"{label} ({how})", code == 2 and f"cannot read {name}: " in err and words in err,
              f"exit {code}; {err}")

# Plain text from a pipe still arrives whole: the two bytes read to see
# that it is not gzip are served first.
code, out, err = run(["batch", "-j", "2"] + opts, mimic, {"ANC_CHUNK_SIZE": "1000"}, pipe=True)
check("plain pipe", code == plain_code and out == plain, err)
one = write("one_byte.csv", b"a")
code, out, err = run(["batch", "--no-header", "--columns", "anc", "--age", "3y"], one, pipe=True)
check("one byte", code == 1 and out.endswith(b"\n") and b"a," in out, f"exit {code} {out!r} {err}")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("gzip input: all checks passed")
