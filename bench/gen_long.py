#!/usr/bin/env python3
"""A long-format lab export for the --derive --join benchmark (issue 17).

Usage: gen_long.py WIDE.csv ROWS LONG.csv PATIENTS.csv

Reads the shared generator's wide file (patient_id, sample_date, age_days,
anc, unit) and writes, deterministically:

  LONG.csv      specimen_id,patient_id,sample_date,loinc,value,unit: one
                specimen per wide row, until ROWS rows are written. One in
                five specimens has a measured ANC (751-8, the wide row's
                value) beside its WBC; the others a WBC (6690-2, K/uL), a
                neutrophil % (770-8) and, in two of three, a bands %
                (764-1), in varying order, as a hospital export lists them.
  PATIENTS.csv  patient_id,birth_date: one row per patient, the birth date
                of its first wide row (sample date minus age_days), so that
                each row's age comes from the join.
"""
import csv
import random
import sys
from datetime import date, timedelta


def main():
    wide, rows, long_path, patients_path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    rng = random.Random(17)
    births = {}
    written = 0
    with open(wide, newline="") as f, open(long_path, "w", newline="") as out:
        reader = csv.reader(f)
        next(reader)
        out.write("specimen_id,patient_id,sample_date,loinc,value,unit\n")
        lines = []
        for n, (patient, sample, age_days, anc, unit) in enumerate(reader):
            if written >= rows:
                break
            if patient not in births:
                births[patient] = date.fromisoformat(sample) - timedelta(days=int(age_days))
            spec = f"S{n + 1}"
            head = f"{spec},{patient},{sample},"
            wbc = f"{rng.randint(5, 150) / 10:.1f}"
            if n % 5 == 0:
                parts = [f"{head}751-8,{anc},{unit}\n", f"{head}6690-2,{wbc},K/uL\n"]
            else:
                parts = [f"{head}6690-2,{wbc},K/uL\n", f"{head}770-8,{rng.randint(0, 900) / 10:.1f},%\n"]
                if n % 3:
                    parts.append(f"{head}764-1,{rng.randint(0, 99) / 10:.1f},%\n")
                rng.shuffle(parts)
            parts = parts[: rows - written]
            lines.extend(parts)
            written += len(parts)
            if len(lines) > 100_000:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))
    if written < rows:
        sys.exit(f"{wide} gives only {written} long rows")
    with open(patients_path, "w") as out:
        out.write("patient_id,birth_date\n")
        out.write("".join(f"{p},{b.isoformat()}\n" for p, b in births.items()))


main()
