#!/bin/sh
# tests/sweep_cli.sh: the retention sweep (DOMAIN rules 16-17; issue 16):
# a person's bad record is archived five years after the behaviour ended
# (or, when no end is recorded, after the decision); organisations' and
# good records are not swept; a record under an open case is held; the
# query log's entries older than five years are marked archived, never
# deleted.  Dry run first: nothing changes until --apply.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 29
init_db
add_clerk zhangwei
A="--db $db --user admin --password-file $tmp/pw"
C="--db $db --user zhangwei --password-file $tmp/clerk.pw"
add() { # add NUMBER NAME ITEM DOC DATE [OPTION...]: the record's id in $rid
	num=$1 name=$2 item=$3 doc=$4 date=$5
	shift 5
	"$CD" $C record add --id "$num" --name "$name" --item "$item" --matter 逾期未缴纳罚款 \
		--reporting-unit 黑河市市场监督管理局 --doc-number "$doc" --doc-date "$date" "$@" \
		> "$tmp/o" 2>&1
	rid=$(grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}' "$tmp/o" | tail -n 1)
}
st() { sqlite3 "$db" "SELECT status FROM credit_record WHERE id = '$1'"; }
add 11010519491231002X 张伟 XZCF-2 黑罚〔2021〕1号 2021-06-01
old=$rid
add 11010519491231002X 张伟 XZCF-2 黑罚〔2021〕2号 2021-06-01 --behaviour-end 2023-03-01
ongoing=$rid
add 440785199603255526 李娜 XZCF-2 黑罚〔2020〕3号 2020-05-06
objected=$rid
"$CD" $C objection file "$objected" --grounds 已缴清 --evidence 收据 > /dev/null 2>&1
add 91110000600037341L 北京某某医疗器械有限公司 XZCF-2 京罚〔2019〕4号 2019-04-01
org=$rid
# a record another office's unit entered (a unit outside this tree): its own sweep
"$CD" $A unit add 道里区信用办 --division 230102 --level county > /dev/null 2>&1
"$CD" $A user add liming --name 李明 --role clerk --unit 道里区信用办 \
	--new-password-file "$tmp/clerk.pw" > /dev/null 2>&1
C2="--db $db --user liming --password-file $tmp/clerk.pw"
"$CD" $C2 record add --id 11010519491231002X --name 张伟 --item XZCF-2 --matter 逾期未缴纳罚款 \
	--reporting-unit 道里区市场监督管理局 --doc-number 道罚〔2020〕8号 --doc-date 2020-03-03 \
	> "$tmp/o" 2>&1
other=$(grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}' "$tmp/o" | tail -n 1)
# the end of the behaviour: a date, not in the future, bad records only
add 11010519491231002X 张伟 XZCF-2 黑罚〔2026〕5号 2026-01-05 --behaviour-end 2026-12-24
check "an end of the behaviour in the future is refused" grep -q "in the future" "$tmp/o"
"$CD" $C record show "$ongoing" --purpose internal_duty --ref 内查〔2026〕1号 > "$tmp/o" 2>&1
check "record show gives the end of the behaviour" grep -q "^Behaviour ended: 2023-03-01" "$tmp/o"
# query-log entries of 2020 (the program on a clock six years back)
for i in 1 2 3; do
	LD_PRELOAD="$FAKELIB" FAKETIME="@2020-06-0$i 10:00:00" \
	ASAN_OPTIONS="verify_asan_link_order=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" "$top_builddir/creditdesk" $C \
		search 张伟 --purpose internal_duty --ref "旧查〔2020〕$i号" > /dev/null 2>&1
done
check "three query-log entries of 2020" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM query_log WHERE at < '2021-01-01'")" -eq 3

# -- the dry run: what is due, nothing changed
"$CD" $C sweep > "$tmp/o" 2>&1
check "a clerk does not run the sweep" grep -q "administrator" "$tmp/o"
"$CD" $A sweep > "$tmp/o" 2>&1
check "the dry run names the cutoff: five years back" grep -q "to 2021-11-23" "$tmp/o"
check "the old decision is due" grep -q "$old  XZCF-2   2021-06-01 (decision)  due" "$tmp/o"
check "a record under an open objection is held" grep -q "$objected.*held: a case on it is open" "$tmp/o"
check "a record whose behaviour ended in 2023 is not due" sh -c "! grep -q '$ongoing' \"\$1\"" - "$tmp/o"
check "another unit's record is left to its office" sh -c "! grep -q '$other' \"\$1\"" - "$tmp/o"
check "an organisation's record is not swept (rule 16 is about persons)" \
	sh -c "! grep -q '$org' \"\$1\"" - "$tmp/o"
check "the counts" grep -q "1 record due, 1 held; 3 query-log entries due." "$tmp/o"
check "the dry run says nothing was changed" grep -q "Nothing was changed" "$tmp/o"
check "and nothing was" test "$(st "$old")" = active
check "no names in the sweep's list (no query of personal data)" sh -c "! grep -q 张伟 \"\$1\"" - "$tmp/o"

# -- applied: archived, audited, the query log marked and kept
"$CD" $A sweep --apply > "$tmp/o" 2>&1
check "applied: the record archived" test "$(st "$old")" = archived
check "the held and the others stay active" \
	test "$(st "$objected")$(st "$ongoing")$(st "$org")$(st "$other")" = activeactiveactiveactive
check "each archiving is audited with the rule and the day" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE op = 'record.archive' AND entity_id = '$old' AND reason LIKE '%2021-06-01%rule 16%'")" -eq 1
check "the sweep itself is audited" \
	test "$(sqlite3 "$db" "SELECT new_values ->> '\$.records' || '/' || (new_values ->> '\$.query_entries') FROM audit_log WHERE op = 'sweep.run'")" = "1/3"
check "the query log's watermark: three entries of before 2021-11-23" \
	test "$(sqlite3 "$db" "SELECT entries || '/' || cutoff || '/' || (upto_seq = (SELECT max(seq) FROM query_log WHERE at < '2021-01-01')) FROM query_log_archive")" = "3/2021-11-23/1"
check "and the entries are kept" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM query_log WHERE at < '2021-01-01'")" -eq 3
"$CD" $A sweep --apply > "$tmp/o" 2>&1
check "a second sweep finds nothing new" grep -q "0 records archived, 1 held; 0 query-log entries archived" "$tmp/o"
check "and marks no more" test "$(sqlite3 "$db" "SELECT count(*) FROM query_log_archive")" -eq 1
# the archived record: not disclosed, not found as active; its versions say why
"$CD" $C search 11010519491231002X --purpose internal_duty --ref 内查〔2026〕2号 --status active > "$tmp/o" 2>&1
check "an archived record is not among the active ones" sh -c "! grep -q '黑罚〔2021〕1号' \"\$1\"" - "$tmp/o"
"$CD" $C record show "$old" --purpose internal_duty --ref 内查〔2026〕3号 > "$tmp/o" 2>&1
check "record show: archived, the version saying why" \
	sh -c "grep -q '^Status: archived' \"\$1\" && grep -q 'v2 .*archived at the end of its retention: status (kept five years from the decision of 2021-06-01' \"\$1\"" - "$tmp/o"
# the auditor's desk: archived entries out of the everyday view, there
# when asked for (kept, rule 17)
"$CD" $A audit queries --limit 100 > "$tmp/o" 2>&1
check "the desk's query log leaves the archived entries out" sh -c "! grep -q '旧查〔2020〕' \"\$1\"" - "$tmp/o"
"$CD" $A audit queries --archived --limit 100 > "$tmp/o" 2>&1
check "--archived shows them too" test "$(grep -c '旧查〔2020〕' "$tmp/o")" -eq 3
# the end of the behaviour as an import column (行为终止日期): kept with
# the record; in the future, the row is rejected saying why
printf '姓名,身份证号,事项,填报单位,数据类型,目录编码,文书号,决定日期,行为终止日期\n张伟,11010519491231002X,逾期未缴纳罚款,黑河市市场监督管理局,不良,XZCF-2,黑罚〔2026〕21号,2026-02-01,2026-03-15\n张伟,11010519491231002X,逾期未缴纳罚款,黑河市市场监督管理局,不良,XZCF-2,黑罚〔2026〕22号,2026-02-02,2027-01-01\n' > "$tmp/ended.csv"
"$CD" $C import "$tmp/ended.csv" > "$tmp/o" 2>&1
check "the imported record keeps the end of its behaviour" \
	test "$(sqlite3 "$db" "SELECT behaviour_end FROM credit_record WHERE doc_number = '黑罚〔2026〕21号'")" = 2026-03-15
check "an end in the future: the row rejected, not imported" \
	sh -c "grep -q 'rejected 1' \"\$1\" && test \"\$(sqlite3 '$db' \"SELECT count(*) FROM credit_record WHERE doc_number = '黑罚〔2026〕22号'\")\" -eq 0" - "$tmp/o"
check "the audit chain still verifies" sh -c "'$CD' $A audit verify --local > /dev/null 2>&1"
finish
