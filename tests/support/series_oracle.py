"""An independent reading of SPEC section 12 (series and episodes), for the
tests: written from the SPEC's words, not from the code under test, with
Python's datetime and Decimal.

Readings are dicts with "row" (1-based data row), "patient", "time" (the
text as written) and "neutropenic" (bool), and optionally "anc" (Decimal
cells/uL), "qualifier" ("", "<", ">"), "severity".
"""
from datetime import datetime
from decimal import Decimal

DAY_SECONDS = 86400
SEVERITY_ORDER = ["none", "mild", "moderate", "severe", "agranulocytosis"]


def instant(text):
    """SPEC 12: YYYY-MM-DD (its midnight) or a date-time with ' ' or 'T'."""
    t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if t.tzinfo is not None:
        return t.timestamp()
    # Times without a zone are compared as written.
    return (t - datetime(1970, 1, 1)).total_seconds()


def whole_days(a, b):
    """Elapsed time from a to b floored to whole days (SPEC 12)."""
    return int((b - a) // DAY_SECONDS)


def duration_class(days):
    """SPEC 5: acute <= 91 days, persistent 92-182, chronic >= 183."""
    if days <= 91:
        return "acute"
    if days <= 182:
        return "persistent"
    return "chronic"


def by_patient(readings):
    """Patients in order of first appearance; each one's readings ordered by
    time, ties by input order."""
    order, groups = [], {}
    for r in readings:
        if r["patient"] not in groups:
            order.append(r["patient"])
            groups[r["patient"]] = []
        groups[r["patient"]].append(r)
    for p in order:
        groups[p].sort(key=lambda r: (instant(r["time"]), r["row"]))
    return [(p, groups[p]) for p in order]


def episodes_of(series, recovery=1, max_gap=None):
    """The episodes of one patient's ordered readings: dicts of indices."""
    out, cur, calm, prev = [], None, [], None
    for i, r in enumerate(series):
        t = instant(r["time"])
        if cur is not None and max_gap is not None and whole_days(prev, t) > max_gap:
            cur["reason"] = "gap"
            out.append(cur)
            cur = None
        prev = t
        if cur is None:
            if r["neutropenic"]:
                cur, calm = {"start": i, "end": i, "recovered": None}, []
            continue
        if r["neutropenic"]:
            cur["end"], calm = i, []
            continue
        calm.append(i)
        if len(calm) == recovery:
            cur["recovered"], cur["reason"] = calm[0], "recovered"
            out.append(cur)
            cur = None
    if cur is not None:
        cur["reason"] = "data_end"
        out.append(cur)
    return out


def per_row(readings, recovery=1, max_gap=None):
    """row -> (duration_days, duration_class, episode, episode_start) as
    batch --series writes them ("" for none)."""
    out = {r["row"]: ("", "", "", "") for r in readings}
    for _, series in by_patient(readings):
        for number, e in enumerate(episodes_of(series, recovery, max_gap), 1):
            start = series[e["start"]]
            for r in series[e["start"]:e["end"] + 1]:
                if r["neutropenic"]:
                    d = whole_days(instant(start["time"]), instant(r["time"]))
                    out[r["row"]] = (str(d), duration_class(d), str(number), start["time"])
                else:
                    out[r["row"]] = ("", "", str(number), start["time"])
    return out


def nadir_key(r):
    """A '<' value counts as just below its bound, '>' just above."""
    return (r["anc"], {"<": 0, "": 1, ">": 2}[r.get("qualifier", "")])


def episode_table(readings, recovery=1, max_gap=None):
    """SPEC 12's episode table, as lists of strings (no grade columns)."""
    rows = []
    for patient, series in by_patient(readings):
        for number, e in enumerate(episodes_of(series, recovery, max_gap), 1):
            span = series[e["start"]:e["end"] + 1]
            neut = [r for r in span if r["neutropenic"]]
            nadir = min(neut, key=nadir_key)  # min keeps the earliest of ties
            first, last = series[e["start"]], series[e["end"]]
            d = whole_days(instant(first["time"]), instant(last["time"]))
            worst = max((r["severity"] for r in neut), key=SEVERITY_ORDER.index)
            rec = series[e["recovered"]]["time"] if e["recovered"] is not None else ""
            rows.append([patient, str(number), first["time"], last["time"], rec, e["reason"],
                         str(len(span)), str(len(neut)), format(nadir["anc"].normalize(), "f"),
                         nadir.get("qualifier", ""), nadir["time"], worst, str(d),
                         duration_class(d), ""])
    return rows
