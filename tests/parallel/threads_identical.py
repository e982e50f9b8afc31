#!/usr/bin/env python3
"""`anc batch --threads N` writes exactly what `--threads 1` writes (issue #6):
the same bytes on stdout, the same stderr, the same exit status.

--threads 1 reads and classifies on one thread, record by record; N > 1 cuts
the input into chunks of whole records for worker threads and writes them
back in order. ANC_CHUNK_SIZE makes the chunks tiny (1, 7, 64 bytes) so
that chunk boundaries fall everywhere: inside quoted fields, between a CR
and its LF, inside a BOM-like byte run, at every record.

Inputs: every case of the bad-input catalogue (quoting, line ends, BOMs,
ragged rows, binary garbage), the batch fuzz corpus, the shipped example,
several inputs in one run, NDJSON output, and a generated 20,000-row file
through a pipe with the default chunk size.

Usage: threads_identical.py ANC_BINARY SOURCE_DIR
"""
import os
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "acceptance"))
from bad_inputs import CATALOGUE  # noqa: E402


def run(anc, args, data, threads, chunk):
    env = dict(os.environ)
    env.pop("ANC_CHUNK_SIZE", None)
    if chunk is not None:
        env["ANC_CHUNK_SIZE"] = str(chunk)
    p = subprocess.run([anc, "batch", *args, "--threads", str(threads)], input=data,
                       capture_output=True, env=env)
    return p.returncode, p.stdout, p.stderr


def generated_rows(n):
    units = ["/uL", "10^9/L", "K/uL", "cells/mm3"]
    ages = ["3d", "8m", "2y", "40y", "", "bad"]
    lines = ["patient_id,anc,unit,age"]
    for i in range(n):
        v = (i * 37) % 4000
        u = units[i % 4]
        value = str(v) if u in ("/uL", "cells/mm3") else f"{v / 1000:g}"
        if i % 997 == 0:
            value = '"1,5"'  # a quoted field with the delimiter in it: an error row
        lines.append(f"P{i:05d},{value},{u},{ages[i % 6]}")
    return ("\r\n" if n % 2 else "\n").join(lines).encode() + b"\n"


def main():
    anc, source = sys.argv[1], pathlib.Path(sys.argv[2])
    jobs = []  # (name, args, stdin bytes)
    for name, data, args, _code, _stderr, _rows in CATALOGUE:
        jobs.append((f"catalogue: {name}", ["-", *args], data))
        jobs.append((f"catalogue: {name} (ndjson)", ["-", *args, "--format", "ndjson"], data))
    for path in sorted((source / "tests/fuzz/corpus/batch").iterdir()):
        jobs.append((f"fuzz corpus: {path.name}", ["-", "--age", "30y"], path.read_bytes()))
    example = str(source / "data/example_labs.csv")
    jobs.append(("example", [example], b""))
    jobs.append(("example, graded, ndjson",
                 [example, "--grade", "ctcae5,daids21", "--format", "ndjson"], b""))
    wide = [str(source / "tests/cli/data" / f) for f in ("wide.csv", "wide_same_header.csv")]
    jobs.append(("two inputs", [*wide, "--age", "2y"], b""))
    jobs.append(("two inputs and stdin", [wide[0], "-", wide[1], "--age", "2y"],
                 (source / "tests/cli/data/wide.csv").read_bytes()))

    failed = 0
    compared = 0
    for name, args, data in jobs:
        want = run(anc, args, data, 1, None)
        for threads, chunk in ((2, 1), (3, 7), (2, 64), (4, None)):
            got = run(anc, args, data, threads, chunk)
            compared += 1
            if got != want:
                failed += 1
                which = [k for k, a, b in zip(("exit status", "stdout", "stderr"), want, got)
                         if a != b]
                print(f"FAIL {name}: --threads {threads}, chunks of {chunk or 'default'} bytes: "
                      f"{', '.join(which)} differ")
    # A record far longer than a chunk (a 3 MB quoted field with line
    # breaks), between ordinary rows, through a pipe.
    huge = (b"anc,unit,age,note\n800,/uL,3y,short\n900,/uL,3y,\"" +
            b"line\nof a long note, \"\"quoted\"\"\r\n" * 100000 + b"\"\n1000,/uL,3y,x\n")
    want = run(anc, ["-"], huge, 1, None)
    for threads, chunk in ((2, None), (2, 4096)):
        compared += 1
        if run(anc, ["-"], huge, threads, chunk) != want:
            failed += 1
            print(f"FAIL a 3 MB field: --threads {threads}, chunks of {chunk or 'default'} bytes")
    big = generated_rows(20000)
    big_odd = generated_rows(20001)
    for name, data in (("20,000 rows, LF", big), ("20,001 rows, CRLF", big_odd)):
        want = run(anc, ["-"], data, 1, None)
        assert want[1].count(b"\n") == 20001 + (name.startswith("20,001")), "rows lost"
        for threads, chunk in ((2, None), (3, 4096), (2, 100)):
            got = run(anc, ["-"], data, threads, chunk)
            compared += 1
            if got != want:
                failed += 1
                print(f"FAIL {name}: --threads {threads}, chunks of {chunk or 'default'} bytes")
    print(f"{compared - failed} of {compared} parallel runs identical to --threads 1")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
