#!/usr/bin/env bash
# Outside series mode rows are independent, so anc is a filter any engine can
# run in pieces (issue #6). This checks the two recipes of docs/parallel.md
# give output byte-identical to one run of anc batch:
#   1. GNU parallel --pipe --header 1 --keep-order, each job's header dropped
#      and the header written once;
#   2. headerless mode (--no-header --columns), as Spark RDD.pipe and Hadoop
#      Streaming run it: header-free chunks in, header-free chunks out.
set -euo pipefail
anc=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v parallel >/dev/null || { echo "GNU parallel is not installed (apt-get install parallel)"; exit 1; }

# 30,000 rows, a mix of units, ages and values (deterministic).
awk 'BEGIN {
  print "patient_id,anc,unit,age"
  split("/uL 10^9/L K/uL", units, " "); split("3d 8m 2y 40y", ages, " ")
  for (i = 1; i <= 30000; i++) {
    u = units[i % 3 + 1]; v = (u == "/uL") ? (i * 37) % 4000 : ((i * 37) % 4000) / 1000
    printf "P%05d,%s,%s,%s\n", i, v, u, ages[i % 4 + 1]
  }
}' > "$work/in.csv"
"$anc" batch "$work/in.csv" > "$work/single.csv"

# 1. GNU parallel, blocks of 64 kB, output in input order.
{
  head -n 1 "$work/in.csv" | "$anc" batch -
  parallel --will-cite --pipe --header 1 --keep-order --block 64k \
    "$anc batch - | tail -n +2" < "$work/in.csv"
} > "$work/parallel.csv"
cmp "$work/single.csv" "$work/parallel.csv"

# 2. Headerless chunks, as Spark's RDD.pipe or Hadoop Streaming hand them over.
tail -n +2 "$work/in.csv" |
  parallel --will-cite --pipe --keep-order --block 64k \
    "$anc batch --no-header --columns patient_id,anc,unit,age" > "$work/headerless.csv"
cmp <(tail -n +2 "$work/single.csv") "$work/headerless.csv"

echo "GNU parallel and headerless chunks: identical to a single run ($(wc -l < "$work/single.csv") lines)"
