"""A FHIR bulk-data export for the benchmark (SPEC 14, issue 18): N
Observations, one ANC a line as a bulk export writes them (compact JSON,
LOINC 751-8, a UCUM quantity, a reference range, a subject, a time), and
a Patient file; deterministic.

    gen_fhir.py N OBSERVATIONS.ndjson PATIENTS.ndjson
"""
import json
import random
import sys

n, obs_path, pat_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rng = random.Random(14)
patients = max(1, n // 20)
with open(pat_path, "w") as f:
    for i in range(patients):
        year = rng.randrange(1930, 2026)
        f.write(json.dumps({"resourceType": "Patient", "id": f"pt{i}",
                            "meta": {"lastUpdated": "2026-01-01T00:00:00Z"},
                            "gender": rng.choice(["female", "male"]),
                            "birthDate": f"{year}-{rng.randrange(1, 13):02}-{rng.randrange(1, 29):02}"},
                           separators=(",", ":")) + "\n")
with open(obs_path, "w") as f:
    for i in range(n):
        value = f"{rng.randrange(0, 9000) / 1000:.2f}"
        obs = {"resourceType": "Observation", "id": f"obs{i}",
               "meta": {"versionId": "1", "lastUpdated": "2026-06-01T00:00:00Z"},
               "status": "final",
               "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                         "code": "laboratory"}]}],
               "code": {"coding": [{"system": "http://loinc.org", "code": "751-8",
                                    "display": "Neutrophils [#/volume] in Blood by Automated count"}],
                        "text": "Neutrophils"},
               "subject": {"reference": f"Patient/pt{rng.randrange(patients)}"},
               "effectiveDateTime": f"2026-{rng.randrange(1, 13):02}-{rng.randrange(1, 29):02}T{rng.randrange(24):02}:{rng.randrange(60):02}:00Z",
               "valueQuantity": {"value": "@V@", "unit": "x10*9/L",
                                 "system": "http://unitsofmeasure.org", "code": "10*9/L"},
               "referenceRange": [{"low": {"value": "@L@", "unit": "x10*9/L",
                                           "system": "http://unitsofmeasure.org", "code": "10*9/L"},
                                   "high": {"value": "@H@", "unit": "x10*9/L",
                                            "system": "http://unitsofmeasure.org", "code": "10*9/L"}}]}
        line = json.dumps(obs, separators=(",", ":"))
        # Numbers as a lab writes them (json.dumps would write 2.0 as 2.0 anyway).
        line = line.replace('"@V@"', value).replace('"@L@"', "2.0").replace('"@H@"', "7.5")
        f.write(line + "\n")
