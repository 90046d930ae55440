#!/bin/sh
# tests/import_cli.sh: 'creditdesk import' from the shell: a GBK file from
# Excel with CRLF, the summary, the reject file beside the input, a second
# run that adds nothing.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 23
init_db
add_clerk zhangwei
"$top_builddir/bench/gen" --rows 500 --seed 9 --gbk --bad 10 > "$tmp/week.csv"
check "generated file is not UTF-8" sh -c "! iconv -f UTF-8 -t UTF-8 '$tmp/week.csv' > /dev/null 2>&1"
"$CD" --db "$db" --user zhangwei --password-file "$tmp/clerk.pw" import "$tmp/week.csv" > "$tmp/sum" 2>&1
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
"$CD" --db "$db" --user zhangwei --password-file "$tmp/clerk.pw" import "$tmp/week.csv" > "$tmp/sum2" 2>&1
check "a second import adds nothing" grep -q "imported 0, duplicate $imported, rejected $rejected" "$tmp/sum2"
# a reject file: its own temporary name (a planted symlink is not
# followed), its owner's only, formula-like cells made harmless
printf '主体名称,统一社会信用代码,事项,填报单位,数据类型\n=cmd|'"'"' /C calc'"'"'!A0,91110000600037341L,@SUM(1+1),某局,不良\n' > "$tmp/evil.csv"
echo keep > "$tmp/victim"
ln -s "$tmp/victim" "$tmp/evil.rejects.csv.tmp"
"$CD" --db "$db" --user zhangwei --password-file "$tmp/clerk.pw" import "$tmp/evil.csv" > "$tmp/sum3" 2>&1
check "a symlink where a temporary file might go is left alone" test "$(cat "$tmp/victim")" = keep
check "the reject file is its owner's only" test "$(stat -c %a "$tmp/evil.rejects.csv")" = 600
check "formula-like cells start with an apostrophe in the reject file" \
	grep -q "^'=cmd|' /C calc'!A0,91110000600037341L,'@SUM(1+1),某局,不良," "$tmp/evil.rejects.csv"
printf '主体名称,统一社会信用代码,事项,目录编码,填报单位,数据类型,文书类型,文书号,决定日期\n某某公司,91110000600037341L,'"'"'=1+1拒不履行合约,YQ-B05,某局,不良,行政处罚决定书,'"'"'-罚〔2026〕1号,2026-01-15\n' > "$tmp/quoted.csv"
"$CD" --db "$db" --user zhangwei --password-file "$tmp/clerk.pw" import "$tmp/quoted.csv" > "$tmp/sum4" 2>&1
check "read back, the apostrophes are taken off" \
	test "$(sqlite3 "$db" "SELECT matter || ' ' || doc_number FROM credit_record WHERE doc_date = '2026-01-15'")" = "=1+1拒不履行合约 -罚〔2026〕1号"
# control characters (a terminal's escape) are refused on the way in and
# shown, never sent, on the way out
esc=$(printf '\033')
"$CD" --db "$db" --user zhangwei --password-file "$tmp/clerk.pw" record add --id 91110000600037341L \
	--name "${esc}[31m红色公司" --item YQ-B05 --matter 拒不履行合约 --reporting-unit 某局 \
	--doc-number 罚〔2026〕2号 --doc-date 2026-01-16 > "$tmp/esc" 2>&1
check "a name with a terminal escape is refused, saying what to do" \
	grep -q "control character (U+001B" "$tmp/esc"
printf '主体名称,统一社会信用代码,事项,目录编码,填报单位,数据类型,文书类型,文书号,决定日期\n某某公司,91110000600037341L,拒不履行\033[2J合约,YQ-B05,某局,不良,行政处罚决定书,罚〔2026〕3号,2026-01-17\n' > "$tmp/esc.csv"
"$CD" --db "$db" --user zhangwei --password-file "$tmp/clerk.pw" import "$tmp/esc.csv" > /dev/null 2>&1
check "an imported row with one is rejected with the reason" \
	grep -q "control character" "$tmp/esc.rejects.csv"
# one on file already (written behind the program's back)
sqlite3 "$db" "DROP TRIGGER sync_subject_update; UPDATE subject SET name = char(27) || '[31m红' WHERE id_number = '91110000600037341L'"
"$CD" --db "$db" --user zhangwei --password-file "$tmp/clerk.pw" search 91110000600037341L \
	--purpose internal_duty --ref 核查-9 > "$tmp/esc2" 2>&1
check "a name on file is printed with its escape shown, not sent" \
	sh -c "grep -q '\\\\x1B\[31m红' '$tmp/esc2' && ! grep -q '$esc' '$tmp/esc2'"
# long paths are used whole, never cut: a file 1,400 bytes deep imports
# and its reject file lands beside it; a database deeper than SQLite can
# open is refused, saying so
deep=$tmp
for i in 1 2 3 4 5 6 7; do deep=$deep/$(printf 'd%.0s' $(seq 1 200))$i; done
mkdir -p "$deep"
printf '主体名称,统一社会信用代码,事项,目录编码,填报单位,数据类型,文书类型,文书号,决定日期\n某某公司,91110000600037341X,拒不履行合约,YQ-B05,某局,不良,行政处罚决定书,罚〔2026〕9号,2026-01-17\n' > "$deep/w.csv"
"$CD" --db "$db" --user zhangwei --password-file "$tmp/clerk.pw" import "$deep/w.csv" > "$tmp/deep" 2>&1
check "a file 1,400 bytes deep is imported (its row rejected for its code)" grep -q "rejected 1" "$tmp/deep"
check "its reject file is beside it, named in full" test -f "$deep/w.rejects.csv"
check "and no temporary file is left" test -z "$(ls -A "$deep" | grep '^\.')"
"$CD" --db "$deep/cd.db" --password-file "$tmp/pw" init --admin admin --name 管理员 \
	--unit 某单位 --division 231100 --level city > "$tmp/deep" 2>&1
check "a database deeper than SQLite opens is refused, saying so" grep -q "SQLite opens one of at most 511" "$tmp/deep"
# a file on a medium the clerk cannot write (a write-protected USB stick,
# a read-only share): the import goes ahead, its reject file in the
# clerk's home directory, and the summary says so
ro=$tmp/ro
mkdir -p "$ro" "$tmp/nb/home"
printf '主体名称,统一社会信用代码,事项,目录编码,填报单位,数据类型,文书类型,文书号,决定日期\n某某公司,91110000600037341X,拒不履行合约,YQ-B05,某局,不良,行政处罚决定书,罚〔2026〕9号,2026-01-17\n某某物流有限公司,915001109RT6PKWL9Y,拒不履行合约,YQ-B05,某局,不良,行政处罚决定书,罚〔2026〕10号,2026-01-18\n' > "$ro/u.csv"
cp "$db" "$tmp/nb/ro.db"
cp "$tmp/clerk.pw" "$tmp/nb/clerk.pw"
chmod 555 "$ro"
as=env
cdro=$CD
if [ "$(id -u)" -eq 0 ]; then # root writes anywhere: the clerk is another user
	# the program copied where nobody reaches it (the build tree may be
	# under a home directory only root enters), on the test clock
	cp "$top_builddir/creditdesk" "$tmp/nb/creditdesk"
	sed "s|'$top_builddir/creditdesk'|'$tmp/nb/creditdesk'|" "$CD" > "$tmp/nb/cd"
	chmod 755 "$tmp" "$tmp/nb/cd"
	chown -R nobody "$tmp/nb"
	cdro=$tmp/nb/cd
	as="runuser -u nobody -- env" # (runuser sets HOME to nobody's)
	if [ -n "${LSAN_OPTIONS:-}" ]; then # its suppressions where nobody reads them
		cp "$top_srcdir/tests/lsan.supp" "$tmp/nb/lsan.supp"
		chown nobody "$tmp/nb/lsan.supp"
		as="$as LSAN_OPTIONS=$(echo "$LSAN_OPTIONS" | sed "s|suppressions=[^:]*|suppressions=$tmp/nb/lsan.supp|")"
	fi
fi
$as HOME="$tmp/nb/home" "$cdro" --db "$tmp/nb/ro.db" --user zhangwei --password-file "$tmp/nb/clerk.pw" \
	import "$ro/u.csv" > "$tmp/ro.out" 2>&1
sed 's/^/# /' "$tmp/ro.out"
check "a file in a directory the clerk cannot write imports" grep -q "imported 1, duplicate 0, rejected 1" "$tmp/ro.out"
check "its reject file is in the clerk's home directory, said so" \
	sh -c "grep -q 'cannot be written.*home directory' '$tmp/ro.out' && grep -q 'reason in the last column: $tmp/nb/home/u.rejects.csv' '$tmp/ro.out'"
check "holding the rejected row" grep -q "^某某公司,91110000600037341X,.*罚〔2026〕9号" "$tmp/nb/home/u.rejects.csv"
check "and nothing is written beside the file" test "$(ls -A "$ro")" = u.csv
chmod 755 "$ro"
finish
