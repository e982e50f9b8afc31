#!/usr/bin/env python3
"""Acceptance tests of SPEC §13 on the three real exports (issue 17): each
raw export classified by one command, a profile and its patient tables.

    anc batch labevents.csv --profile mimic-iv --join patients.csv
    anc batch LABEVENTS.csv --profile mimic-iii --join admissions.csv --join patients.csv
    anc batch lab.csv --profile eicu --join patient.csv

The oracle is independent of the code under test: Python's csv module,
decimal.Decimal arithmetic and datetime, and the rules as SPEC.md states
them, restated here on purpose with their sections. The item codes are the
datasets' own (their d_labitems tables, tests/data/realdata/ORIGIN.md). For
every row it checks status, anc_source, the ANC, the age group, the
threshold, neutropenic and severity; for every row it is not given
(error rows) it checks what the error names. It also checks that the
output is the same at -j 1 and -j 2, from a file and from a pipe, and
from a gzip file, and that `anc episodes` and `--series` run on the same
command.

Usage: derive_exports.py ANC_BINARY DATA_DIR WORK_DIR
"""
import csv
import gzip
import io
import os
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import datetime
from decimal import Decimal, InvalidOperation, ROUND_FLOOR

ANC, DATA, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []


def fail(msg):
    failures.append(msg)
    if len(failures) <= 25:
        print("FAIL:", msg)


def run(args, stdin=None):
    p = subprocess.run([ANC, *args], cwd=DATA, input=stdin, capture_output=True)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


def table(name, key):
    with open(os.path.join(DATA, name), newline="") as f:
        return {r[key]: r for r in csv.DictReader(f)}


# SPEC §1: K/uL and K/mcL are 10^3 cells/uL.
THOUSAND = Decimal(1000)


def number(text):
    try:
        d = Decimal(text.strip())
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def printed(d):
    """SPEC §1 and §6: counts kept to a thousandth of a cell/uL, rounded
    down, printed without trailing zeros."""
    d = d.quantize(Decimal("0.001"), rounding=ROUND_FLOOR)
    s = format(d.normalize(), "f")
    return s


def expected_class(anc, group):
    """SPEC §3 (threshold by age) and §4 (severity bands)."""
    threshold = Decimal(1000) if group in ("neonate", "infant") else Decimal(1500)
    if anc >= threshold:
        return str(threshold), "false", "none"
    for lower, name in ((1000, "mild"), (500, "moderate"), (100, "severe"), (0, "agranulocytosis")):
        if anc >= lower:
            return str(threshold), "true", name
    raise AssertionError(anc)


def group_of_years(years):
    """SPEC §2's groups, for an age in whole years (a neonate is not
    possible in these adult exports, and is checked)."""
    if years < 1:
        return "infant"
    return "child" if years < 18 else "adult"


def age_from_dates(dob, when):
    """SPEC §2: whole years from the date of birth to the sample date."""
    years = when.year - dob.year - ((when.month, when.day) < (dob.month, dob.day))
    return years


def check_dataset(name, out_text, spec):
    """spec: code column, value column, unit column, the codes, how to find
    each row's specimen and age, and the expected row count."""
    with open(os.path.join(DATA, spec["file"]), newline="") as f:
        rows = list(csv.DictReader(f))
    out = rows_of(out_text)
    if len(out) != len(rows):
        fail(f"{name}: {len(rows)} rows in, {len(out)} out")
        return Counter()
    # SPEC §13: the specimen's rows, wherever they stand.
    specimens = defaultdict(lambda: {"anc": False, "wbc": [], "bands": []})
    code_of = lambda r: r[spec["code"]]
    for i, r in enumerate(rows):
        key = spec["specimen"](r)
        if key is None:
            continue
        s = specimens[key]
        v = r[spec["value"]].strip()
        if code_of(r) in spec["anc"] and v:
            s["anc"] = True
        if code_of(r) in spec["wbc"] and v:
            s["wbc"].append((v, i + 1))
        if code_of(r) in spec["bands"] and v:
            s["bands"].append((v, i + 1))
    counts = Counter()
    for i, (r, got) in enumerate(zip(rows, out)):
        row = i + 1
        for k in r:
            if got[k] != r[k]:
                fail(f"{name} row {row}: input field {k} changed: {r[k]!r} -> {got[k]!r}")
        code = code_of(r)
        status = got["status"]
        counts[(code, status, got["anc_source"])] += 1
        what = f"{name} row {row} ({code})"
        if code not in spec["anc"] and code not in spec["neut"]:
            if status != "skipped" or got["anc_per_uL"] or got["anc_source"]:
                fail(f"{what}: expected skipped, got {status} {got['anc_per_uL']!r}")
            continue
        value = r[spec["value"]].strip()
        age_years = spec["age"](r)
        if code in spec["anc"]:
            source = "measured"
            anc = number(value)
            if anc is None:
                if status != "error" or spec["value"] not in got["error"]:
                    fail(f"{what}: value {value!r} should be an error naming {spec['value']}, "
                         f"got {status} {got['error']!r}")
                continue
            anc *= THOUSAND
        else:
            source = "derived"
            key = spec["specimen"](r)
            if key is None:
                if status != "error" or "no specimen" not in got["error"]:
                    fail(f"{what}: no specimen key, expected an error saying so, got "
                         f"{status} {got['error']!r}")
                continue
            s = specimens[key]
            if s["anc"]:
                if status != "skipped":
                    fail(f"{what}: its specimen has a measured ANC, expected skipped, got {status}")
                continue
            wbcs = {number(v) for v, _ in s["wbc"]}
            bands = {number(v) for v, _ in s["bands"]}
            if not wbcs:
                if status != "error" or "no WBC" not in got["error"]:
                    fail(f"{what}: no WBC in its specimen, expected that error, got "
                         f"{status} {got['error']!r}")
                continue
            if len(wbcs) > 1 or len(bands) > 1:
                if status != "error" or "two different" not in got["error"]:
                    fail(f"{what}: two different values in its specimen, expected that "
                         f"error, got {status} {got['error']!r}")
                continue
            wbc, neut = wbcs.pop(), number(value)
            band = bands.pop() if bands else Decimal(0)
            if wbc is None or neut is None or band is None or not (0 <= neut <= 100):
                if status != "error" or "specimen" not in got["error"]:
                    fail(f"{what}: unreadable WBC or differential ({s['wbc']}, {value!r}, "
                         f"{s['bands']}), expected an error naming the specimen, got "
                         f"{status} {got['error']!r}")
                continue
            if neut + band > 100:
                if status != "error":
                    fail(f"{what}: neutrophils + bands > 100 %, expected an error")
                continue
            # SPEC §6 / §13: ANC = WBC x (neutrophils % + bands %) / 100, exact.
            anc = wbc * THOUSAND * (neut + band) / 100
        if age_years is None:
            if status != "error" or "age" not in got["error"]:
                fail(f"{what}: no age, expected an error about it, got {status} {got['error']!r}")
            continue
        group = group_of_years(age_years)
        threshold, neutropenic, severity = expected_class(anc, group)
        want = {"status": "ok", "anc_source": source, "anc_per_uL": printed(anc),
                "age_group": group, "threshold_per_uL": threshold, "neutropenic": neutropenic,
                "severity": severity}
        for k, v in want.items():
            if got[k] != v:
                fail(f"{what}: {k} = {got[k]!r}, expected {v!r} (error: {got['error']!r})")
    return counts


def anchored_age(patients):
    """SPEC §13, MIMIC-IV: anchor_age + (sample year - anchor_year)."""
    def age(r):
        p = patients.get(r["subject_id"])
        if p is None:
            return None
        return int(p["anchor_age"]) + int(r["charttime"][:4]) - int(p["anchor_year"])
    return age


def mimic_iii_age(admissions, patients):
    """SPEC §2 from dob and CHARTTIME; SPEC §13 --deidentified-ages: more
    than 130 years apart is "over 89" (adult)."""
    def age(r):
        a = admissions.get(r["HADM_ID"])
        if a is None:
            return None
        dob = datetime.fromisoformat(patients[a["subject_id"]]["dob"])
        years = age_from_dates(dob, datetime.fromisoformat(r["CHARTTIME"]))
        return 90 if years > 130 else years
    return age


def mimic_iii_specimen(admissions):
    def key(r):
        a = admissions.get(r["HADM_ID"])
        return None if a is None or not r["CHARTTIME"] else (a["subject_id"], r["CHARTTIME"])
    return key


def eicu_age(patients):
    def age(r):
        text = patients[r["patientunitstayid"]]["age"].strip()
        if text.startswith(">"):
            return int(text[1:]) + 1  # SPEC §2: a censored age "> 89" is adult
        return int(text) if text else None
    return age


def main():
    os.makedirs(WORK, exist_ok=True)
    iv_patients = table("mimic_iv_demo_patients.csv", "subject_id")
    iii_adm = table("mimic_iii_demo_admissions.csv", "hadm_id")
    iii_pat = table("mimic_iii_demo_patients.csv", "subject_id")
    eicu_pat = table("eicu_demo_patient.csv", "patientunitstayid")
    datasets = {
        "mimic-iv": dict(
            file="mimic_iv_demo_labevents_neutrophil.csv",
            args=["--profile", "mimic-iv", "--join", "mimic_iv_demo_patients.csv"],
            code="itemid", value="value", anc={"52075"}, wbc={"51301", "51300"},
            neut={"51256"}, bands={"51144"},
            specimen=lambda r: r["specimen_id"] or None, age=anchored_age(iv_patients)),
        "mimic-iii": dict(
            file="mimic_iii_demo_labevents_neutrophil.csv",
            args=["--profile", "mimic-iii", "--join", "mimic_iii_demo_admissions.csv",
                  "--join", "mimic_iii_demo_patients.csv"],
            code="ITEMID", value="VALUE", anc=set(), wbc={"51301", "51300"}, neut={"51256"},
            bands={"51144"}, specimen=mimic_iii_specimen(iii_adm),
            age=mimic_iii_age(iii_adm, iii_pat)),
        "eicu": dict(
            file="eicu_demo_lab_neutrophil.csv",
            args=["--profile", "eicu", "--join", "eicu_demo_patient.csv"],
            code="labname", value="labresult", anc=set(), wbc={"WBC x 1000"}, neut={"-polys"},
            bands={"-bands"},
            specimen=lambda r: (r["patientunitstayid"], r["labresultoffset"]),
            age=eicu_age(eicu_pat)),
    }
    for name, spec in datasets.items():
        code, out, err = run(["batch", spec["file"], *spec["args"]])
        counts = check_dataset(name, out, spec)
        derived = sum(n for (c, s, src), n in counts.items() if src == "derived")
        errors = sum(n for (c, s, src), n in counts.items() if s == "error")
        print(f"{name}: exit {code}; {derived} derived; {errors} error rows; {dict(counts)}")
        if derived < 300:
            fail(f"{name}: only {derived} derived readings")
        if code != (1 if errors else 0):
            fail(f"{name}: exit {code}, expected {1 if errors else 0}: {err}")
        # The same rows at -j 2 with small chunks, from a pipe, from gzip.
        with open(os.path.join(DATA, spec["file"]), "rb") as f:
            raw = f.read()
        gz = os.path.join(WORK, f"{name}.csv.gz")
        with gzip.open(gz, "wb") as f:
            f.write(raw)
        for label, args, stdin, env in [
                ("-j 2, small chunks", ["batch", "-j", "2", spec["file"], *spec["args"]], None,
                 {"ANC_CHUNK_SIZE": "2048"}),
                ("a pipe", ["batch", "-", *spec["args"]], raw, {}),
                ("gzip", ["batch", gz, *spec["args"]], None, {})]:
            p = subprocess.run([ANC, *args], cwd=DATA, input=stdin, capture_output=True,
                               env={**os.environ, **env})
            if p.stdout.decode() != out or p.returncode != code:
                fail(f"{name}: {label} gives other output (exit {p.returncode}): "
                     f"{p.stderr.decode()[:300]}")
        # The same command makes series and episodes.
        code_s, series, err = run(["batch", spec["file"], "--series", *spec["args"]])
        srows = rows_of(series)
        if code_s != code or [r["status"] for r in srows] != [r["status"] for r in rows_of(out)]:
            fail(f"{name}: --series changes statuses or exit ({code_s}): {err[:300]}")
        code_e, episodes, err = run(["episodes", spec["file"], *spec["args"]])
        if code_e != code or not rows_of(episodes):
            fail(f"{name}: anc episodes exit {code_e} with {len(rows_of(episodes))} episodes: "
                 f"{err[:300]}")
    shutil.rmtree(WORK, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failures")
        sys.exit(1)
    print("derive on the real exports: all checks passed")


main()
