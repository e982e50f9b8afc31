#!/usr/bin/env python3
"""--join through the real binary (SPEC §13), on the real exports: each
row's age, found through the joined tables, is checked against ages
computed here independently from the same tables (csv and datetime).

usage: join_tables.py ANC WORKDIR DATADIR"""
import csv
import datetime
import gzip
import io
import os
import subprocess
import sys

anc, work, data = (os.path.abspath(a) for a in sys.argv[1:4])
os.makedirs(work, exist_ok=True)
failures = []


def check(name, ok, detail=""):
    if not ok:
        failures.append(f"{name}: {detail}")


def run(args):
    p = subprocess.run([anc] + args, capture_output=True, cwd=data)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text)))


def table(name, key):
    with open(os.path.join(data, name), newline="") as f:
        return {r[key]: r for r in csv.DictReader(f)}


def days_of_years(y):
    return int(y * 36525 // 100)  # SPEC §2: years x 365.25, rounded down


# --- MIMIC-IV: labevents.subject_id -> patients (anchor age rule) ---------------
patients = table("mimic_iv_demo_patients.csv", "subject_id")
code, out, err = run(["batch", "mimic_iv_demo_labevents_neutrophil.csv", "--code-col", "itemid",
                      "--anc-codes", "52075", "--join", "mimic_iv_demo_patients.csv",
                      "--fields", "age_days,age_group,status,error"])
check("mimic-iv exit", code == 1, err)  # 4 ANC rows have no value
seen = 0
for r in rows_of(out):
    if r["itemid"] != "52075":
        check("mimic-iv skipped", r["status"] == "skipped", r)
        continue
    p = patients[r["subject_id"]]
    years = int(p["anchor_age"]) + int(r["charttime"][:4]) - int(p["anchor_year"])
    if r["value"] == "" and r["valuenum"] == "":
        check("mimic-iv empty value", r["status"] == "error", r)
        continue
    seen += 1
    check("mimic-iv age", r["status"] == "ok" and r["age_days"] == str(days_of_years(years))
          and r["age_group"] == "adult", (r["labevent_id"], r["age_days"], years, r["error"]))
check("mimic-iv rows", seen == 565, seen)

# --- MIMIC-III: labevents.hadm_id -> admissions -> subject_id -> patients -------
# No ANC item exists (issue 17's --derive); WBC (51301) stands in as the
# coded row so that the join, not the count, is under test.
admissions = table("mimic_iii_demo_admissions.csv", "hadm_id")
by_subject = table("mimic_iii_demo_patients.csv", "subject_id")
code, out, err = run(["batch", "mimic_iii_demo_labevents_neutrophil.csv", "--code-col", "ITEMID",
                      "--anc-codes", "51301", "--join", "mimic_iii_demo_admissions.csv",
                      "--patients", "mimic_iii_demo_patients.csv", "--join-ignore", "row_id",
                      "--fields", "age_days,age_group,status,error"])
counts = {"ok": 0, "over130": 0, "nokey": 0}
for r in rows_of(out):
    if r["ITEMID"] != "51301":
        continue
    a = admissions.get(r["HADM_ID"])
    if a is None:  # outpatient rows: no HADM_ID, no patient, no age
        counts["nokey"] += 1
        check("mimic-iii no key", r["status"] == "error" and "joined table" in r["error"], r)
        continue
    dob = datetime.date.fromisoformat(by_subject[a["subject_id"]]["dob"][:10])
    when = datetime.date.fromisoformat(r["CHARTTIME"][:10])
    try:
        limit = dob.replace(year=dob.year + 130)
    except ValueError:  # 29 February
        limit = datetime.date(dob.year + 130, 3, 1)
    if when > limit:  # the >89 shift: SPEC §2, more than 130 years
        counts["over130"] += 1
        check("mimic-iii over 130", r["status"] == "error" and "130 years" in r["error"]
              and "--deidentified-ages" in r["error"], r)
        continue
    if r["VALUE"].replace(".", "", 1).isdigit():
        counts["ok"] += 1
        check("mimic-iii age", r["status"] == "ok" and r["age_days"] == str((when - dob).days),
              (r, (when - dob).days))
check("mimic-iii counts", counts["ok"] > 1000 and counts["over130"] > 0 and counts["nokey"] > 0,
      counts)

# --deidentified-ages (SPEC §13): those rows are over 89 years, adults, with
# a note; every other row is unchanged.
code, flagged, err = run(["batch", "mimic_iii_demo_labevents_neutrophil.csv", "--code-col", "ITEMID",
                          "--anc-codes", "51301", "--join", "mimic_iii_demo_admissions.csv",
                          "--patients", "mimic_iii_demo_patients.csv", "--join-ignore", "row_id",
                          "--deidentified-ages", "--fields", "age_days,age_group,status,error"])
_, with_notes, _ = run(["batch", "mimic_iii_demo_labevents_neutrophil.csv", "--code-col", "ITEMID",
                        "--anc-codes", "51301", "--join", "mimic_iii_demo_admissions.csv",
                        "--patients", "mimic_iii_demo_patients.csv", "--join-ignore", "row_id",
                        "--deidentified-ages", "--fields", "notes"])
changed = 0
for before, after, noted in zip(rows_of(out), rows_of(flagged), rows_of(with_notes)):
    if before["status"] == "error" and "130 years" in before["error"]:
        changed += 1
        check("deidentified age", after["status"] == "ok" and after["age_group"] == "adult"
              and after["age_days"] == str(days_of_years(89)) and noted["notes"] == "age_censored",
              after)
    else:
        check("deidentified: others unchanged", before == after, (before, after))
check("deidentified rows", changed == counts["over130"], (changed, counts))

# The same patients after a spreadsheet (dates like 3/5/94 0:00): every
# row that reaches them is an error naming the table's column, never a
# guessed century.
code, out, err = run(["batch", "mimic_iii_demo_labevents_neutrophil.csv", "--code-col", "ITEMID",
                      "--anc-codes", "51301", "--join", "mimic_iii_demo_admissions.csv",
                      "--join", "mimic_iii_demo_patients_excel_mangled.csv", "--join-ignore",
                      "row_id"])
mangled = [r for r in rows_of(out) if r["ITEMID"] == "51301" and r["HADM_ID"] in admissions
           and r["VALUE"].replace(".", "", 1).isdigit()]
check("mangled dates refused", code == 1 and mangled and all(
    r["status"] == "error" and "mimic_iii_demo_patients_excel_mangled.csv:DOB" in r["error"]
    for r in mangled) and sum("ISO 8601" in r["error"] for r in mangled) > 1000, err)

# --- eICU: lab.patientunitstayid -> patient (age text, "> 89" censored) ---------
stays = table("eicu_demo_patient.csv", "patientunitstayid")
code, out, err = run(["batch", "eicu_demo_lab_neutrophil.csv", "--code-col", "labname",
                      "--anc-codes", "WBC x 1000", "--value-col", "labresult", "--unit-col",
                      "labmeasurenamesystem", "--join", "eicu_demo_patient.csv", "--age-unit", "y",
                      "--fields", "age_days,age_group,notes,status,error"])
censored = 0
for r in rows_of(out):
    if r["labname"] != "WBC x 1000":
        continue
    age = stays[r["patientunitstayid"]]["age"]
    if age.startswith(">"):
        censored += 1
        check("eicu censored", r["status"] == "ok" and r["age_group"] == "adult"
              and r["notes"] == "age_censored"
              and r["age_days"] == str(days_of_years(int(age[1:]))), r)
    elif age:
        check("eicu age", r["status"] == "ok" and r["age_days"] == str(days_of_years(int(age))),
              (r, age))
check("eicu censored rows", censored > 0, censored)


# --- the rules of joining --------------------------------------------------------
def write(name, text, compress=False):
    path = os.path.join(work, name)
    with open(path, "wb") as f:
        f.write(gzip.compress(text.encode()) if compress else text.encode())
    return path


labs = write("labs.csv", "patient_id,anc,unit\nP1,800,/uL\nP2,2000,/uL\nP3,900,/uL\n")
ages = write("ages.csv.gz", "id,age,patient_id\n1,8m,P1\n2,40y,P2\n", compress=True)
code, out, err = run(["batch", labs, "--join", ages, "--fields", "age_group,severity,status"])
got = [(r["patient_id"], r["age_group"], r["status"]) for r in rows_of(out)]
check("first shared column, gzip table, no match left as it was",
      got == [("P1", "infant", "ok"), ("P2", "adult", "ok"), ("P3", "", "error")], (got, err))
check("joined columns are not written", out.split("\n")[0].startswith("patient_id,anc,unit,age_group"),
      out.split("\n")[0])

named = write("named.csv", "who,age\nP1,8m\n")
code, out, err = run(["batch", labs, "--join", named + ":who"])
check("FILE:COLUMN names a column the input lacks", code == 2 and '"who"' in err, err)
code, out, err = run(["batch", labs, "--join", named])
check("no shared column", code == 2 and "none of its columns" in err and named in err, err)

dup = write("dup.csv", "patient_id,age\nP1,8m\nP2,40y\nP1,8m\nP1,9m\n")
code, out, err = run(["batch", labs, "--join", dup])
check("one key, two rows", code == 2 and "line 2 and line 5" in err and '"P1"' in err, err)

blank = write("blank.csv", "patient_id,age\r\nP1,8m\r\n\r\n")
code, out, err = run(["batch", labs, "--join", blank, "--fields", "age_group"])
check("a table's blank line (and CRLF) is no row", code == 1 and ",infant," in out, (out, err))

bad = write("bad.csv", "patient_id,age\nP1,8m\nP2\n")
code, out, err = run(["batch", labs, "--join", bad])
check("malformed table line", code == 2 and "line 3" in err, err)

with_age = write("with_age.csv", "patient_id,anc,unit,age\nP1,800,/uL,3y\n")
keyed = write("keyed.csv", "patient_id,age\nP1,8m\n")
code, out, err = run(["batch", with_age, "--join", keyed])
check("a role in the input and in a table", code == 2 and "two columns could hold the age" in err
      and keyed + ":age" in err and '"age" (column 4)' in err, err)
code, out, err = run(["batch", with_age, "--join", keyed, "--age-col", keyed + ":age",
                      "--fields", "age_group"])
check("--age-col FILE:COLUMN picks the table's", code == 0 and ",infant," in out, (out, err))

# --- profiles (SPEC §13) ----------------------------------------------------------
import json

mimic4 = ["batch", "mimic_iv_demo_labevents_neutrophil.csv", "--join", "mimic_iv_demo_patients.csv"]
_, by_flags, _ = run(mimic4 + ["--code-col", "itemid", "--anc-codes", "52075", "--derive",
                              "--wbc-codes", "51301,51300", "--neut-pct-codes", "51256",
                              "--bands-pct-codes", "51144"])
code, by_profile, err = run(mimic4 + ["--profile", "mimic-iv"])
check("--profile mimic-iv is the flags it holds", code == 1 and by_profile == by_flags, err)
_, by_flags, _ = run(mimic4 + ["--code-col", "itemid", "--anc-codes", "52075"])
code, other, err = run(mimic4 + ["--profile", "mimic-iv", "--anc-codes", "51301"])
check("the command line overrides the profile",
      sum(1 for r in rows_of(other) if r["status"] == "ok" and r["itemid"] == "51301") > 2000, err)
own = write("own.json", json.dumps({"description": "mine", "code-col": "itemid",
                                    "anc-codes": "52075"}))
code, out, err = run(mimic4 + ["--profile", own])
check("a profile file of one's own", code == 1 and out == by_flags, err)
for label, text, words in [("unknown key", '{"code-col": "itemid", "colour": "red"}', '"colour"'),
                           ("not JSON", '{"code-col": ', "not valid JSON"),
                           ("not an object", '["code-col"]', "JSON object")]:
    code, out, err = run(mimic4 + ["--profile", write("bad_profile.json", text)])
    check(f"profile: {label}", code == 2 and words in err, err)
code, out, err = run(mimic4 + ["--profile", "mimic-v"])
check("an unknown profile", code == 2 and "mimic-iv" in err, err)
code, listing, err = run(["profiles"])
check("anc profiles lists them", code == 0 and all(
    f"{n}\n" in listing for n in ("eicu", "mimic-iii", "mimic-iv")) and "source: " in listing, err)
shipped = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "profiles")
for name in ("eicu", "mimic-iii", "mimic-iv"):
    code, text, err = run(["profiles", name])
    with open(os.path.join(shipped, name + ".json")) as f:
        check(f"anc profiles {name} prints its file", code == 0 and json.loads(text) == json.load(f),
              err)
    code, out, err = run(["batch", "mimic_iv_demo_labevents_neutrophil.csv", "--profile", name])
    check(f"every key of {name} is an option", "is not an option" not in err, err)

if failures:
    print("\n".join(failures[:30]))
    sys.exit(1)
print("joins: all checks passed")
