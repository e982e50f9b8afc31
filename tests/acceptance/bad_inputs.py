#!/usr/bin/env python3
"""The bad-input catalogue of `anc batch` (issue #5): each kind of messy or
hostile input, with the outcome expected of it. None may crash, none may
drop a row, and every problem gets a message that names it.

Each entry: the input bytes, extra arguments, the exit code, and either the
message expected on stderr (exit 2: nothing is written) or the status of
every output row and a pattern its error must match (exit 0/1: every input
row is written, in order). Rows are counted with Python's own csv module.

Usage: bad_inputs.py ANC_BINARY
"""
import csv
import io
import random
import re
import subprocess
import sys

H = b"anc,unit,age\n"


def row(anc, unit=b"/uL", age=b"3y"):
    return anc + b"," + unit + b"," + age + b"\n"


CATALOGUE = []


def case(name, data, args=(), code=0, stderr=None, rows=None):
    """rows: a list of (status, error pattern or None), one per data row."""
    CATALOGUE.append((name, data, list(args), code, stderr, rows))


OK = ("ok", None)


def err(pattern):
    return ("error", pattern)


rng = random.Random(20261123)
garbage = bytes(rng.randrange(256) for _ in range(4096))

# --- the file as a whole --------------------------------------------------------
case("empty file", b"", code=2, stderr=r"is empty: no header line")
case("header only", H, rows=[])
case("no ANC column", b"foo,bar\n1,2\n", code=2, stderr=r"no ANC column")
case("binary garbage", garbage, code=2, stderr=r"no ANC column|malformed quoting")
case("two ANC columns", b"anc,abs_neut,unit,age\n1,1,/uL,3y\n", code=2,
     stderr=r"two columns could hold the ANC: \"anc\" \(column 1\) and \"abs_neut\" \(column 2\)")
case("header with an open quote", b'"anc,unit\n800,/uL\n', code=2,
     stderr=r"header line has malformed quoting")
case("blank lines between rows", H + row(b"800") + b"\n" + row(b"1600"),
     code=1, rows=[OK, err(r"the row has 1 field but the header has 3"), OK])
case("CR-only line ends", b"anc,unit,age\r800,/uL,3y\r1600,/uL,3y\r", rows=[OK, OK])
case("mixed CRLF and LF", b"anc,unit,age\r\n800,/uL,3y\n1600,/uL,3y\r\n", rows=[OK, OK])
case("quoted header names", b'"anc","unit","age"\n800,/uL,3y\n', rows=[OK])
case("a BOM at the start", b"\xef\xbb\xbf" + H + row(b"800"), rows=[OK])
case("a BOM in the middle", H + row(b"\xef\xbb\xbf800"), code=1,
     rows=[err(r"column \"anc\" value .* is not a decimal number")])
case("NUL bytes in a value", H + row(b"8\x0000"), code=1,
     rows=[err(r"column \"anc\" value \"8\\x0000\"")])  # shown escaped, never raw
case("NUL bytes in another column", b"id,anc,unit,age\na\x00b,800,/uL,3y\n", rows=[OK])
case("invalid UTF-8 in a value", H + row(b"\xff\xfe"), code=1, rows=[err(r"not a decimal number")])
case("invalid UTF-8 in another column", b"id,anc,unit,age\n\xff\xc3,800,/uL,3y\n", rows=[OK])
case("an unterminated quote at the end", H + b'"800,/uL,3y\n', code=1,
     rows=[err(r"a quoted field is not closed before the end of the input")])
case("a stray quote", b'id,anc,unit,age\n5" tall,800,/uL,3y\n', code=1,
     rows=[err(r"malformed quoting")])
case("a 10 MB field", b"id,anc,unit,age\n\"" + b"x" * 10_000_000 + b"\",800,/uL,3y\n",
     rows=[OK])
case("a line of a million columns", H + b",".join([b"1"] * 1_000_000) + b"\n", code=1,
     rows=[err(r"the row has 1000000 fields but the header has 3")])
case("a header of a million columns",
     b"anc,unit,age," + b",".join(b"c%d" % i for i in range(999_997)) + b"\n"
     + b"800,/uL,3y," + b",".join([b""] * 999_997) + b"\n", rows=[OK])
case("a short row", H + b"800,/uL\n", code=1,
     rows=[err(r"the row has 2 fields but the header has 3")])
case("a long row", H + b"800,/uL,3y,extra\n", code=1,
     rows=[err(r"the row has 4 fields but the header has 3")])
case("a trailing delimiter everywhere", b"anc,unit,age,\n800,/uL,3y,\n", rows=[OK])

# --- ANC values (SPEC §1) -------------------------------------------------------
case("ANC NaN", H + row(b"NaN"), code=1, rows=[err(r"is not a finite number")])
case("ANC inf", H + row(b"inf"), code=1, rows=[err(r"is not a finite number")])
case("ANC 1e400", H + row(b"1e400"), code=1, rows=[err(r"above the plausible maximum")])
case("ANC 0x10", H + row(b"0x10"), code=1, rows=[err(r"\"0x10\" is not a decimal number")])
case("ANC full-width digits", H + row("１２００".encode()), code=1,
     rows=[err(r"is not a decimal number")])
case("ANC -0", H + row(b"-0"), code=1, rows=[err(r"\"-0\" is negative")])
case("ANC negative", H + row(b"-5"), code=1, rows=[err(r"is negative")])
case("ANC empty", H + row(b""), code=1, rows=[err(r"column \"anc\" value \"\" is empty")])
case("ANC 1,200", H + row(b'"1,200"'), code=1, rows=[err(r"thousands separator")])
case("ANC decimal comma", H + row(b'"1,2"', b"K/uL"), code=1,
     rows=[err(r"pass --decimal-comma")])
case("ANC above 1,000,000/uL", H + row(b"1000001"), code=1,
     rows=[err(r"above the plausible maximum of 1000000")])
case("an unknown unit", H + row(b"800", b"furlongs/uL"), code=1,
     rows=[err(r"column \"unit\" value \"furlongs/uL\" is not a known unit.*accepted units")])
case("a bare volume as unit", H + row(b"800", b"MM3"), code=1, rows=[err(r"is a volume")])
case("a percentage as unit", H + row(b"80", b"%"), code=1, rows=[err(r"is a percentage")])
case("no unit anywhere", H + row(b"800", b""), code=1, rows=[err(r"a unit is never guessed")])
case("a unit clash", H + row(b"800/uL", b"K/uL"), code=1, rows=[err(r"contradicts")])

# --- dates and ages (SPEC §2) ---------------------------------------------------
D = b"anc,unit,dob,sample_date\n"
case("date 2026-02-30", D + b"800,/uL,2026-02-30,2026-11-23\n", code=1,
     rows=[err(r"\"2026-02-30\" is not a day of the calendar")])
case("date 0000-01-01", D + b"800,/uL,0000-01-01,2026-11-23\n", code=1,
     rows=[err(r"has a year outside 0001-9999")])
case("a spreadsheet date 3/5/94", D + b"800,/uL,3/5/94 0:00,2026-11-23\n", code=1,
     rows=[err(r"is not an ISO 8601 date")])
# De-identified exports shift dates into the future (MIMIC: 2100-2200); the age
# is relative, so a future sample date is classified, not refused.
case("a future sample date", D + b"800,/uL,2100-01-01,2148-08-16 00:00:00\n", rows=[OK])
case("birth after the sample", D + b"800,/uL,2025-01-02,2025-01-01\n", code=1,
     rows=[err(r"is before column \"dob\"")])
case("age 0d", H + row(b"800", age=b"0d"), rows=[OK])
case("age 131y", H + row(b"800", age=b"131y"), code=1, rows=[err(r"is more than 130 years")])
case("age a bare number", H + row(b"800", age=b"8"), code=1, rows=[err(r"bare number")])
case("age '> 89' (eICU)", H + row(b"800", age=b"> 89"), code=1, rows=[err(r"column \"age\"")])
case("no age at all", b"anc,unit\n800,/uL\n", code=1, rows=[err(r"no age")])

# --- other columns --------------------------------------------------------------
case("a negative LLN", b"anc,unit,age,lln\n1600,/uL,30y,-1\n", ["--grade", "ctcae5"], code=1,
     rows=[err(r"column \"lln\" value \"-1\" is negative")])
case("a Fahrenheit temperature", b"anc,unit,age,fever\n800,/uL,3y,101.3\n", code=1,
     rows=[err(r"not a plausible body temperature")])


def run(anc, data, args):
    p = subprocess.run([anc, "batch", "-", *args], input=data, capture_output=True)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def check(anc, name, data, args, code, stderr, rows):
    got_code, out, err_text = run(anc, data, args)
    problems = []
    if got_code != code:
        problems.append(f"exit {got_code}, expected {code}")
    if got_code < 0:
        problems.append(f"killed by signal {-got_code}")
    if code == 2:
        if out:
            problems.append("wrote output although the run failed")
        if not re.search(stderr, err_text):
            problems.append(f"stderr {err_text!r} does not match {stderr!r}")
        return problems
    table = list(csv.reader(io.StringIO(out.decode("utf-8", "surrogateescape"), newline="")))
    data_rows = table[1:]
    s_col, e_col = table[0].index("status"), table[0].index("error")
    if len(data_rows) != len(rows):
        problems.append(f"{len(data_rows)} rows out, expected {len(rows)}")
        return problems
    for i, ((status, pattern), r) in enumerate(zip(rows, data_rows), start=1):
        # A long row shifts the appended columns right: count from the end.
        shift = len(r) - len(table[0])
        got_status, got_error = r[s_col + shift], r[e_col + shift]
        if got_status != status:
            problems.append(f"row {i}: status {got_status!r}, expected {status!r} ({got_error!r})")
        if pattern and not re.search(pattern, got_error):
            problems.append(f"row {i}: error {got_error!r} does not match {pattern!r}")
        if status == "error" and not re.match(r"row \d+ \(line \d+\): ", got_error):
            problems.append(f"row {i}: error does not name the row and line: {got_error!r}")
    return problems


def main():
    csv.field_size_limit(sys.maxsize)
    anc = sys.argv[1]
    failed = 0
    for name, data, args, code, stderr, rows in CATALOGUE:
        problems = check(anc, name, data, args, code, stderr, rows)
        if problems:
            failed += 1
            print(f"FAIL {name}: " + "; ".join(problems))
    print(f"{len(CATALOGUE) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
