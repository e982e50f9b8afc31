"""FHIR R4 input (SPEC §14) through the real `anc` binary, on the HL7
specification's own CBC example and on generated bulk-export NDJSON.

The oracle reads the JSON with Python's json module (numbers as Decimal,
from their text) and states SPEC §14's rules itself: every Observation is
one row, in input order, exactly once; the value is the JSON number's text;
the unit is the UCUM code before the unit text; the time is the
Observation's own, else its DiagnosticReport's; ANC codes are classified,
others skipped. The same rows come from a file, a pipe, gzip, a bulk-export
folder with a manifest, any -j and chunk size, and with the Patient before
or after its Observations.

    fhir_inputs.py ANC REALDATA WORKDIR
"""
import csv
import gzip
import io
import json
import os
import random
import shutil
import subprocess
import sys
from decimal import Decimal

ANC, DATA, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []


def fail(msg):
    failures.append(msg)
    if len(failures) <= 25:
        print("FAIL:", msg)


def run(args, stdin=None, env=None):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run([ANC, *args], cwd=WORK, input=stdin, capture_output=True, env=e)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


def loads(text):
    return json.loads(text, parse_float=Decimal, parse_int=Decimal)


ANC_CODES = {"751-8", "753-4", "26499-4"}
UCUM = "http://unitsofmeasure.org"


def expected_row(obs, report_time):
    """What SPEC §14 says the row's input fields are."""
    code = next((c["code"] for c in obs.get("code", {}).get("coding", [])
                 if c.get("system") == "http://loinc.org"), "")
    q = obs.get("valueQuantity", {})
    unit = q.get("code") if q.get("system") == UCUM and q.get("code") else q.get("unit", "")
    value = ""
    if "value" in q and "dataAbsentReason" not in obs:
        comparator = {"<": "<", "<=": "<", ">": ">", ">=": ">", None: ""}.get(q.get("comparator"))
        if comparator is not None:
            value = comparator + format(q["value"], "f")
    effective = obs.get("effectiveDateTime") or obs.get("effectivePeriod", {}).get("start") \
        or report_time.get("Observation/" + obs["id"], "")
    return {"resource_id": obs["id"], "subject": obs.get("subject", {}).get("reference", ""),
            "effective": effective, "code": code, "value": value, "unit": unit}


def check_rows(label, lines, out, classified=True):
    """Every Observation of `lines` (NDJSON) once, in order, as SPEC §14 says."""
    resources = [loads(l) for l in lines if l.strip()]
    report_time = {}
    for r in resources:
        if r["resourceType"] == "DiagnosticReport":
            for ref in r.get("result", []):
                report_time[ref["reference"]] = r["effectiveDateTime"]
    observations = [r for r in resources if r["resourceType"] == "Observation"]
    rows = rows_of(out)
    if len(rows) != len(observations):
        fail(f"{label}: {len(rows)} rows for {len(observations)} Observations")
        return rows
    for obs, row in zip(observations, rows):
        want = expected_row(obs, report_time)
        got = {k: row[k] for k in want}
        if got != want:
            fail(f"{label}: {obs['id']}: input fields {got}, expected {want}")
        status = obs.get("status")
        if status in ("entered-in-error", "cancelled"):
            if row["status"] != "skipped" or row["error"] != "status " + status:
                fail(f"{label}: {obs['id']} ({status}): {row['status']} {row['error']!r}")
        elif want["code"] not in ANC_CODES:
            if row["status"] != "skipped":
                fail(f"{label}: {obs['id']} (code {want['code']}) is {row['status']}")
        elif classified and want["value"] and want["unit"] == "10*9/L":
            anc = Decimal(want["value"].lstrip("<>")) * 1000
            if row["status"] != "ok" or Decimal(row["anc_per_uL"]) != anc:
                fail(f"{label}: {obs['id']}: {row['status']} {row['anc_per_uL']}, expected {anc}"
                     f" ({row['error']})")
        elif not want["value"] and row["status"] != "error":
            fail(f"{label}: {obs['id']} has no value but is {row['status']}")
    return rows


os.makedirs(WORK, exist_ok=True)

# --- The HL7 specification's example --------------------------------------
r9 = os.path.join(DATA, "fhir_r4_spec_observation_r9_anc.json")
code, out, err = run(["batch", r9, "--age", "30y"])
rows = rows_of(out)
if code != 0 or len(rows) != 1:
    fail(f"r9: exit {code}, {len(rows)} rows: {err}")
else:
    r = rows[0]
    # unit "x10*9/L" but UCUM code "10*9/L": the code is read.
    want = {"resource_id": "r9", "subject": "Patient/pat2", "effective": "", "code": "751-8",
            "value": "0.9", "unit": "10*9/L", "anc_per_uL": "900", "age_group": "adult",
            "neutropenic": "true", "severity": "moderate", "status": "ok"}
    got = {k: r[k] for k in want}
    if got != want:
        fail(f"r9: {got}, expected {want}")
code, out, err = run(["batch", r9])
if code != 1 or "no age" not in out:
    fail(f"r9 without an age: exit {code}, {out!r}")

# The CBC's three Observations, with the report that holds their time (as
# in the example Bundle) and a Patient with a birth date, in either order.
with open(os.path.join(DATA, "fhir_r4_spec_diagnosticreport_101_neutrophil_observations.ndjson")) as f:
    cbc = [l.rstrip("\n") for l in f if l.strip()]
report = json.dumps({"resourceType": "DiagnosticReport", "id": "101", "status": "final",
                     "subject": {"reference": "Patient/pat2"},
                     "effectiveDateTime": "2011-03-04T08:30:00+11:00",
                     "result": [{"reference": "Observation/r7"}, {"reference": "Observation/r8"},
                                {"reference": "Observation/r9"}]})
patient = json.dumps({"resourceType": "Patient", "id": "pat2", "birthDate": "1960-07-11"})
outputs = {}
for order, lines in {"patient first": [patient, report, *cbc],
                     "patient last": [*cbc, report, patient]}.items():
    text = "\n".join(lines) + "\n"
    code, out, err = run(["batch", "-", "--derive"], stdin=text.encode())
    rows = check_rows(f"CBC, {order}", lines, out)
    if code != 0:
        fail(f"CBC, {order}: exit {code}: {err}")
    by_id = {r["resource_id"]: r for r in rows}
    if by_id.get("r9", {}).get("age_group") != "adult" or \
            by_id.get("r9", {}).get("anc_source") != "measured":
        fail(f"CBC, {order}: r9 {by_id.get('r9')}")
    # A measured ANC: the differential rows stay skipped (SPEC §13).
    if by_id.get("r8", {}).get("status") != "skipped":
        fail(f"CBC, {order}: r8 {by_id.get('r8')}")
    outputs[order] = [{k: v for k, v in r.items() if k != "error"} for r in rows]
if outputs["patient first"] != outputs["patient last"]:
    fail("CBC: the Patient's place changes the rows")

# Without the measured ANC, the neutrophil % row is derived: 4.6 x 20 %.
text = "\n".join([patient, report, cbc[0], cbc[1]]) + "\n"
code, out, err = run(["batch", "-", "--derive"], stdin=text.encode())
rows = rows_of(out)
derived = [r for r in rows if r["resource_id"] == "r8"]
if not derived or derived[0]["anc_per_uL"] != "920" or derived[0]["anc_source"] != "derived":
    fail(f"CBC derived: {derived}: {err}")

# --- Generated bulk-export NDJSON ------------------------------------------
rng = random.Random(18)
patients = [{"resourceType": "Patient", "id": f"p{i}",
             "birthDate": rng.choice(["1970-03-02", "2020-06-15", "2025-01-20", "1999", "2019-05"])}
            for i in range(40)]
observations = []
for i in range(3000):
    obs = {"resourceType": "Observation", "id": f"o{i}",
           "status": rng.choice(["final"] * 20 + ["amended", "entered-in-error", "cancelled"]),
           "code": {"coding": [{"system": "http://loinc.org",
                                "code": rng.choice(["751-8"] * 6 + ["26499-4", "6690-2", "2345-7"])}]},
           "subject": {"reference": f"Patient/p{rng.randrange(40)}"},
           "effectiveDateTime": f"2026-0{rng.randrange(1, 10)}-1{rng.randrange(10)}T0{rng.randrange(10)}:00:00Z"}
    kind = rng.random()
    if kind < 0.03:
        obs["dataAbsentReason"] = {"coding": [{"code": "error"}]}
    else:
        q = {"value": Decimal(rng.randrange(1, 4000)) / Decimal(1000), "unit": "x10*9/L",
             "system": UCUM, "code": "10*9/L"}
        if kind < 0.08:
            q["comparator"] = rng.choice(["<", "<=", ">", ">="])
        obs["valueQuantity"] = q
    observations.append(obs)


def line_of(r):
    # Decimals written as their own text (json cannot write Decimal).
    text = json.dumps(r, default=str)
    for m in [d for d in _decimals(r)]:
        text = text.replace(f'"{m}"', m, 1)
    return text


def _decimals(x):
    if isinstance(x, Decimal):
        yield str(x)
    elif isinstance(x, dict):
        for v in x.values():
            yield from _decimals(v)
    elif isinstance(x, list):
        for v in x:
            yield from _decimals(v)


obs_lines = [line_of(o) for o in observations]
pat_lines = [json.dumps(p) for p in patients]
bulk = os.path.join(WORK, "Observation.ndjson")
with open(bulk, "w") as f:
    f.write("\n".join(obs_lines) + "\n")
with open(os.path.join(WORK, "Patient.ndjson"), "w") as f:
    f.write("\n".join(pat_lines) + "\n")

code, out, err = run(["batch", "Observation.ndjson", "--join", "Patient.ndjson"])
base = check_rows("bulk NDJSON", obs_lines, out)
if code != 1 or "could not be classified" not in err:
    fail(f"bulk NDJSON: exit {code}: {err}")
# The partial birth dates: "1999" decides adult; "2019-05" decides child in
# 2026; "2025-01-20" makes an infant; none is undecided here.
for r in base:
    if r["status"] == "error" and "partial date" in r["error"]:
        fail(f"bulk NDJSON: {r['resource_id']}: {r['error']}")

# The same rows every way in.
export = os.path.join(WORK, "export")
shutil.rmtree(export, ignore_errors=True)
os.makedirs(export)
with gzip.open(os.path.join(export, "Observation.ndjson.gz"), "wt") as f:
    f.write("\n".join(obs_lines) + "\n")
shutil.copy(os.path.join(WORK, "Patient.ndjson"), export)
with open(os.path.join(export, "manifest.json"), "w") as f:
    json.dump({"transactionTime": "2026-10-01T00:00:00Z", "request": "https://x/fhir/$export",
               "requiresAccessToken": False,
               "output": [{"type": "Patient", "url": "https://x/files/Patient.ndjson"},
                          {"type": "Observation", "url": "https://x/files/Observation.ndjson.gz"}],
               "error": []}, f)
with open(bulk, "rb") as f:
    raw = f.read()
patients_first = ("\n".join(pat_lines + obs_lines) + "\n").encode()


def same_rows(label, out):
    got = [{k: v for k, v in r.items() if k != "error"} for r in rows_of(out)]
    want = [{k: v for k, v in r.items() if k != "error"} for r in base]
    if got != want:
        fail(f"{label}: rows differ from the file's")


for label, args, stdin, env in [
        ("pipe", ["batch", "-", "--join", "Patient.ndjson"], raw, None),
        ("gzip pipe", ["batch", "--join", "Patient.ndjson"], gzip.compress(raw), None),
        ("folder", ["batch", "export"], None, None),
        ("patients in the input", ["batch", "-"], patients_first, None),
        ("-j 2", ["batch", "-j", "2", "Observation.ndjson", "--join", "Patient.ndjson"], None,
         {"ANC_CHUNK_SIZE": "4096"}),
        ("--input-format fhir", ["batch", "--input-format", "fhir", "-", "--join",
                                 "Patient.ndjson"], raw, None)]:
    code, out, err = run(args, stdin, env)
    same_rows(label, out)

# Series and episodes on FHIR, as on CSV: episodes by patient.
code, out, err = run(["batch", "export", "--series", "-j", "2"], env={"ANC_CHUNK_SIZE": "8192"})
series = rows_of(out)
if len(series) != len(observations) or "episode" not in series[0]:
    fail(f"series: {len(series)} rows")
code1, out1, _ = run(["batch", "export", "--series", "-j", "1"])
if out1 != out:
    fail("series: -j 2 differs from -j 1")
code, out, err = run(["episodes", "export"])
episodes = rows_of(out)
if not episodes or {e["patient"] for e in episodes} - {o["subject"]["reference"] for o in observations}:
    fail(f"episodes: {len(episodes)} episodes: {err}")

# NDJSON output holds only the six input fields.
code, out, err = run(["batch", "export", "--format", "ndjson"])
objects = [json.loads(l) for l in out.splitlines()]
keys = {tuple(o["input"]) for o in objects}
if len(objects) != len(observations) or keys != {("resource_id", "subject", "effective", "code",
                                                     "value", "unit")}:
    fail(f"NDJSON output: {len(objects)} objects, keys {keys}")

# A malformed line among good ones is one error row where it stands.
lines = obs_lines[:5] + ['{"resourceType":"Observation","id":"bad",'] + obs_lines[5:10]
code, out, err = run(["batch", "-", "--join", "Patient.ndjson"], ("\n".join(lines) + "\n").encode())
rows = rows_of(out)
if len(rows) != 11 or rows[5]["status"] != "error" or "<stdin> line 6" not in rows[5]["error"] \
        or "malformed JSON at byte" not in rows[5]["error"]:
    fail(f"malformed line: {len(rows)} rows, {rows[5] if len(rows) > 5 else None}")

if failures:
    print(f"{len(failures)} failures")
    sys.exit(1)
print("fhir inputs: all checks passed")
