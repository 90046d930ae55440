#!/bin/sh
# bench/drafts_bench.sh [ROWS...]: an import whose every row becomes a
# draft (待补全) against the same rows imported whole.  The published
# template has no document columns (seed 000, attachment 1), so a
# backlog sent in it is all drafts: the import must stay linear in its
# rows (each row drafted again is looked up in a set kept in memory,
# not by reading every open draft; session 29: 20,000 such rows took
# 55.4 s before, 0.95 s after).  Then the same file again: every row is
# a draft already.  Needs a build in _build/main.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/bench/lib.sh"
[ $# -gt 0 ] || set -- 20000 100000
echo 'admin-bench-1' > "$out/pw"
rm -f "$out/drafts-empty.db"*
bench_db "$build/creditdesk" "$out/drafts-empty.db" "$out/pw"
# seconds of one import of FILE into DB (a fresh copy unless "again")
imp() {
	[ "$3" = again ] || { rm -f "$2"*; sqlite3 "$out/drafts-empty.db" "VACUUM INTO '$2'"; }
	/usr/bin/time -f %e -o "$out/t.drafts" "$build/creditdesk" --db "$2" --user clerk \
		--password-file "$out/pw" import --quiet "$1" > /dev/null 2>&1 || true
	tail -n 1 "$out/t.drafts"
}
printf '%-8s %8s %8s %8s %10s %12s\n' rows whole drafts again drafts/whole open_drafts
for rows in "$@"; do
	csv="$out/drafts-$rows.csv"
	"$build/bench/gen" --rows "$rows" --seed 4 > "$out/whole-$rows.csv"
	# the same rows without 文书号 and 决定日期: each a bad record
	# lacking its document, kept as a draft
	awk -F, -v OFS=, '{ $9 = ""; $10 = ""; NF = 8; print }' "$out/whole-$rows.csv" > "$csv"
	w=$(imp "$out/whole-$rows.csv" "$out/drafts-w.db" fresh)
	d=$(imp "$csv" "$out/drafts-d.db" fresh)
	a=$(imp "$csv" "$out/drafts-d.db" again)
	n=$(sqlite3 "$out/drafts-d.db" "SELECT count(*) FROM draft WHERE status = 'open'")
	printf '%-8s %8s %8s %8s %10s %12s\n' "$rows" "$w" "$d" "$a" \
		"$(awk -v a="$d" -v b="$w" 'BEGIN { printf "%.2fx", a / b }')" "$n"
done
