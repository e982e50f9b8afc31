#!/usr/bin/env bash
# Throughput of `anc batch` beside its peers, measured in one run (issue #6).
#
# Usage:  bench/run.sh [ROWS]            (default 10000000, about 360 MB)
#
# Generates the data with the shared deterministic generator, builds anc in
# release mode, then times, on the same file from the page cache, with the
# output thrown away: the floors (cat, wc -l, and PEERS.md's C++ floor, an
# unvalidated one-thread loop), anc batch with the peers' three
# columns (--fields anc_per_uL,threshold_per_uL,severity; status and error are
# always added, SPEC section 7) and with its default full output, each on
# every core (-j $(nproc)) and on one thread (-j 1), the same on a copy
# with every field quoted (as R's write.csv writes), and every
# peer that is installed (mawk, gawk, Miller, DuckDB, pandas; see
# ../shared/bench/PEERS.md). It reports the median wall time of RUNS runs,
# MB/s, rows/s, peak RSS, and the ratio of anc's MB/s to each peer's, and
# checks that anc's threshold and severity agree with mawk's on every row and
# that -j 1 and -j $(nproc) write the same bytes.
#
# Environment: RUNS (default 3), BENCH_DIR (default /tmp/anc-bench),
# ANC_SHARED (default ../shared beside the repository), FHIR_ROWS (default
# 1000000: the FHIR bulk export's Observations; jq times the FHIR peer).
set -euo pipefail
export LC_ALL=C

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${ANC_SHARED:-$REPO/../shared}"
PEERS_DIR="$SHARED/bench/peers"
BENCH_DIR="${BENCH_DIR:-/tmp/anc-bench}"
RUNS="${RUNS:-3}"
ROWS="${1:-10000000}"
mkdir -p "$BENCH_DIR"

[ -x /usr/bin/time ] || { echo "missing /usr/bin/time: apt-get install -y time" >&2; exit 1; }

# anc, optimised for the machine it runs on.
cmake --preset bench >/dev/null
cmake --build --preset bench >/dev/null
ANC="$REPO/build/bench/anc"

F="$BENCH_DIR/labs_${ROWS}.csv"
if [ ! -s "$F" ]; then
  echo "generating $F ..." >&2
  python3 "$SHARED/bench/gen_labs.py" "$ROWS" > "$F.tmp" && mv "$F.tmp" "$F"
fi
BYTES=$(stat -c %s "$F")
# The same rows with every field quoted, as R's write.csv writes them.
Q="$BENCH_DIR/labs_${ROWS}_quoted.csv"
if [ ! -s "$Q" ]; then
  awk -F, -v OFS=, '{ for (i = 1; i <= NF; i++) $i = "\"" $i "\""; print }' "$F" > "$Q.tmp"
  mv "$Q.tmp" "$Q"
fi
# A long-format export of as many rows (one test per row: WBC, neutrophil
# % and bands % rows, an ANC for one specimen in five) and its patients
# table, for --derive --join (SPEC 13; bench/gen_long.py).
L="$BENCH_DIR/long_${ROWS}.csv"
LP="$BENCH_DIR/long_patients_${ROWS}.csv"
if [ ! -s "$L" ] || [ ! -s "$LP" ]; then
  echo "generating $L ..." >&2
  python3 "$REPO/bench/gen_long.py" "$F" "$ROWS" "$L.tmp" "$LP.tmp" && mv "$L.tmp" "$L" && mv "$LP.tmp" "$LP"
fi
LBYTES=$(stat -c %s "$L")
# A FHIR bulk export (SPEC 14, issue 18): FHIR_ROWS Observations, one ANC a
# line, and its Patients (bench/gen_fhir.py).
FHIR_ROWS="${FHIR_ROWS:-1000000}"
FO="$BENCH_DIR/fhir_obs_${FHIR_ROWS}.ndjson"
FP="$BENCH_DIR/fhir_pat_${FHIR_ROWS}.ndjson"
if [ ! -s "$FO" ] || [ ! -s "$FP" ]; then
  echo "generating $FO ..." >&2
  python3 "$REPO/bench/gen_fhir.py" "$FHIR_ROWS" "$FO.tmp" "$FP.tmp" && mv "$FO.tmp" "$FO" && mv "$FP.tmp" "$FP"
fi
FBYTES=$(stat -c %s "$FO")
# The same file gzip-compressed (level 6, gzip's default), for gzip input.
if [ ! -s "$F.gz" ]; then gzip -6 -c "$F" > "$F.gz.tmp" && mv "$F.gz.tmp" "$F.gz"; fi
cat "$F" "$Q" "$F.gz" "$L" "$LP" "$FO" "$FP" > /dev/null  # into the page cache

# median wall seconds and peak RSS (MiB) of RUNS runs of a shell command
measure() {
  local walls=() rss=0 t0 t1 m
  sh -c "$1" > /dev/null 2>&1 || true  # warm-up
  for ((i = 0; i < RUNS; i++)); do
    t0=$EPOCHREALTIME
    m=$(/usr/bin/time -f '%M' sh -c "$1 > /dev/null" 2>&1 >/dev/null | tail -n 1)
    t1=$EPOCHREALTIME
    walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')")
    [ "$m" -gt "$rss" ] && rss=$m
  done
  printf '%s\n' "${walls[@]}" | sort -g | awk -v rss="$rss" '
    { w[NR] = $1 } END { printf "%s %.1f\n", w[int((NR + 1) / 2)], rss / 1024 }'
}

declare -a NAMES CMDS SIZES NROWS
# add NAME COMMAND [BYTES READ, default the plain file's] [ROWS, default ROWS]
add() { NAMES+=("$1"); CMDS+=("$2"); SIZES+=("${3:-$BYTES}"); NROWS+=("${4:-$ROWS}"); }
add "cat" "cat $F"
add "wc -l" "wc -l $F"
THREE="--fields anc_per_uL,threshold_per_uL,severity"
NCPU=$(nproc)
add "anc -j$NCPU (3 cols)" "$ANC batch $F $THREE -j $NCPU"
add "anc -j1 (3 cols)" "$ANC batch $F $THREE -j 1"
add "anc -j$NCPU (full)" "$ANC batch $F -j $NCPU"
add "anc -j1 (full)" "$ANC batch $F -j 1"
# Series mode (SPEC 12): two passes, a 32-byte entry per row, about 3 M
# patients; and the episode table from one pass (issue 16's targets:
# wall <= 2x the full plain batch, peak RSS <= 32 B/row + 128 MiB).
SERIES="--series"
add "anc -j$NCPU --series" "$ANC batch $F $SERIES -j $NCPU"
add "anc episodes -j$NCPU" "$ANC episodes $F -j $NCPU"
# Derived ANC with a joined patients table (SPEC 13; issue 17's target:
# throughput >= 50 % of the full plain batch's, in rows/s).
DERIVE="--derive --join $LP"
add "anc -j$NCPU --derive --join" "$ANC batch $L $DERIVE -j $NCPU" "$LBYTES"
# gzip input (SPEC 13; issue 17: not slower than zcat alone on the same file).
add "zcat" "zcat $F.gz"
add "anc -j$NCPU (gzip in)" "$ANC batch $F.gz -j $NCPU"
# FHIR NDJSON (issue 18's target: >= 10x the speed of jq merely flattening
# the same file to CSV, measured here in the same run).
add "anc -j$NCPU (FHIR)" "$ANC batch $FO --join $FP -j $NCPU" "$FBYTES" "$FHIR_ROWS"
JQ_FLAT='[.id, .subject.reference, .effectiveDateTime, (.code.coding[] | select(.system == "http://loinc.org") | .code), .valueQuantity.value, .valueQuantity.code] | @csv'
command -v jq >/dev/null && add "jq (FHIR flatten)" "jq -r '$JQ_FLAT' $FO" "$FBYTES" "$FHIR_ROWS"
QBYTES=$(stat -c %s "$Q")
add "anc -j$NCPU (3, quoted)" "$ANC batch $Q $THREE -j $NCPU" "$QBYTES"
add "anc -j1 (3, quoted)" "$ANC batch $Q $THREE -j 1" "$QBYTES"
# The C++ floor of PEERS.md: one thread, no validation, no quoting.
FLOOR_SRC="$SHARED/bench/floor/anc_floor.cpp"
if [ -f "$FLOOR_SRC" ] && g++ -O2 -std=c++17 -o "$BENCH_DIR/anc_floor" "$FLOOR_SRC" 2>/dev/null; then
  add "C++ floor" "$BENCH_DIR/anc_floor $F"
fi
command -v mawk >/dev/null && add "mawk" "$PEERS_DIR/anc_mawk.sh $F"
command -v gawk >/dev/null && add "gawk" "$PEERS_DIR/anc_gawk.sh $F"
command -v mlr >/dev/null && add "Miller" "$PEERS_DIR/anc_mlr.sh $F"
# DuckDB's peer needs its npm package; shared/ is read-only, so it is
# installed into a copy under BENCH_DIR (the binary ships in the package).
if command -v npm >/dev/null; then
  if [ ! -d "$BENCH_DIR/duckdb/node_modules/@duckdb/node-api" ]; then
    rm -rf "$BENCH_DIR/duckdb" && cp -r "$PEERS_DIR/duckdb" "$BENCH_DIR/duckdb" && chmod -R u+w "$BENCH_DIR/duckdb"
    (cd "$BENCH_DIR/duckdb" && npm install --no-audit --no-fund >/dev/null 2>&1) || true
  fi
  [ -d "$BENCH_DIR/duckdb/node_modules/@duckdb/node-api" ] &&
    add "DuckDB (2 threads)" "node $BENCH_DIR/duckdb/anc_duckdb.mjs $F"
fi
/usr/bin/python3 -c 'import pandas' 2>/dev/null &&
  add "pandas" "/usr/bin/python3 $PEERS_DIR/anc_pandas.py $F"

declare -A MBS
echo "# anc batch beside its peers: $ROWS rows, $BYTES bytes, $(nproc) cores, $(date -u +%Y-%m-%d)"
printf '%-20s %10s %10s %12s %10s\n' tool "wall s" "MB/s" "rows/s" "peak MiB"
for k in "${!NAMES[@]}"; do
  read -r wall rss < <(measure "${CMDS[$k]}")
  mbs=$(awk -v b="${SIZES[$k]}" -v w="$wall" 'BEGIN { printf "%.0f", b / 1e6 / w }')
  rps=$(awk -v r="${NROWS[$k]}" -v w="$wall" 'BEGIN { printf "%.2fM", r / 1e6 / w }')
  MBS[${NAMES[$k]}]=$mbs
  printf '%-20s %10s %10s %12s %10s\n' "${NAMES[$k]}" "$wall" "$mbs" "$rps" "$rss"
done

echo
echo "# ratio: anc's MB/s (3 columns) over each peer's, with $NCPU threads and with 1"
echo "# (the C++ floor is PEERS.md's unvalidated one-thread loop: a bound, not a peer)"
for name in "${NAMES[@]}"; do
  case "$name" in cat|"wc -l"|zcat|anc*|jq*) continue ;; esac
  awk -v a="${MBS["anc -j$NCPU (3 cols)"]}" -v s="${MBS["anc -j1 (3 cols)"]}" \
    -v p="${MBS[$name]}" -v n="$name" \
    'BEGIN { printf "%-20s %6.1fx %6.1fx\n", n, a / p, s / p }'
done

echo
echo "# series mode over the full plain batch (targets: wall <= 2x; peak RSS <= 32 B/row + 128 MiB"
echo "# = $(awk -v r="$ROWS" 'BEGIN { printf "%.0f", (32 * r) / 1048576 + 128 }') MiB)"
for name in "anc -j$NCPU --series" "anc episodes -j$NCPU"; do
  awk -v a="${MBS["anc -j$NCPU (full)"]}" -v s="${MBS[$name]}" -v n="$name" \
    'BEGIN { printf "%-20s %6.2fx the wall of anc -j'"$NCPU"' (full)\n", n, a / s }'
done

echo
echo "# --derive --join over the full plain batch, in rows/s (both files have $ROWS rows; target >= 0.5)"
awk -v p="${MBS["anc -j$NCPU (full)"]}" -v d="${MBS["anc -j$NCPU --derive --join"]}" \
  -v pb="$BYTES" -v db="$LBYTES" \
  'BEGIN { printf "%-20s %6.2fx the rows/s of anc -j'"$NCPU"' (full)\n", "anc --derive --join", (d / db) / (p / pb) }'

echo
echo "# gzip input: anc -j$NCPU reading $F.gz over zcat alone (target: <= 1x; issue 14: <= 1.3x)"
awk -v a="${MBS["anc -j$NCPU (gzip in)"]}" -v z="${MBS["zcat"]}" \
  'BEGIN { printf "%-20s %6.2fx the wall of zcat\n", "anc -j'"$NCPU"' (gzip in)", z / a }'

if [ -n "${MBS["jq (FHIR flatten)"]:-}" ]; then
  echo
  echo "# FHIR: anc batch on $FHIR_ROWS bulk-export Observations over jq flattening them (target >= 10x)"
  awk -v a="${MBS["anc -j$NCPU (FHIR)"]}" -v j="${MBS["jq (FHIR flatten)"]}" \
    'BEGIN { printf "%-20s %6.1fx the speed of jq\n", "anc -j'"$NCPU"' (FHIR)", a / j }'
fi

# One reading at a terminal: process start included (SPEC §9 target 2 ms).
start=$EPOCHREALTIME
for ((i = 0; i < 200; i++)); do "$ANC" 800 --age 8m > /dev/null; done
stop=$EPOCHREALTIME
base_start=$EPOCHREALTIME
for ((i = 0; i < 200; i++)); do /bin/true; done
base_stop=$EPOCHREALTIME
awk -v a="$start" -v b="$stop" -v c="$base_start" -v d="$base_stop" 'BEGIN {
  printf "# anc classify: %.2f ms a run, process start included (/bin/true: %.2f ms)\n",
         (b - a) * 1000 / 200, (d - c) * 1000 / 200 }'

# The same bytes from every thread count (the full output, as the default run writes it).
if cmp -s <("$ANC" batch "$F" -j 1) <("$ANC" batch "$F" -j "$NCPU"); then
  echo "# threads: the full output of -j $NCPU is byte-identical to -j 1"
else
  echo "# DIFFERENT output from -j $NCPU and -j 1"
  exit 1
fi

# Quoting changes nothing but the input bytes: the same appended columns,
# and the same bytes from every thread count.
if cmp -s <("$ANC" batch "$F" -j "$NCPU" | cut -d, -f6-) \
          <("$ANC" batch "$Q" -j "$NCPU" | cut -d, -f6-) &&
   cmp -s <("$ANC" batch "$Q" -j 1) <("$ANC" batch "$Q" -j "$NCPU"); then
  echo "# quoted: every field quoted gives the same appended columns, and -j $NCPU = -j 1"
else
  echo "# DIFFERENT output for the quoted copy"
  exit 1
fi

# gzip input gives the bytes plain input gives.
if cmp -s <("$ANC" batch "$F.gz" -j "$NCPU") <("$ANC" batch "$F" -j "$NCPU"); then
  echo "# gzip: the output from $F.gz is byte-identical to the plain file's"
else
  echo "# DIFFERENT output from the gzip file"
  exit 1
fi

# Series mode too: the same bytes from every thread count.
if cmp -s <("$ANC" batch "$F" --series -j 1) <("$ANC" batch "$F" --series -j "$NCPU"); then
  echo "# threads: --series output of -j $NCPU is byte-identical to -j 1"
else
  echo "# DIFFERENT --series output from -j $NCPU and -j 1"
  exit 1
fi

# FHIR too: the same bytes from every thread count.
if cmp -s <("$ANC" batch "$FO" --join "$FP" -j 1) <("$ANC" batch "$FO" --join "$FP" -j "$NCPU"); then
  echo "# threads: FHIR output of -j $NCPU is byte-identical to -j 1"
else
  echo "# DIFFERENT FHIR output from -j $NCPU and -j 1"
  exit 1
fi

# --derive too: the same bytes from every thread count.
if cmp -s <("$ANC" batch "$L" $DERIVE -j 1) <("$ANC" batch "$L" $DERIVE -j "$NCPU"); then
  echo "# threads: --derive --join output of -j $NCPU is byte-identical to -j 1"
else
  echo "# DIFFERENT --derive output from -j $NCPU and -j 1"
  exit 1
fi

# Agreement: threshold and severity, row by row, against mawk's.
if command -v mawk >/dev/null; then
  "$ANC" batch "$F" $THREE | cut -d, -f6-8 > "$BENCH_DIR/anc.cols"
  "$PEERS_DIR/anc_mawk.sh" "$F" | cut -d, -f6-8 > "$BENCH_DIR/mawk.cols"
  if cmp -s <(tail -n +2 "$BENCH_DIR/anc.cols") <(tail -n +2 "$BENCH_DIR/mawk.cols"); then
    echo "# agreement: anc_per_uL, threshold and severity identical to mawk's on all $ROWS rows"
  else
    echo "# DISAGREEMENT with mawk (first differing lines):"
    diff <(tail -n +2 "$BENCH_DIR/anc.cols") <(tail -n +2 "$BENCH_DIR/mawk.cols") | head
    exit 1
  fi
fi
