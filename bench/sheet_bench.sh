#!/bin/sh
# bench/sheet_bench.sh [ROWS]: importing a workbook against importing the
# same rows as CSV (issue 15: at most 1.5x).  ROWS rows (default 1000000)
# from bench/gen as CSV; the same cells as an .xlsx written by a bare
# libxlsxwriter loop (bench/xlsx_bare: inline strings, one sheet, as a
# streaming writer makes it; Excel's shared strings are read into memory
# first, see README).  Also, for the record (the issue names no target),
# the same rows as an .ods, an XML Spreadsheet 2003, a web page
# named .xls and the same page as Excel's single-file web page (.mht)
# (bench/sheet_formats.py).  Each import into a fresh database of its
# own; the best of REPEAT (default 2) runs each, alternating.  Needs a
# build in _build/main.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/bench/lib.sh"
rows=${1:-1000000}
repeat=${REPEAT:-2}
export HOME="$out/home" XDG_CONFIG_HOME="$out/home/config" XDG_DATA_HOME="$out/home/data" LC_ALL=C.UTF-8
mkdir -p "$HOME"
echo 'admin-bench-1' > "$out/pw"
csv="$out/gen-$rows.csv"
[ -f "$csv" ] || "$build/bench/gen" --rows "$rows" --seed 1 > "$csv"
xlsx="$out/gen-$rows.xlsx"
if [ ! -f "$xlsx" ]; then
	/usr/bin/python3 - "$csv" "$out/gen-$rows.tsv" << 'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f, open(sys.argv[2], "w", encoding="utf-8") as o:
    for r in csv.reader(f):
        o.write("\t".join(v.replace("\t", " ") for v in r) + "\n")
PY
	"$build/bench/xlsx_bare" "$out/gen-$rows.tsv" "$xlsx"
fi
ods="$out/gen-$rows.ods" x03="$out/gen-$rows-2003.xml" web="$out/gen-$rows-web.xls"
mht="$out/gen-$rows.mht"
[ -f "$ods" ] && [ -f "$x03" ] && [ -f "$web" ] && [ -f "$mht" ] ||
	/usr/bin/python3 "$top/bench/sheet_formats.py" "$csv" "$ods" "$x03" "$web" "$mht"
rm -f "$out/sheet-empty.db"*
bench_db "$build/creditdesk" "$out/sheet-empty.db" "$out/pw"
# one import of FILE into a fresh copy: seconds and peak MiB to $out/t.NAME
run() {
	name=$1 file=$2
	rm -f "$out/sheet-$name.db"*
	sqlite3 "$out/sheet-empty.db" "VACUUM INTO '$out/sheet-$name.db'"
	cat "$file" > /dev/null
	/usr/bin/time -f "%e %M" -o "$out/t.$name" "$build/creditdesk" --db "$out/sheet-$name.db" \
		--user clerk --password-file "$out/pw" import --quiet "$file" > "$out/sum.$name" || true
	set -- $(tail -n 1 "$out/t.$name") # after "Command exited with non-zero status" when rows were rejected
	eval "s=\${best_$name:-}"
	if [ -z "$s" ] || awk -v a="$1" -v b="$s" 'BEGIN { exit !(a < b) }'; then
		eval "best_$name=$1 mb_$name=$(($2 / 1024))"
	fi
}
i=0
while [ $i -lt "$repeat" ]; do
	run csv "$csv"
	run xlsx "$xlsx"
	run ods "$ods"
	run x03 "$x03"
	run web "$web"
	run mht "$mht"
	i=$((i + 1))
done
echo "rows $rows ($(stat -c %s "$csv") bytes CSV, $(stat -c %s "$xlsx") bytes xlsx)"
printf '%-6s %8s %9s  %s\n' "" s peak_MiB summary
printf '%-6s %8s %9s  %s\n' csv "$best_csv" "$mb_csv" "$(cat "$out/sum.csv")"
printf '%-6s %8s %9s  %s\n' xlsx "$best_xlsx" "$mb_xlsx" "$(cat "$out/sum.xlsx")"
printf '%-6s %8s %9s  %s\n' ods "$best_ods" "$mb_ods" "$(cat "$out/sum.ods")"
printf '%-6s %8s %9s  %s\n' x03 "$best_x03" "$mb_x03" "$(cat "$out/sum.x03")"
printf '%-6s %8s %9s  %s\n' web "$best_web" "$mb_web" "$(cat "$out/sum.web")"
printf '%-6s %8s %9s  %s\n' mht "$best_mht" "$mb_mht" "$(cat "$out/sum.mht")"
awk -v c="$best_csv" -v x="$best_xlsx" -v o="$best_ods" -v m="$best_x03" -v w="$best_web" \
	-v h="$best_mht" 'BEGIN {
	printf "xlsx/csv %.3fx (target <= 1.5x); ods/csv %.3fx, xml2003/csv %.3fx, html/csv %.3fx, mht/csv %.3fx\n",
		x / c, o / c, m / c, w / c, h / c }'
