#!/usr/bin/env python3
"""Rows trickling in through a pipe come out as they are classified, before
the input ends (issue 14): at -j 1 and with threads alike. The second row
is sent only after the first has come out."""
import select
import subprocess
import sys

anc = sys.argv[1]


def read_line_within(stream, seconds):
    ready, _, _ = select.select([stream], [], [], seconds)
    return stream.readline() if ready else None


for threads in ("1", "2"):
    p = subprocess.Popen([anc, "batch", "-j", threads, "-"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, bufsize=0)
    p.stdin.write(b"anc,unit,age\n800,/uL,8m\n")
    p.stdin.flush()
    header = read_line_within(p.stdout, 10)
    first = read_line_within(p.stdout, 10) if header else None
    if first is None or not first.startswith(b"800,/uL,8m,800"):
        p.kill()
        sys.exit(f"-j {threads}: the first row did not come out before the input ended "
                 f"(header {header!r}, row {first!r})")
    p.stdin.write(b"900,/uL,8m\n")
    p.stdin.close()
    rest = p.stdout.read()
    if p.wait() != 0 or not rest.startswith(b"900,/uL,8m,900"):
        sys.exit(f"-j {threads}: exit {p.returncode}, rest {rest!r}")
    print(f"-j {threads}: the first row came out while the input was still open")
print("1 passed, 0 failed")
