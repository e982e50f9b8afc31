#!/usr/bin/env bash
# What stands at an -o path is never replaced by something else (issue 14):
# links are written through, devices, FIFOs and sockets are written into,
# a replaced file keeps its mode and owner, "-" is standard output, a
# directory fails before any input is read, and every I/O error names its
# path.
set -euo pipefail
anc=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
printf 'anc,unit,age\n800,/uL,8m\n1600,/uL,3y\n' > in.csv
fail() { echo "FAIL: $*"; exit 1; }
rows_of() { wc -l < "$1" | tr -d ' '; }

# A symbolic link: its target gets the output, the link stays a link, and
# the target keeps its mode.
echo old > real.csv
chmod 640 real.csv
ln -s real.csv link.csv
"$anc" batch in.csv -o link.csv
[ -L link.csv ] || fail "link.csv is no longer a symbolic link"
[ "$(rows_of real.csv)" = 3 ] || fail "the link's target was not written: $(cat real.csv)"
[ "$(stat -c %a real.csv)" = 640 ] || fail "target mode $(stat -c %a real.csv), expected 640"
ls ./*.anc-tmp-* > /dev/null 2>&1 && fail "temporary file left"
# A link into another directory, to a file that does not exist yet: the
# file is created there (the temporary file too, so the rename stays on
# one file system).
mkdir sub
ln -s sub/new.csv dangling.csv
"$anc" batch in.csv -o dangling.csv
[ -L dangling.csv ] && [ "$(rows_of sub/new.csv)" = 3 ] || fail "dangling link not written through"

# A replaced file keeps its mode and (as root) its owner and group.
echo old > kept.csv
chmod 604 kept.csv
if [ "$(id -u)" = 0 ]; then chown nobody:nogroup kept.csv; fi
owner=$(stat -c %U:%G kept.csv)
"$anc" batch in.csv -o kept.csv
[ "$(stat -c %a kept.csv)" = 604 ] || fail "mode $(stat -c %a kept.csv), expected 604"
[ "$(stat -c %U:%G kept.csv)" = "$owner" ] || fail "owner $(stat -c %U:%G kept.csv), expected $owner"

# "-" is standard output; no file named "-" appears.
out=$("$anc" batch in.csv -o -)
[ "$(printf '%s\n' "$out" | wc -l)" = 3 ] || fail "-o - did not write to stdout: $out"
[ -e ./- ] && fail "-o - created a file named -"

# A FIFO: written into, its reader gets every row, it stays a FIFO.
mkfifo fifo
cat fifo > from_fifo &
reader=$!
"$anc" batch in.csv -o fifo
wait "$reader"
[ -p fifo ] || fail "the FIFO was replaced"
[ "$(rows_of from_fifo)" = 3 ] || fail "the FIFO's reader got $(rows_of from_fifo) lines"

# A Unix socket: written into.
python3 - "$anc" <<'PY' || fail "socket"
import os, socket, subprocess, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind("sock"); s.listen(1)
p = subprocess.Popen([sys.argv[1], "batch", "in.csv", "-o", "sock"])
c, _ = s.accept()
data = b""
while chunk := c.recv(65536):
    data += chunk
assert p.wait() == 0, "exit code"
assert data.count(b"\n") == 3, data
import stat
assert stat.S_ISSOCK(os.stat("sock").st_mode), "the socket was replaced"
PY

# Devices: /dev/full is written into (and fails, naming it); a null device
# made here (as root) stays a device.
if [ -e /dev/full ]; then
  code=0
  "$anc" batch in.csv -o /dev/full 2> err || code=$?
  [ "$code" = 2 ] || fail "-o /dev/full: exit $code"
  grep -q "write to /dev/full: No space left on device" err || fail "-o /dev/full: $(cat err)"
  [ -c /dev/full ] || fail "/dev/full is no longer a device"
fi
if mknod null c 1 3 2> /dev/null; then
  "$anc" batch in.csv -o null
  [ -c null ] || fail "a device node was replaced by a regular file"
fi

# A directory: refused at once, naming it, before the input is read (the
# input here is a pipe that stays silent for 30 s).
code=0
mkfifo silent
sleep 30 > silent &
writer=$!
timeout 10 "$anc" batch - -o sub < silent 2> err || code=$?
kill "$writer" 2> /dev/null || true
[ "$code" = 2 ] || fail "-o DIR: exit $code (124: it waited for the input)"
grep -q "cannot write sub: Is a directory" err || fail "-o DIR: $(cat err)"

# Reading a directory names it: a folder is read only as a FHIR bulk export.
code=0
"$anc" batch sub 2> err || code=$?
[ "$code" = 2 ] || fail "batch DIR: exit $code"
grep -q "cannot read sub: it is a folder with no manifest.json" err || fail "batch DIR: $(cat err)"
code=0
"$anc" check sub 2> err || code=$?
grep -q "cannot read sub: it is a folder with no manifest.json" err || fail "check DIR: $(cat err)"
echo "output paths: all checks passed"
