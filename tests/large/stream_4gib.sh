#!/usr/bin/env bash
# Streams more than 4 GiB through `anc batch` (generated on the fly, piped)
# and checks the row count: no 32-bit counter, no whole-file buffer, with one
# thread and with parallel chunks. The process runs under a 1 GiB
# address-space limit, so buffering the input would fail. Label "large":
# ctest --preset large (about 2 x 100 s).
set -euo pipefail
anc=$1
rows=${ANC_LARGE_ROWS:-400000000}  # 11 bytes a row: 4.4 GB, over 4 GiB

# yes ends by SIGPIPE when head has enough: keep it out of pipefail's view.
generate() {
  echo "anc,unit,age"
  head -n "$rows" < <(yes "800,/uL,8m")
}
# ulimit -v limits this subshell and so anc; the generator and wc run outside it.
# Both row loops: one thread, and the parallel chunks (two workers: a fixed
# count, so the address space its threads reserve does not grow with the
# machine's cores).
for threads in 1 2; do
  out=$(generate |
        (ulimit -v 1048576; "$anc" batch - --fields status --progress never --threads "$threads") |
        tee >(tail -n 1 > "${TMPDIR:-/tmp}/anc-large-last") | wc -l)
  last=$(cat "${TMPDIR:-/tmp}/anc-large-last")
  want=$((rows + 1))
  if [ "$out" != "$want" ]; then
    echo "FAIL (--threads $threads): $out lines out, expected $want" >&2
    exit 1
  fi
  if [ "$last" != "800,/uL,8m,ok," ]; then
    echo "FAIL (--threads $threads): last row is '$last'" >&2
    exit 1
  fi
  echo "--threads $threads: streamed $rows rows: $want lines out, last row '$last'"
done
