#!/usr/bin/env python3
"""Acceptance tests of `anc batch` on real third-party exports (issue #3).

This oracle is deliberately independent of the code under test: it parses
CSV with Python's csv module and computes every expected value with its
own arithmetic (decimal.Decimal) from the rules as SPEC.md states them,
restated here on purpose, with their sections. It runs the real binary and
checks that

  * every input row comes out exactly once, in order, its fields unchanged;
  * the appended columns are the SPEC section 7 list;
  * each row's status, ANC, threshold, neutropenic flag and severity match.

Usage: check_batch.py ANC_BINARY DATA_DIR {mimic-iv,eicu,fhir}
"""
import csv
import io
import json
import subprocess
import sys
from datetime import date
from decimal import Decimal, InvalidOperation

# SPEC §7: qualifier beside the count; febrile only with a fever column.
APPENDED = ["anc_per_uL", "qualifier", "age_days", "age_group", "threshold_per_uL",
            "neutropenic", "severity", "duration_days", "duration_class", "status", "error"]

# SPEC §3: neutropenic below 1500 cells/uL after the first year of life.
ADULT_THRESHOLD = Decimal(1500)
# SPEC §4: severity bands for neutropenic readings, lower bounds in cells/uL.
SEVERITY = [(Decimal(1000), "mild"), (Decimal(500), "moderate"), (Decimal(100), "severe"),
            (Decimal(0), "agranulocytosis")]

failures = []


def fail(msg):
    failures.append(msg)
    if len(failures) <= 20:
        print("FAIL:", msg)


def run(anc, args, stdin_path):
    with open(stdin_path, "rb") as f:
        p = subprocess.run([anc, "batch", "-", *args], stdin=f, capture_output=True)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def read_csv(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def check_rows_preserved(input_path, out_rows):
    with open(input_path, newline="", encoding="utf-8") as f:
        in_rows = list(csv.reader(f))
    if len(out_rows) != len(in_rows):
        fail(f"{len(in_rows)} rows in (with header), {len(out_rows)} out")
        return in_rows
    width = len(in_rows[0])
    if out_rows[0] != in_rows[0] + APPENDED:
        fail(f"header: {out_rows[0][width:]} appended, expected {APPENDED}")
    for i, (a, b) in enumerate(zip(in_rows, out_rows)):
        if b[:width] != a:
            fail(f"row {i}: input fields changed or reordered: {a} -> {b[:width]}")
        if len(b) != width + len(APPENDED):
            fail(f"row {i}: {len(b)} fields out, expected {width + len(APPENDED)}")
    return in_rows


def expected_adult(anc):
    """SPEC §3 and §4 for an adult: (neutropenic, severity)."""
    if anc >= ADULT_THRESHOLD:
        return "false", "none"
    for lower, name in SEVERITY:
        if anc >= lower:
            return "true", name
    raise AssertionError(anc)


def number_text(d):
    """How anc prints a count: no exponent, no trailing zeros."""
    s = format(d.normalize(), "f")
    return s


def check_ok(i, got, anc):
    neutropenic, severity = expected_adult(anc)
    # A plain number (Decimal read it): no censoring, so no qualifier.
    want = {"status": "ok", "anc_per_uL": number_text(anc), "qualifier": "",
            "threshold_per_uL": "1500",
            "age_group": "adult", "neutropenic": neutropenic, "severity": severity}
    for k, v in want.items():
        if got[k] != v:
            fail(f"row {i}: {k} = {got[k]!r}, expected {v!r} (error: {got['error']!r})")


def appended(row, width):
    return dict(zip(APPENDED, row[width:]))


def check_mimic_iv(anc, data):
    """MIMIC-IV demo: long format, local item id 52075 is the ANC, K/uL."""
    path = f"{data}/mimic_iv_demo_labevents_neutrophil.csv"
    # Age at the sample = anchor_age + year(charttime) - anchor_year (the
    # data's README). Every ANC row's patient must be an adult for --age 18y
    # to give each row its right threshold: prove it first.
    with open(f"{data}/mimic_iv_demo_patients.csv", newline="") as f:
        patients = {r["subject_id"]: r for r in csv.DictReader(f)}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["itemid"] != "52075":
                continue
            p = patients[r["subject_id"]]
            age = int(p["anchor_age"]) + int(r["charttime"][:4]) - int(p["anchor_year"])
            if age < 18:
                fail(f"labevent {r['labevent_id']}: age {age} < 18, --age 18y would be wrong")

    code, out, err = run(anc, ["--code-col", "itemid", "--anc-codes", "52075", "--age", "18y"],
                         path)
    out_rows = read_csv(out)
    in_rows = check_rows_preserved(path, out_rows)
    header = in_rows[0]
    width = len(header)
    col = {name: k for k, name in enumerate(header)}
    counts = {"ok": 0, "error": 0, "skipped": 0}
    for i in range(1, min(len(in_rows), len(out_rows))):
        src, got = in_rows[i], appended(out_rows[i], width)
        counts[got["status"]] = counts.get(got["status"], 0) + 1
        if src[col["itemid"]] != "52075":
            if got["status"] != "skipped":
                fail(f"row {i}: itemid {src[col['itemid']]} should be skipped, got {got}")
            continue
        assert src[col["valueuom"]] == "K/uL", src
        try:
            value = Decimal(src[col["value"]])
        except InvalidOperation:
            if got["status"] != "error" or "value" not in got["error"]:
                fail(f"row {i}: value {src[col['value']]!r} should be an error naming the "
                     f"value column, got {got}")
            continue
        check_ok(i, got, value * 1000)  # K/uL = 10^3/uL (SPEC §1)
    want_code = 1 if counts["error"] else 0
    if code != want_code:
        fail(f"exit code {code}, expected {want_code}; stderr: {err}")
    print(f"mimic-iv: {counts}")
    if counts["ok"] < 560:
        fail(f"only {counts['ok']} ANC rows classified")


# eICU interface unit spellings: the decision for each (README, "Units").
EICU_ACCEPTED = {"K/uL", "k/uL", "K/mcL", "K/MM3", "K/mm3", "k/MM3", "K/CMM", "K/cmm",
                 "10E3/mcL", "th/uL", "TH/uL", "THS/uL", "th/cumm", "TH/cmm", "THOU/UL",
                 "thou/cumm", "k/mm cu", "10*9/l", "10*3/uL", "10(3)/mcL", "x10(3)/mcL"}
EICU_REFUSED = {"x10 3/uL", "X 10 3", "x10 (3)", "10"}


def check_eicu(anc, data):
    """eICU demo: every interface spelling of the WBC unit, through the real
    pipeline. The WBC rows are fed as if they were ANC results, which is
    clinically meaningless: the point is each spelling's factor or refusal."""
    path = f"{data}/eicu_demo_lab_neutrophil.csv"
    code, out, err = run(anc, ["--code-col", "labname", "--anc-codes", "WBC x 1000",
                               "--value-col", "labresult",
                               "--unit-col", "labmeasurenameinterface", "--age", "50y"], path)
    out_rows = read_csv(out)
    in_rows = check_rows_preserved(path, out_rows)
    width = len(in_rows[0])
    col = {name: k for k, name in enumerate(in_rows[0])}
    seen = set()
    for i in range(1, min(len(in_rows), len(out_rows))):
        src, got = in_rows[i], appended(out_rows[i], width)
        if src[col["labname"]] != "WBC x 1000":
            if got["status"] != "skipped":
                fail(f"row {i}: {src[col['labname']]} should be skipped")
            continue
        unit = src[col["labmeasurenameinterface"]]
        seen.add(unit)
        if unit in EICU_REFUSED:
            if got["status"] != "error" or "labmeasurenameinterface" not in got["error"]:
                fail(f"row {i}: unit {unit!r} should be refused naming its column, got {got}")
            continue
        if unit not in EICU_ACCEPTED:
            fail(f"row {i}: unit {unit!r} has no decision in this test")
            continue
        check_ok(i, got, Decimal(src[col["labresult"]]) * 1000)
    if seen != EICU_ACCEPTED | EICU_REFUSED:
        fail(f"spellings seen {sorted(seen)} differ from the decision table")
    if code != 1:
        fail(f"exit code {code}, expected 1 (refused units are error rows)")
    print(f"eicu: {len(seen)} spellings checked")


def check_fhir(anc, data):
    """FHIR R4 example 101: the flattened CSV matches the Observations, and
    751-8 is classified while the WBC and neutrophil % rows pass through."""
    flat = f"{data}/fhir_r4_example_101_flattened.csv"
    want = "id,loinc,value,unit\n"
    with open(f"{data}/fhir_r4_spec_diagnosticreport_101_neutrophil_observations.ndjson") as f:
        for line in f:
            o = json.loads(line, parse_float=Decimal)
            q = o["valueQuantity"]
            want += f"{o['id']},{o['code']['coding'][0]['code']},{q['value']},{q['unit']}\n"
    with open(flat) as f:
        if f.read() != want:
            fail("the flattened CSV does not match the NDJSON Observations")

    code, out, err = run(anc, ["--age", "40y"], flat)
    rows = read_csv(out)
    check_rows_preserved(flat, rows)
    got = {r[0]: appended(r, 4) for r in rows[1:]}
    if got["r7"]["status"] != "skipped" or got["r8"]["status"] != "skipped":
        fail(f"WBC and neutrophil % rows should be skipped: {got}")
    check_ok("r9", got["r9"], Decimal("0.9") * 1000)  # x10*9/L = 10^9/L (SPEC §1)
    if code != 0:
        fail(f"exit code {code}, expected 0; stderr {err}")

    # Patient/pat2's birth date is not in the bundle: without --age the ANC
    # row is an error row, never classified with a guessed age.
    code, out, err = run(anc, [], flat)
    got = {r[0]: appended(r, 4) for r in read_csv(out)[1:]}
    if got["r9"]["status"] != "error" or "no age" not in got["r9"]["error"]:
        fail(f"r9 without an age should be an error row: {got['r9']}")
    if code != 1:
        fail(f"exit code {code} without --age, expected 1")
    print("fhir: ok")


def main():
    anc, data, which = sys.argv[1:4]
    {"mimic-iv": check_mimic_iv, "eicu": check_eicu, "fhir": check_fhir}[which](anc, data)
    if failures:
        print(f"{len(failures)} failures")
        sys.exit(1)


if __name__ == "__main__":
    main()
