#!/usr/bin/env bash
# A failed write ends the run at once, even while the input pipe is idle:
# the parallel reader waits on its input and on a stop signal together, so
# it does not sit in read() until the producer sends more (issue #6).
# Here the producer sends 20,000 rows and then stays silent for 60 s, and
# standard output is /dev/full: anc must exit 2 within seconds.
set -euo pipefail
anc=$1
[ -e /dev/full ] || { echo "no /dev/full here: nothing to test"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk 'BEGIN { print "anc,unit,age"; for (i = 0; i < 20000; i++) print "800,/uL,3y" }' > "$work/rows.csv"
mkfifo "$work/in"

for threads in 2 1; do
  (cat "$work/rows.csv"; exec sleep 60) > "$work/in" 2> /dev/null &
  producer=$!
  start=$(date +%s%N)
  code=0
  "$anc" batch - --threads "$threads" < "$work/in" > /dev/full 2> "$work/err" || code=$?
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  kill "$producer" 2> /dev/null || true
  wait "$producer" 2> /dev/null || true
  grep -q "No space left on device" "$work/err" || { echo "-j $threads: stderr: $(cat "$work/err")"; exit 1; }
  [ "$code" -eq 2 ] || { echo "-j $threads: exit $code, expected 2"; exit 1; }
  [ "$elapsed_ms" -lt 10000 ] || { echo "-j $threads: took $elapsed_ms ms: waited for the idle pipe"; exit 1; }
  echo "-j $threads: exit 2 after $elapsed_ms ms"
done
