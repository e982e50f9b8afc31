#!/usr/bin/env python3
"""Acceptance test of series mode on the MIMIC-IV demo (issue 16): its
labevents are neither grouped by patient nor sorted by time. Runs the real
binary (`batch --series` and `episodes`, at -j 1 and -j 2, with default
and stricter episode rules) and checks every row and every episode against
tests/support/series_oracle.py, an independent reading of SPEC section 12.

Usage: mimic_series.py ANC_BINARY DATA_DIR
"""
import csv
import io
import pathlib
import subprocess
import sys
from decimal import Decimal

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "support"))
import series_oracle  # noqa: E402

ADULT_THRESHOLD = Decimal(1500)  # SPEC 3: after the first year of life
SEVERITY = [(Decimal(1000), "mild"), (Decimal(500), "moderate"), (Decimal(100), "severe"),
            (Decimal(0), "agranulocytosis")]  # SPEC 4
OPTIONS = ["--code-col", "itemid", "--anc-codes", "52075", "--age", "18y",
           "--patient-col", "subject_id", "--date-col", "charttime"]

failures = []


def fail(msg):
    failures.append(msg)
    if len(failures) <= 20:
        print("FAIL:", msg)


def severity(anc):
    if anc >= ADULT_THRESHOLD:
        return "none"
    return next(name for lower, name in SEVERITY if anc >= lower)


def run(anc, args, path):
    p = subprocess.run([anc, *args, path, *OPTIONS], capture_output=True)
    if p.returncode not in (0, 1):
        fail(f"{args}: exit {p.returncode}: {p.stderr.decode()}")
    return list(csv.reader(io.StringIO(p.stdout.decode(), newline="")))


def main():
    anc, data = sys.argv[1], sys.argv[2]
    path = f"{data}/mimic_iv_demo_labevents_neutrophil.csv"
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    readings, out_of_order, last_seen = [], 0, {}
    for n, r in enumerate(rows, 1):
        if r["itemid"] != "52075":
            continue
        try:
            anc_value = Decimal(r["value"]) * 1000  # K/uL (SPEC 1)
        except ArithmeticError:
            continue  # an error row: it takes no part (SPEC 12)
        t = series_oracle.instant(r["charttime"])
        if r["subject_id"] in last_seen and t < last_seen[r["subject_id"]]:
            out_of_order += 1
        last_seen[r["subject_id"]] = max(t, last_seen.get(r["subject_id"], t))
        readings.append({"row": n, "patient": r["subject_id"], "time": r["charttime"],
                         "anc": anc_value, "severity": severity(anc_value),
                         "neutropenic": anc_value < ADULT_THRESHOLD})
    # The point of the test: the export is not in time order.
    if out_of_order < 100:
        fail(f"only {out_of_order} readings come before an earlier one of their patient")

    cases = [([], 1, None), (["--recovery-readings", "2", "--max-gap", "30"], 2, 30),
             (["--recovery-readings", "3"], 3, None)]
    total_episodes = 0
    for extra, recovery, gap in cases:
        want_rows = series_oracle.per_row(readings, recovery, gap)
        want_table = series_oracle.episode_table(readings, recovery, gap)
        total_episodes += len(want_table)
        for threads in ("1", "2"):
            out = run(anc, ["batch", "--series", "-j", threads, *extra], path)
            head = out[0]
            col = {name: k for k, name in enumerate(head)}
            if len(out) != len(rows) + 1:
                fail(f"{extra} -j {threads}: {len(out) - 1} rows out of {len(rows)}")
                continue
            for n, got in enumerate(out[1:], 1):
                if got[col["status"]] == "ok" and rows[n - 1]["itemid"] != "52075":
                    fail(f"row {n}: classified but not an ANC row")
                want = want_rows.get(n, ("", "", "", ""))
                have = tuple(got[col[k]] for k in
                             ("duration_days", "duration_class", "episode", "episode_start"))
                if have != want:
                    fail(f"{extra} -j {threads}: row {n}: {have}, expected {want}")
            table = run(anc, ["episodes", "-j", threads, *extra], path)
            if table[0][:15] != ["patient", "episode", "start", "end", "recovered", "end_reason",
                                 "readings", "neutropenic_readings", "nadir_anc_per_uL",
                                 "nadir_qualifier", "nadir_time", "worst_severity",
                                 "duration_days", "duration_class", "febrile"]:
                fail(f"episodes header: {table[0]}")
            if table[1:] != want_table:
                fail(f"{extra} -j {threads}: episode table differs: "
                     f"{len(table) - 1} rows, expected {len(want_table)}")
                for a, b in zip(table[1:], want_table):
                    if a != b:
                        fail(f"  got {a}\n  expected {b}")
                        break
    if total_episodes < 30:
        fail(f"only {total_episodes} episodes in all: the test checks too little")
    print(f"mimic-iv series: {len(readings)} readings, {out_of_order} out of order, "
          f"{total_episodes} episodes over {len(cases)} rule sets")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
