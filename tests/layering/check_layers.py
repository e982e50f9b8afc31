#!/usr/bin/env python3
"""The layers of SPEC §11, checked on the source text:

- no string literal in include/anc/, src/core/ or src/io/ names a flag
  (--unit, --lln, ...): the core and io return codes and neutral texts,
  and the command layer names the flags that fix a problem;
- src/cli/ opens no input file and parses no CSV: that is the engine's.
- src/core/ and include/anc/ include nothing of io, engine or cli.

Usage: check_layers.py SOURCE_DIR
"""
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "support"))
from cpp_source import code_of  # noqa: E402

LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"')
FLAG = re.compile(r'(?<![\w-])--[a-z][a-z-]+')
CLI_MUST_NOT = [
    (re.compile(r'\bcsv_reader\b'), "reads CSV (engine/io's job)"),
    (re.compile(r'::open\s*\(|\bfopen\s*\(|\bifstream\b'), "opens a file (the engine's job)"),
    (re.compile(r'\bfind_roles\s*\('), "finds column roles (the engine's job)"),
]
CORE_MUST_NOT = re.compile(r'#include\s+"(io|engine|cli)/')


def strip_comments(text):
    """`text` without its /* */ and // comments."""
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    return '\n'.join(code_of(line) for line in text.split('\n'))


def main():
    root = pathlib.Path(sys.argv[1])
    problems = []
    for folder in ("include/anc", "src/core", "src/io"):
        for path in sorted((root / folder).rglob("*.[ch]pp")):
            code = strip_comments(path.read_text())
            for n, line in enumerate(code.split('\n'), 1):
                for literal in LITERAL.findall(line):
                    for flag in FLAG.findall(literal):
                        problems.append(f"{path.relative_to(root)}:{n}: names the flag {flag}")
                if folder != "src/io" and CORE_MUST_NOT.search(line):
                    problems.append(f"{path.relative_to(root)}:{n}: the core includes {line.strip()}")
    for path in sorted((root / "src/cli").glob("*.[ch]pp")):
        code = strip_comments(path.read_text())
        for n, line in enumerate(code.split('\n'), 1):
            for pattern, what in CLI_MUST_NOT:
                if pattern.search(line):
                    problems.append(f"{path.relative_to(root)}:{n}: the CLI {what}")
    for p in problems:
        print(p)
    print(f"{len(problems)} layering problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
