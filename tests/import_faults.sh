#!/bin/sh
# tests/import_faults.sh: bad bytes never pass silently and never block
# the good rows (issue 15): a NUL byte, a quote that opens a cell and is
# never closed, a file cut in the middle of its last row, a line a mile
# long: each a row-numbered reason in the reject file, the other rows
# imported; a pipe, a device and a directory refused.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 25
init_db
add_clerk zhangwei
cd "$tmp" || exit 1
sqlite3 "$db" "VACUUM INTO '$tmp/empty.db'"
fresh() { cp "$tmp/empty.db" "$tmp/$1.db"; }
I() { "$CD" --db "$tmp/$1.db" --user zhangwei --password-file "$tmp/clerk.pw" import "$2"; }
count() { sqlite3 "$tmp/$1.db" "SELECT count(*) FROM credit_record"; }
"$top_builddir/bench/gen" --rows 40 --seed 3 > rows.csv
# line N of the file (the header is line 1)
line() { sed -n "${1}p" rows.csv; }

# a NUL byte in the middle of row 5
{ sed -n '1,4p' rows.csv; line 5 | sed 's/,/,\x00/3'; sed -n '6,41p' rows.csv; } > nul.csv
check "the file has a NUL byte" sh -c "tr -d '\\000' < nul.csv | cmp -s - nul.csv; test \$? -ne 0"
fresh nul; I nul nul.csv > out 2>&1
check "a NUL byte: the other 39 rows import" test "$(count nul)" = 39
check "the row is rejected, numbered, saying what is wrong" grep -q "Row 5 holds a NUL byte" nul.rejects.csv
check "its cells are kept for the clerk (no NUL)" \
	sh -c "grep 'Row 5 holds' nul.rejects.csv | grep -q \"$(line 5 | cut -d, -f4)\""

# a quote that opens a cell in row 10 and is never closed
{ sed -n '1,9p' rows.csv; line 10 | sed 's/^\([^,]*\),\([^,]*\),/\1,"\2,/'; sed -n '11,41p' rows.csv; } > quote.csv
fresh quote; I quote quote.csv > out 2>&1
check "a stray quote swallows nothing: 39 rows import" test "$(count quote)" = 39
check "its row is rejected with the reason and the row number" \
	grep -q "Row 10: a quote .* opens a cell and is never closed" quote.rejects.csv
# the same quote in the last row: the file ends inside the cell
{ sed -n '1,40p' rows.csv; line 41 | sed 's/^\([^,]*\),\([^,]*\),/\1,"\2,/'; } > quote2.csv
fresh quote2; I quote2 quote2.csv > out 2>&1
check "a quote open at the end of the file: the 39 rows before import" test "$(count quote2)" = 39
check "the last row is rejected: the file ends before the quote closes" \
	grep -q "Row 41: a quote .* opens a cell and the file ends" quote2.rejects.csv
# a legitimate cell over two lines (Alt+Enter in Excel) still reads
{ sed -n '1,2p' rows.csv; line 3 | awk -F, 'BEGIN{OFS=","} {$5="\"" $5 "\n（续）\""; print}'; sed -n '4,41p' rows.csv; } > multi.csv
fresh multi; I multi multi.csv > out 2>&1
check "a quoted cell over two lines is one cell: the other rows import" test "$(count multi)" = 39
check "the row is refused for its line break only, not taken for a stray quote" \
	sh -c "grep -q 'control character (U+000A' multi.rejects.csv && ! grep -q 'quote' multi.rejects.csv"

# the file cut in the middle of its last row
head -c -40 rows.csv > cut.csv
fresh cut; I cut cut.csv > out 2>&1
check "a file cut short: the whole rows import" test "$(count cut)" = 39
check "the last row is rejected as cut short, with its number" \
	grep -q "Row 41, the last, ends without its line break" cut.rejects.csv

# a line of 2 MiB
{ sed -n '1,20p' rows.csv; head -c 2097152 /dev/zero | tr '\0' 'x'; echo; sed -n '21,41p' rows.csv; } > huge.csv
fresh huge; I huge huge.csv > out 2>&1
check "a line of 2 MiB: the other 40 rows import" test "$(count huge)" = 40
check "the line is rejected, numbered" grep -q "Row 21 is longer than 1024 KiB" huge.rejects.csv
check "and the reject file does not carry it" test "$(stat -c %s huge.rejects.csv)" -lt 10000

# not files
mkfifo pipe.csv
fresh fifo; I fifo pipe.csv > out 2>&1
st=$?
check "a pipe is refused (not waited on)" test $st -ne 0
check "saying it is not a file" grep -q "is not a file" out
I fifo /dev/zero > out 2>&1
check "a device is refused" grep -q "is not a file" out
I fifo "$tmp" > out 2>&1
check "a directory is refused" grep -q "is not a file" out
check "and nothing was imported from any of them" test "$(count fifo)" = 0

# the good file still imports whole, its last row without a line break too
head -c -1 rows.csv > nonl.csv
fresh nonl; I nonl nonl.csv > out 2>&1
check "a last row without its line break but whole imports" test "$(count nonl)" = 40
check "and nothing is rejected" test ! -e nonl.rejects.csv
# a clean re-import takes away the reject file of the earlier one
cp cut.csv again.csv
fresh again; I again again.csv > /dev/null 2>&1
check "an import with rejects leaves its reject file" test -f again.rejects.csv
cp rows.csv again.csv
I again again.csv > out 2>&1
check "the corrected file imported clean: the old reject file is gone" test ! -e again.rejects.csv
check "and the summary says so" grep -q "reject file of the earlier import.*was removed" out
finish
