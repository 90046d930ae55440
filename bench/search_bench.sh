#!/bin/sh
# bench/search_bench.sh [SUBJECTS...]: search latency at each size (issue 3).
#
# For each size: generate a template file of that many rows (bench/gen:
# one record per row, every row a different subject), import it into
# bench/out/search-N.db once (timed: import until searchable), then run
# bench/search_bench on it: 400 queries of each kind, first page of 50,
# p50/p99 next to the LIKE scans, and the index space.
# Needs a build in _build/main (sh .ci/build _build/main).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/bench/lib.sh"
[ $# -gt 0 ] || set -- 1000000
echo 'admin-bench-1' > "$out/pw"
for n in "$@"; do
	db="$out/search-$n.db"
	if [ ! -f "$db" ]; then
		csv="$out/gen-$n.csv"
		[ -f "$csv" ] || "$build/bench/gen" --rows "$n" --seed 1 > "$csv"
		bench_db "$build/creditdesk" "$db" "$out/pw"
		t0=$(date +%s.%N)
		"$build/creditdesk" --db "$db" --user clerk --password-file "$out/pw" \
			import --quiet "$csv" > "$out/sum-$n" || true
		t1=$(date +%s.%N)
		awk -v a="$t0" -v b="$t1" -v n="$n" -v s="$(cat "$out/sum-$n")" \
			'BEGIN { printf "import until searchable, %d rows: %.2f s (%s)\n", n, b - a, s }'
	fi
	"$build/bench/search_bench" "$db" --queries "${QUERIES:-400}" --scans "${SCANS:-20}"
done
