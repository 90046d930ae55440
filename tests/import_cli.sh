#!/bin/sh
# tests/import_cli.sh: 'creditdesk import' from the shell: a GBK file from
# Excel with CRLF, the summary, the reject file beside the input, a second
# run that adds nothing.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 8
init_db
"$top_builddir/bench/gen" --rows 500 --seed 9 --gbk --bad 10 > "$tmp/week.csv"
check "generated file is not UTF-8" sh -c "! iconv -f UTF-8 -t UTF-8 '$tmp/week.csv' > /dev/null 2>&1"
"$CD" --db "$db" --user admin --password-file "$tmp/pw" import "$tmp/week.csv" > "$tmp/sum" 2>&1
st=$?
sed 's/^/# /' "$tmp/sum"
check "exit 1 when rows were rejected" test $st -eq 1
check "summary names GB18030 and 500 rows" grep -q "(GB18030): 500 rows" "$tmp/sum"
imported=$(sed -n 's/.*imported \([0-9]*\).*/\1/p' "$tmp/sum")
rejected=$(sed -n 's/.*rejected \([0-9]*\).*/\1/p' "$tmp/sum")
check "every row is imported or rejected" test $((imported + rejected)) -eq 500
check "the reject file is beside the input" test -f "$tmp/week.rejects.csv"
lines=$(iconv -f GB18030 -t UTF-8 "$tmp/week.rejects.csv" | grep -c '罚〔')
check "the reject file holds each rejected row" test "$lines" -eq "$rejected"
count=$(sqlite3 "$db" "SELECT count(*) FROM credit_record")
check "the database holds the imported rows" test "$count" -eq "$imported"
"$CD" --db "$db" --user admin --password-file "$tmp/pw" import "$tmp/week.csv" > "$tmp/sum2" 2>&1
check "a second import adds nothing" grep -q "imported 0, duplicate $imported, rejected $rejected" "$tmp/sum2"
finish
