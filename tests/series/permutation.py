#!/usr/bin/env python3
"""Property test of series mode (issue 16): on random series with no two
readings of a patient at the same time, a random permutation of the input
rows gives the same per-row output (re-permuted) and the same episode table
(as a set: patients come in order of first appearance), for any number of
threads and chunk size; and both agree with tests/support/series_oracle.py.

Usage: permutation.py ANC_BINARY WORK_DIR [ROUNDS]
"""
import csv
import io
import os
import pathlib
import random
import subprocess
import sys
from datetime import datetime, timedelta
from decimal import Decimal

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "support"))
import series_oracle  # noqa: E402

HEADER = ["id", "patient_id", "sample_date", "age", "code", "anc", "unit"]
SERIES_FIELDS = ["anc_per_uL", "neutropenic", "severity", "duration_days", "duration_class",
                 "episode", "episode_start", "status"]
failures = []


def fail(msg):
    failures.append(msg)
    if len(failures) <= 10:
        print("FAIL:", msg)


def time_text(rnd, t):
    """One of the forms SPEC 12 accepts, the same instant whatever it is."""
    form = rnd.randrange(5)
    if form == 0 and t.hour == 0 and t.minute == 0:
        return t.strftime("%Y-%m-%d")
    if form == 1:
        return t.strftime("%Y-%m-%dT%H:%M")
    if form == 2:
        return t.strftime("%Y-%m-%d %H:%M:%S")
    if form == 3:
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (t + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S+02:00")


def make_rows(rnd):
    rows, readings = [], []
    for p in range(rnd.randrange(1, 25)):
        patient = f"P{p:03}"
        age = rnd.choice(["8m", "40y"])
        threshold = Decimal(1000 if age == "8m" else 1500)
        t = datetime(2024, 1, 1) + timedelta(minutes=rnd.randrange(0, 10**5))
        for _ in range(rnd.randrange(1, 30)):
            # Steps straddling SPEC 5's edges, and gaps for --max-gap.
            t += rnd.choice([timedelta(minutes=rnd.randrange(1, 3000)),
                             timedelta(days=rnd.choice([1, 7, 30, 91, 92]),
                                       minutes=rnd.choice([-1, 0, 1])),
                             timedelta(days=rnd.randrange(1, 200))])
            anc = rnd.choice([50, 300, 700, 999, 1000, 1200, 1499, 1500, 4000])
            row = {"id": str(len(rows) + 1), "patient_id": patient,
                   "sample_date": time_text(rnd, t), "age": age, "code": "751-8",
                   "anc": str(anc), "unit": "/uL"}
            kind = rnd.random()
            if kind < 0.05:
                row["code"] = "6690-2"  # a WBC row: skipped
            elif kind < 0.08:
                row["anc"] = "n/a"  # an error row
            elif kind < 0.10:
                row["sample_date"] = ""  # an error row in series mode
            else:
                readings.append({"id": row["id"], "patient": patient,
                                 "time": row["sample_date"], "anc": Decimal(anc),
                                 "neutropenic": Decimal(anc) < threshold,
                                 "severity": severity(Decimal(anc), threshold)})
            rows.append(row)
    return rows, readings


def severity(anc, threshold):
    if anc >= threshold:
        return "none"
    for lower, name in [(1000, "mild"), (500, "moderate"), (100, "severe"), (0, "agranulocytosis")]:
        if anc >= lower:
            return name


def write(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, HEADER, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def run(anc, args, path, chunk):
    env = dict(os.environ, ANC_CHUNK_SIZE=chunk) if chunk else os.environ
    p = subprocess.run([anc, *args, path], capture_output=True, env=env)
    if p.returncode not in (0, 1):
        fail(f"{args}: exit {p.returncode}: {p.stderr.decode()}")
    return list(csv.DictReader(io.StringIO(p.stdout.decode(), newline="")))


def main():
    anc, work = sys.argv[1], pathlib.Path(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    work.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(16)
    episodes_seen = 0
    for k in range(rounds):
        rows, readings = make_rows(rnd)
        shuffled = rows[:]
        rnd.shuffle(shuffled)
        write(work / "a.csv", rows)
        write(work / "b.csv", shuffled)
        recovery = rnd.choice([1, 2, 3])
        gap = rnd.choice([None, 7, 60])
        rules = ["--recovery-readings", str(recovery)] + (["--max-gap", str(gap)] if gap else [])
        # The oracle numbers rows by their place in the unshuffled input.
        for r in readings:
            r["row"] = int(r["id"])
        want_rows = series_oracle.per_row(readings, recovery, gap)
        want_table = sorted(series_oracle.episode_table(readings, recovery, gap))
        episodes_seen += len(want_table)
        threads, chunk = rnd.choice([("1", None), ("2", "300"), ("3", "64")])
        outputs = []
        for name in ("a.csv", "b.csv"):
            got = run(anc, ["batch", "--series", "-j", threads, *rules], str(work / name), chunk)
            outputs.append({r["id"]: tuple(r[f] for f in SERIES_FIELDS) for r in got})
            if [r["id"] for r in got] != [r["id"] for r in (rows if name == "a.csv" else shuffled)]:
                fail(f"round {k} {name}: rows not written once each, in input order")
            table = run(anc, ["episodes", "-j", threads, *rules], str(work / name), chunk)
            have = sorted([list(r.values()) for r in table])
            if have != want_table:
                fail(f"round {k} {name} {rules}: episode table differs from the oracle")
        if outputs[0] != outputs[1]:
            fail(f"round {k}: a permutation changed the per-row output")
        # Standard input from a pipe is spooled for the second pass: the
        # same bytes as from the file.
        data = (work / "b.csv").read_bytes()
        piped = subprocess.run([anc, "batch", "--series", "-j", threads, *rules, "-"],
                               input=data, capture_output=True)
        direct = subprocess.run([anc, "batch", "--series", "-j", threads, *rules,
                                 str(work / "b.csv")], capture_output=True)
        if piped.stdout != direct.stdout or piped.returncode != direct.returncode:
            fail(f"round {k}: a pipe gave other output than the file")
    # No room to spool a pipe: a clear error, exit 2, and no rows half written.
    p = subprocess.run([anc, "batch", "--series", "-"], input=b"patient_id,sample_date,anc\n",
                       capture_output=True, env=dict(os.environ, TMPDIR="/nonexistent/dir"))
    if p.returncode != 2 or b"TMPDIR" not in p.stderr or p.stdout:
        fail(f"spooling to a missing TMPDIR: exit {p.returncode}, {p.stderr!r}")
        for row_id, fields in outputs[0].items():
            want = want_rows.get(int(row_id), ("", "", "", ""))
            if fields[3:7] != want:
                fail(f"round {k} row {row_id} {rules}: {fields[3:7]}, expected {want}")
    if episodes_seen < rounds:
        fail(f"only {episodes_seen} episodes in {rounds} rounds: too little is checked")
    print(f"{rounds} rounds, {episodes_seen} episodes: permutations change nothing")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
