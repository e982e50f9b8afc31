#!/usr/bin/env python3
"""Converts admiral's published neutrophil grading cases into an `anc check`
reference file (issue #4). Run from the repository root:

    python3 tests/acceptance/convert_admiral.py \
        ../shared/realdata/admiral_neutrophil_cases.csv > data/admiral_cases.csv

Every case is kept, in order, with its values exactly as published. Only
the expectation column changes shape: admiral's `expected_grade` becomes
`expected_grade_<system>` for the system the case belongs to (CTCAE v4
cases use ctcae5, whose neutrophil criteria are identical, SPEC section 10),
and admiral's `NA` (no grade derived) becomes `null`.
"""
import csv
import sys

SYSTEMS = {
    "admiral_ctcae_v4": "ctcae5",
    "admiral_ctcae_v5": "ctcae5",
    "admiral_ctcae_v6": "ctcae6",
    "admiral_daids_v2.1": "daids21",
}

def main(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    out = csv.writer(sys.stdout, lineterminator="\n")
    cols = ["source", "case_id", "anc_value", "unit", "lln", "age_days"]
    systems = ["ctcae5", "ctcae6", "daids21"]
    out.writerow(cols + [f"expected_grade_{s}" for s in systems] + ["notes"])
    for r in rows:
        want = "null" if r["expected_grade"] == "NA" else r["expected_grade"]
        grades = [want if SYSTEMS[r["source"]] == s else "" for s in systems]
        out.writerow([r[c] for c in cols] + grades + [r["notes"]])


if __name__ == "__main__":
    main(sys.argv[1])
