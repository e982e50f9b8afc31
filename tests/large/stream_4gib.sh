#!/usr/bin/env bash
# Streams more than 4 GiB through `anc batch` (generated on the fly, piped)
# and checks the row count: no 32-bit counter, no whole-file buffer. The
# process runs under a 1 GiB address-space limit, so buffering the input
# would fail. Label "large": ctest --preset large.
set -euo pipefail
anc=$1
rows=${ANC_LARGE_ROWS:-400000000}  # 11 bytes a row: 4.4 GB, over 4 GiB

# yes ends by SIGPIPE when head has enough: keep it out of pipefail's view.
generate() {
  echo "anc,unit,age"
  head -n "$rows" < <(yes "800,/uL,8m")
}
# ulimit -v limits this subshell and so anc; the generator and wc run outside it.
out=$(generate |
      (ulimit -v 1048576; "$anc" batch - --fields status --progress never) |
      tee >(tail -n 1 > "${TMPDIR:-/tmp}/anc-large-last") | wc -l)
last=$(cat "${TMPDIR:-/tmp}/anc-large-last")
want=$((rows + 1))
if [ "$out" != "$want" ]; then
  echo "FAIL: $out lines out, expected $want" >&2
  exit 1
fi
if [ "$last" != "800,/uL,8m,ok," ]; then
  echo "FAIL: last row is '$last'" >&2
  exit 1
fi
echo "streamed $rows rows: $want lines out, last row '$last'"
