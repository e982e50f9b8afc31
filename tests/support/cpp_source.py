"""Reading C++ source as text, for the tests that check it."""


def code_of(line):
    """`line` without a trailing // comment (one outside a string literal)."""
    in_string = False
    for i, c in enumerate(line):
        if c == '"' and (i == 0 or line[i - 1] != '\\'):
            in_string = not in_string
        if not in_string and line.startswith('//', i):
            return line[:i].rstrip()
    return line.rstrip()
