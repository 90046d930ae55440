#!/bin/sh
# bench/import_bench.sh [ROWS...]: import benchmark, side by side with the
# sqlite3 shell's .import of the same file.
#
# For each size: generate a template file (bench/gen), then time
#   base    sqlite3 .import into a fresh table (no checks, no index)
#   base+ix the same followed by CREATE INDEX on the identifier column
#   base+sx base+ix followed by the closest built-in search structures:
#           FTS5 trigram indexes of the names and the matters (issue 3's
#           "import until searchable" baseline)
#   floor   the same rows written into creditdesk's schema by plain SQL
#           (bench/floor.sql: .import into t, then INSERT ... SELECT; the
#           time of the INSERTs only), no checks: the schema's own cost
#   ideal   a lower bound for any program writing issue 2's store
#           (bench/ideal.sql: the smallest schema the issue allows, compact
#           keys, no checks, no lookups, no audit, no search, rows in key
#           order, indexes built by sorting at the end)
#   ours    creditdesk import: decode, validate every identifier and rule,
#           match the catalog, find or add the subject, check duplicates,
#           insert with UUIDv7 keys, indexes, in slices of 40 ms each a
#           transaction (FULL sync), published at the end with the sync's
#           ops; meanwhile bench/save_probe saves, searches and opens a
#           dossier every 20 ms as another clerk would, and the p50/p99/
#           longest time of each is printed
# and print seconds, ratios and the peak memory of ours.
# Needs a build in _build/main (sh .ci/build _build/main).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/bench/lib.sh"
[ $# -gt 0 ] || set -- 100000 1000000
echo 'admin-bench-1' > "$out/pw"
now() { date +%s.%N; }
printf '%-9s %-7s %-8s %-8s %-7s %-7s %-7s %-10s %-10s %-10s %-11s %-11s %-11s %-8s %-8s %s\n' rows base base+ix base+sx ideal floor ours ours/base ours/b+ix ours/b+sx ours/floor ideal/base ideal+sx/b+sx rss_MiB db_MiB csv_MiB
for rows in "$@"; do
	csv="$out/gen-$rows.csv"
	[ -f "$csv" ] || "$build/bench/gen" --rows "$rows" --seed 1 > "$csv"
	cat "$csv" > /dev/null # warm the page cache for both sides
	rm -f "$out/base.db" "$out/base.db-wal"
	t0=$(now)
	sqlite3 "$out/base.db" ".mode csv" ".import $csv t"
	t1=$(now)
	sqlite3 "$out/base.db" 'CREATE INDEX t_id ON t("证件号码")'
	t2=$(now)
	sqlite3 "$out/base.db" "CREATE VIRTUAL TABLE t_name USING fts5(名称, content='t', tokenize='trigram');
		INSERT INTO t_name(t_name) VALUES ('rebuild');
		CREATE VIRTUAL TABLE t_matter USING fts5(事项, content='t', tokenize='trigram');
		INSERT INTO t_matter(t_matter) VALUES ('rebuild');"
	t2s=$(now)
	rm -f "$out/ours.db" "$out/ours.db-wal" "$out/ours.db-shm"
	bench_db "$build/creditdesk" "$out/ours.db" "$out/pw"
	rm -f "$out/ideal.db" "$out/ideal-src.db"
	sqlite3 "$out/ideal-src.db" ".mode csv" ".import $csv t"
	i0=$(now)
	sqlite3 -cmd "ATTACH '$out/ideal-src.db' AS s" "$out/ideal.db" < "$top/bench/ideal.sql"
	i1=$(now)
	rm -f "$out/floor.db" "$out/floor.db-wal" "$out/floor.db-shm"
	cp "$out/ours.db" "$out/floor.db"
	sqlite3 "$out/floor.db" ".mode csv" ".import $csv t"
	f0=$(now)
	sqlite3 "$out/floor.db" < "$top/bench/floor.sql"
	f1=$(now)
	# another clerk saving every 20 ms during the import (issue 15: p99
	# <= 100 ms): bench/save_probe, started once the database is open
	rm -f "$out/stop"
	"$build/bench/save_probe" "$out/ours.db" "$out/stop" "$out/probe-slow" clerk "$out/pw" \
		> "$out/probe" &
	probe=$!
	t3=$(now)
	/usr/bin/time -f '%M' -o "$out/rss" "$build/creditdesk" --db "$out/ours.db" --user clerk \
		--password-file "$out/pw" import --quiet "$csv" > "$out/sum" || true
	t4=$(now)
	touch "$out/stop"
	wait $probe || true
	imported=$(sed -n 's/.*imported \([0-9]*\).*/\1/p' "$out/sum")
	awk -v r="$rows" -v a="$t0" -v b="$t1" -v c="$t2" -v cs="$t2s" -v d="$t3" -v e="$t4" \
		-v f0="$f0" -v f1="$f1" -v i0="$i0" -v i1="$i1" -v rss="$(tail -n 1 "$out/rss")" \
		-v db="$(stat -c %s "$out/ours.db")" -v size="$(stat -c %s "$csv")" 'BEGIN {
		base = b - a; bix = c - a; bsx = cs - a; ours = e - d; floor = f1 - f0;
		ideal = i1 - i0;
		printf "%-9d %-7.2f %-8.2f %-8.2f %-7.2f %-7.2f %-7.2f %-10.2f %-10.2f %-10.2f %-11.2f %-11.2f %-11.2f %-8.1f %-8.1f %.1f\n",
			r, base, bix, bsx, ideal, floor, ours, ours / base, ours / bix, ours / bsx,
			ours / floor, ideal / base, (ideal + bsx - bix) / bsx, rss / 1024, db / 1048576, size / 1048576 }'
	echo "  another clerk during ours (a save, a search, a dossier every round):"
	sed 's/^/    /' "$out/probe"
	# the saves, searches and dossiers over 100 ms, with their second into the import
	awk '$3 > 100 { print "    " $0 }' "$out/probe-slow"
	[ "$imported" = "$rows" ] || echo "  (imported $imported of $rows: $(cat "$out/sum"))"
done
