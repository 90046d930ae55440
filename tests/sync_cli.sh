#!/bin/sh
# tests/sync_cli.sh: a county and two townships syncing through a real
# central store (a throwaway PostgreSQL server started here): what goes
# up comes down where it may, once; one subject entered at two offices
# is one; an office sees its jurisdiction only and writes no table; the
# same op again is a duplicate, the same op number with other content is
# refused loudly; changes to different fields merge, to the same field
# they conflict; a case step on a stale version is refused.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 97
echo 'admin-pass-1' > "$tmp/pw"
need_pg

# -- the store and its offices ---------------------------------------------
"$CD" central init "$PG user=postgres" > "$tmp/o" 2>&1
check "central init makes the store" test $? -eq 0
"$CD" central init "$PG user=postgres" > "$tmp/o" 2>&1
check "a second init is refused, saying why" grep -q "already" "$tmp/o"
for o in "county 某某县公共信用信息中心" "town01 某某镇人民政府" "town02 另一镇人民政府"; do
	set -- $o
	"$CD" central office add "$1" "$2" --conninfo "$PG user=postgres" > /dev/null 2>&1
done
check "offices added as roles" test "$(psql_as postgres -c "SELECT count(*) FROM cd.office")" = 3

mk() { # mk FILE ADMIN UNIT LEVEL ROLE
	office_db "$1" "$2" "$3" "$4"
	"$CD" --db "$tmp/$1" --user "$2" --password-file "$tmp/pw" central set postgres \
		"$PG user=$5" --reason 县中心 > /dev/null 2>&1
}
mk county.db admin 某某县公共信用信息中心 county county
mk town1.db tadmin 某某镇人民政府 township town01
mk town2.db t2admin 另一镇人民政府 township town02
C() { as_office county.db admin "$@"; }
T1() { as_office town1.db tadmin "$@"; }
T2() { as_office town2.db t2admin "$@"; }
C unit add 某某镇人民政府 --division 231100 --level township --parent 某某县公共信用信息中心 > /dev/null
C unit add 另一镇人民政府 --division 231100 --level township --parent 某某县公共信用信息中心 > /dev/null
C user add boss --name 县审核员 --role supervisor --unit 某某县公共信用信息中心 < "$tmp/pw" > /dev/null 2>&1

"$CD" --db "$tmp/county.db" sync > "$tmp/o" 2>&1
check "the county sends its units, users and catalog: exit 0" test $? -eq 0
check "and says what was done" grep -q "0 wait" "$tmp/o"

# -- a township's first sync: the same units and catalog are one ---------
T1 record add --id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-3 \
	--matter 销售不合格口罩 --reporting-unit 某某镇市场监管所 \
	--doc-number 镇罚〔2026〕1号 --doc-date 2026-01-15 > "$tmp/one"
rec1=$(last_id)
C record add --id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-3 \
	--matter 未按规定公示 --reporting-unit 县市场监督管理局 \
	--doc-number 县罚〔2026〕3号 --doc-date 2026-02-15 > /dev/null
T2 record add --id 11010519491231002X --name 张伟 --item XZCF-3 \
	--matter 无证经营 --reporting-unit 另一镇市场监管所 \
	--doc-number 另罚〔2026〕9号 --doc-date 2026-03-01 > /dev/null
"$CD" --db "$tmp/town1.db" sync > "$tmp/o" 2>&1
check "township 1 syncs: exit 0" test $? -eq 0
check "its unit is the county's unit of that name" \
	test "$(sqlite3 "$tmp/town1.db" "SELECT id FROM unit WHERE name = '某某镇人民政府'")" = \
	"$(sqlite3 "$tmp/county.db" "SELECT id FROM unit WHERE name = '某某镇人民政府'")"
check "its catalog items are the county's" \
	test "$(sqlite3 "$tmp/town1.db" "SELECT count(*) FROM catalog_item c WHERE c.id IN (SELECT to_id FROM sync_alias)")" -gt 0
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/town2.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/town1.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
subj() { sqlite3 "$tmp/$1" "SELECT id FROM subject WHERE id_number = '91110000600037341L'"; }
check "one subject entered at two offices is one" test "$(subj town1.db)" = "$(subj county.db)"
check "the store holds it once" \
	test "$(psql_as postgres -c "SELECT count(*) FROM cd.row WHERE entity = 'subject' AND data->>'id_number' = '91110000600037341L'")" = 1
check "its records follow it at the county" \
	test "$(sqlite3 "$tmp/county.db" "SELECT count(*) FROM credit_record WHERE subject_id = '$(subj county.db)'")" = 2
check "the township sees the county's record about it" \
	test "$(sqlite3 "$tmp/town1.db" "SELECT count(*) FROM credit_record")" = 2
check "the county sees both townships' work" \
	test "$(sqlite3 "$tmp/county.db" "SELECT count(*) FROM credit_record")" = 3
"$CD" --db "$tmp/county.db" --user boss --password-file "$tmp/pw" search 张伟 --purpose internal_duty --ref 县查〔2026〕1号 > "$tmp/o" 2>&1
check "what came down is found by search (its indexes follow)" grep -q "张伟" "$tmp/o"
check "a township does not see its neighbour's" \
	test "$(sqlite3 "$tmp/town1.db" "SELECT count(*) FROM subject WHERE id_number = '11010519491231002X'")" = 0
check "an office's users come down with their hashes; no other unit's" \
	test "$(sqlite3 "$tmp/town1.db" "SELECT group_concat(login) FROM (SELECT login FROM app_user ORDER BY login)")" = tadmin,tadmin-clerk
check "every op applied once at the store" \
	test "$(psql_as postgres -c "SELECT count(*) FROM cd.op") $(psql_as postgres -c "SELECT count(DISTINCT id) FROM cd.op")" = \
	"$(psql_as postgres -c "SELECT sum(next_seq - 1) FROM cd.node") $(psql_as postgres -c "SELECT sum(next_seq - 1) FROM cd.node")"

# -- rights: functions only, and row-level security ------------------------
psql_as town01 -c "INSERT INTO cd.row VALUES ('unit', 'x', 1, '{}', '{*}', 0, NULL)" > "$tmp/o" 2>&1
check "an office cannot write a table" grep -q "permission denied" "$tmp/o"
check "an office reading the table sees its jurisdiction only" \
	test "$(psql_as town01 -c "SELECT count(*) FROM cd.row WHERE entity = 'credit_record'") $(psql_as county -c "SELECT count(*) FROM cd.row WHERE entity = 'credit_record'")" = "2 3"
check "and no other unit's password hash" \
	test "$(psql_as town01 -c "SELECT count(*) FROM cd.secret")" = 2

# -- the same op again; the same number with other content; a gap --------
sqlite3 "$tmp/town1.db" "UPDATE meta SET value = '0' WHERE key = 'sync.acked_seq'; DELETE FROM meta WHERE key = 'sync.pulled'"
"$CD" --db "$tmp/town1.db" sync > "$tmp/o" 2>&1
check "everything sent again is a duplicate, applied once" grep -q "0 accepted, 0 merged, [1-9][0-9]* already there" "$tmp/o"
n1=$(psql_as postgres -c "SELECT count(*) FROM cd.op")
cp "$tmp/town1.db" "$tmp/copy.db"
"$CD" --db "$tmp/copy.db" --user tadmin-clerk --password-file "$tmp/pw" record add --id 91110000600037341L \
	--name 北京某某医疗器械有限公司 --item XZCF-3 --matter 复制的库 --reporting-unit 某某镇市场监管所 \
	--doc-number 镇罚〔2026〕7号 --doc-date 2026-01-20 > /dev/null
T1 record add --id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-3 \
	--matter 真的库 --reporting-unit 某某镇市场监管所 --doc-number 镇罚〔2026〕8号 --doc-date 2026-01-21 > /dev/null
"$CD" --db "$tmp/town1.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/copy.db" sync > "$tmp/o" 2>&1
check "a copied database's op is refused loudly: exit 1" test $? -eq 1
check "saying the op was received with other content" grep -q "other content" "$tmp/o"
check "and nothing of it was applied" test "$(psql_as postgres -c "SELECT count(*) FROM cd.op")" -eq $((n1 + 1))
node1=$(sqlite3 "$tmp/town1.db" "SELECT value FROM meta WHERE key = 'node_id'")
psql_as town01 -c "SELECT cd.push('$node1', '[{\"seq\": 999, \"id\": \"x\", \"hlc\": \"1\", \"kind\": \"insert\", \"entity\": \"unit\", \"entity_id\": \"u\", \"payload\": {\"new\": {}}, \"actor\": \"a\", \"at\": \"t\"}]')" > "$tmp/o" 2>&1
check "an op after a gap waits, naming the one expected" grep -q '"gap"' "$tmp/o"

# -- two offices change one record -----------------------------------------
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
# (the township's record: at the county, its supervisor corrects it)
CB() { "$CD" --db "$tmp/county.db" --user boss --password-file "$tmp/pw" "$@"; }
T1 record correct "$rec1" --matter 销售不合格口罩三千只 --reason 补充数量 > /dev/null 2>&1
CB record correct "$rec1" --doc-issuer 某某镇市场监管所 --reason 补充机关 > /dev/null 2>&1
"$CD" --db "$tmp/town1.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync > "$tmp/o" 2>&1
check "different fields: merged" grep -q "1 merged" "$tmp/o"
"$CD" --db "$tmp/town1.db" sync > /dev/null 2>&1
check "both changes are in, at both offices" \
	test "$(sqlite3 "$tmp/town1.db" "SELECT matter || '|' || doc_issuer FROM credit_record WHERE id = '$rec1'")" = \
	"$(sqlite3 "$tmp/county.db" "SELECT matter || '|' || doc_issuer FROM credit_record WHERE id = '$rec1'")"
T1 record correct "$rec1" --matter 销售不合格口罩五千只 --reason 数量更正 > /dev/null 2>&1
CB record correct "$rec1" --matter 销售不合格口罩四千只 --reason 数量核实 > /dev/null 2>&1
"$CD" --db "$tmp/town1.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync > "$tmp/o" 2>&1
check "the same field: a conflict, kept for a supervisor" \
	test "$(psql_as postgres -c "SELECT count(*) FROM cd.conflict WHERE status = 'open'")" = 1
"$CD" --db "$tmp/county.db" sync status > "$tmp/o" 2>&1
check "sync status names it, with the field" grep -q "conflict.*matter" "$tmp/o"
check "the office's row is the store's again until it is resolved" \
	test "$(sqlite3 "$tmp/county.db" "SELECT matter FROM credit_record WHERE id = '$rec1'")" = 销售不合格口罩五千只
C sync conflicts > "$tmp/o" 2>&1
check "sync conflicts lists it with both values" grep -q "销售不合格口罩五千只.*销售不合格口罩四千只\|销售不合格口罩四千只.*销售不合格口罩五千只" "$tmp/o"
cid=$(sed -n 's/^Conflict \([0-9]*\):.*/\1/p' "$tmp/o" | head -n 1)
C sync resolve "$cid" office --reason 以乡镇核实为准 > "$tmp/o" 2>&1
check "an administrator may not resolve it" grep -q "supervisor" "$tmp/o"
"$CD" --db "$tmp/county.db" --user boss --password-file "$tmp/pw" sync resolve "$cid" office \
	--reason 以乡镇核实为准 > "$tmp/o" 2>&1
check "a supervisor takes the office's value" test $? -eq 0
check "the county has it at once" \
	test "$(sqlite3 "$tmp/county.db" "SELECT matter FROM credit_record WHERE id = '$rec1'")" = 销售不合格口罩四千只
check "the decision is in the county's audit log" \
	test "$(sqlite3 "$tmp/county.db" "SELECT count(*) FROM audit_log WHERE op = 'sync.resolve' AND reason = '以乡镇核实为准'")" = 1
"$CD" --db "$tmp/town1.db" sync > /dev/null 2>&1
check "the township gets it by the next sync" \
	test "$(sqlite3 "$tmp/town1.db" "SELECT matter FROM credit_record WHERE id = '$rec1'")" = 销售不合格口罩四千只
"$CD" --db "$tmp/county.db" --user boss --password-file "$tmp/pw" sync resolve "$cid" central \
	--reason 再改 > "$tmp/o" 2>&1
check "a conflict is resolved once" grep -q "resolved already" "$tmp/o"

# -- a withdrawal racing a correction: the withdrawal first wins ----------
rec8=$(sqlite3 "$tmp/town1.db" "SELECT id FROM credit_record WHERE doc_number = '镇罚〔2026〕8号'")
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/county.db" --user boss --password-file "$tmp/pw" record withdraw "$rec8" \
	--reason 重复录入 > /dev/null 2>&1
T1 record correct "$rec8" --matter 真的库（补充） --reason 补充 > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/town1.db" sync > "$tmp/o" 2>&1
check "the correction of a record withdrawn meanwhile is refused" grep -q "1 refused" "$tmp/o"
"$CD" --db "$tmp/town1.db" sync status > "$tmp/o" 2>&1
check "with the reason: withdrawn at the central store, by whom" grep -q "withdrawn at the central store by" "$tmp/o"
check "and the township's record is withdrawn, as at the store" \
	test "$(sqlite3 "$tmp/town1.db" "SELECT status || '|' || matter FROM credit_record WHERE id = '$rec8'")" = "withdrawn|真的库"

# -- approve racing refuse at two offices: the store takes one -------------
T1 user add tclerk --name 乡镇经办 --role clerk --unit 某某镇人民政府 < "$tmp/pw" > /dev/null 2>&1
T1 user add tboss --name 乡镇审核 --role supervisor --unit 某某镇人民政府 < "$tmp/pw" > /dev/null 2>&1
TU() { u=$1; shift; "$CD" --db "$tmp/town1.db" --user "$u" --password-file "$tmp/pw" "$@"; }
TU tclerk objection file "$rec1" --grounds 数量有误 --evidence 进货单 --received 2026-11-20 > "$tmp/one" 2>&1
case1=$(sed -n 's/^Case: *//p' "$tmp/one")
TU tclerk objection compare "$case1" --same --note 与提供单位数据一致 > /dev/null 2>&1
TU tclerk objection reply "$case1" --result rejected --reply 镇监函〔2026〕3号 > "$tmp/one" 2>&1
"$CD" --db "$tmp/town1.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
check "the township's objection, awaiting a supervisor, reached the county" \
	test "$(sqlite3 "$tmp/county.db" "SELECT stage FROM workcase WHERE id = '$case1'")" = review
TU tboss case approve "$case1" --note 答复有据 > /dev/null 2>&1
"$CD" --db "$tmp/county.db" --user boss --password-file "$tmp/pw" case refuse "$case1" \
	--note 材料不全 > /dev/null 2>&1
check "each office decided on its own, offline" \
	test "$(sqlite3 "$tmp/town1.db" "SELECT outcome FROM workcase WHERE id = '$case1'")|$(sqlite3 "$tmp/county.db" "SELECT stage FROM workcase WHERE id = '$case1'")" = "rejected|provider"
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/town1.db" sync > "$tmp/o" 2>&1
check "the later one is refused by the store" grep -q "1 refused" "$tmp/o"
check "the store holds exactly one decision: the county's refusal (back to the provider)" \
	test "$(psql_as postgres -c "SELECT (data->>'stage') || '|' || coalesce(data->>'outcome', '') FROM cd.row WHERE entity = 'workcase' AND id = '$case1'")" = "provider|"
"$CD" --db "$tmp/town1.db" sync status > "$tmp/o" 2>&1
check "the township is told: a stale version, changed by whom" grep -q "workcase.*changed at the central store (version" "$tmp/o"
check "and its case shows the decision in force: open again, with the provider" \
	test "$(sqlite3 "$tmp/town1.db" "SELECT stage || '|' || status || '|' || coalesce(outcome, '') FROM workcase WHERE id = '$case1'")" = "provider|open|"

# -- a black listing approved at an office is in force once the store accepts it
C user add kclerk --name 县窗口 --role clerk --unit 某某县公共信用信息中心 < "$tmp/pw" > /dev/null 2>&1
K() { "$CD" --db "$tmp/county.db" --user kclerk --password-file "$tmp/pw" "$@"; }
B() { "$CD" --db "$tmp/county.db" --user boss --password-file "$tmp/pw" "$@"; }
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
# (the township's record is under an open objection, which would be
# answered first: the county lists on its own finding)
K record add --id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-3 \
	--matter 拒不履行行政处罚决定 --reporting-unit 某某县市场监管局 \
	--doc-number 县罚〔2026〕9号 --doc-date 2026-03-02 > "$tmp/one" 2>&1
krec=$(last_id)
K list propose 91110000600037341L --list black --basis refuse_performance \
	--reasons 有履行能力而拒不履行 --measures CJ-30-5 --record "$krec" > "$tmp/o" 2>&1
bcase=$(sed -n 's/^Case: *//p' "$tmp/o")
# the party told (rule 12): the notice printed and served today, the
# decision after the party's window, eight days on
K case doc "$bcase" notice --out "$tmp/notice.pdf" > /dev/null 2>&1
K case served "$bcase" > /dev/null 2>&1
B case approve "$bcase" > "$tmp/o" 2>&1
check "not before the party's window ran" grep -q "may answer the advance notice" "$tmp/o"
BL() { "$CDL" --db "$tmp/county.db" --user boss --password-file "$tmp/pw" "$@"; }
BL case approve "$bcase" > "$tmp/o" 2>&1

check "approved here: listed, pending the central store's acceptance" \
	grep -q "State:.*listed here, pending the central store's acceptance" "$tmp/o"
K search --list black --purpose internal_duty --ref 县查〔2026〕2号 > "$tmp/o" 2>&1
check "not in force yet: the black list search does not find it" \
	sh -c '! grep -q 北京某某医疗器械有限公司 "$1" && grep -q "No record matches" "$1"' - "$tmp/o"
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
B case show "$bcase" > "$tmp/o" 2>&1
check "accepted by the store: in force" grep -q "State:.*listed, in force" "$tmp/o"
K search --list black --purpose internal_duty --ref 县查〔2026〕3号 > "$tmp/o" 2>&1
check "and the black list search finds it" grep -q "北京某某医疗器械有限公司" "$tmp/o"
# the store holds the same line as the office (rule 12), whatever an
# office sends: the accepted decision, altered, is refused step by step
refused() { # refused CHANGES UNIT: why the store refuses the decision so changed
	psql_as postgres -c "SELECT coalesce(cd.case_step_refused(r.data || '{\"status\": \"open\", \"stage\": \"review\"}',
		r.data || '$1', (SELECT id FROM cd.row WHERE entity = 'unit' AND data->>'name' = '$2')), 'accepted')
		FROM cd.row r WHERE r.entity = 'workcase' AND r.id = '$bcase'"
}
check "the store: the decision as made is legal" test "$(refused '{}' 某某县公共信用信息中心)" = accepted
check "the store: not inside the party's window" \
	test "$(refused '{"decided_at": "2026-11-30T02:00:00Z"}' 某某县公共信用信息中心)" = \
	"the party's window runs until 2026-11-30: the listing is decided after it"
check "the store: not without the notice served" \
	test "$(refused '{"notice_served": null}' 某某县公共信用信息中心)" = \
	"a black listing is decided after its advance notice was served on the party"
check "the store: not on a window cut short" \
	grep -q "is shorter than 5 working days" -  <<EOF_
$(refused '{"notice_due": "2026-11-24", "decided_at": "2026-11-25T02:00:00Z"}' 某某县公共信用信息中心)
EOF_
check "the store: a window of 5 days over a weekend is not 5 working days" \
	grep -q "(2026-11-23 to 2026-11-28) is shorter than 5 working days" -  <<EOF_
$(refused '{"notice_due": "2026-11-28", "decided_at": "2026-11-29T02:00:00Z"}' 某某县公共信用信息中心)
EOF_
# the store counts working days on the office's calendar: the shipped
# holidays (National Day 2026, its Saturday worked)
"$CD" --db "$tmp/county.db" calendar due 2026-09-30 5 > "$tmp/o" 2>&1
check "the store's working days are the office's: 5 after 2026-09-30" \
	test "$(psql_as postgres -c "SELECT cd.workday_add('2026-09-30', 5)")" = \
	"$(sed -n 's/.*: //p' "$tmp/o")"
check "which is 2026-10-13 (Oct 1-7 off, Saturday Oct 10 worked)" \
	grep -q ": 2026-10-13" "$tmp/o"
check "the store: not with the party's statement unanswered" \
	test "$(refused '{"statement_received": "2026-11-24"}' 某某县公共信用信息中心)" = \
	"the party's statement is answered before the listing is decided"
check "the store: not by a township office" \
	test "$(refused '{}' 某某镇人民政府)" = \
	"only an authority at county level or above puts a subject on the black list"

# -- a county's black listing on a township's record, the record withdrawn
# at the township (issue 16): the listing is seen there, its review goes
# up and the county ends the listing
TU tclerk record add --id 91350100M000100Y43 --name 福州某某贸易有限公司 --item XZCF-3 \
	--matter 拒不履行行政处罚决定 --reporting-unit 某某镇市场监管所 \
	--doc-number 镇罚〔2026〕21号 --doc-date 2026-03-05 > "$tmp/one" 2>&1
trec=$(last_id)
"$CD" --db "$tmp/town1.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
K list propose 91350100M000100Y43 --list black --basis refuse_performance \
	--reasons 有履行能力而拒不履行 --measures CJ-30-5 --record "$trec" > "$tmp/o" 2>&1
tcase=$(sed -n 's/^Case: *//p' "$tmp/o")
K case doc "$tcase" notice --out "$tmp/notice2.pdf" > /dev/null 2>&1
K case served "$tcase" > /dev/null 2>&1
BL case approve "$tcase" > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/town1.db" sync > /dev/null 2>&1
check "a county's listing on its own record: seen at the county alone, once" \
	test "$(psql_as postgres -c "SELECT array_length(scopes, 1) FROM cd.row WHERE entity = 'workcase' AND id = '$bcase'")" = 1
check "the county's listing on the township's record is seen at the township" \
	test "$(sqlite3 "$tmp/town1.db" "SELECT outcome FROM workcase WHERE id = '$tcase'")" = listed
TU tclerk record withdraw "$trec" --reason 处罚决定已被复议撤销 > "$tmp/o" 2>&1
check "withdrawn there: the listing's end goes before a supervisor" \
	grep -q "the end of listing HB-2026-0002 is before a supervisor" "$tmp/o"
"$CD" --db "$tmp/town1.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
fh=$(sqlite3 "$tmp/county.db" "SELECT id FROM workcase WHERE kind = 'list_review'")
TU tboss case approve "$fh" > "$tmp/o" 2>&1
check "a township supervisor does not decide the county's listing's review" \
	grep -q "某某县公共信用信息中心: a supervisor of that unit or of a unit above it reviews it" "$tmp/o"
BL case approve "$fh" > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync > "$tmp/o" 2>&1
check "the county's decision and the listing's end: accepted by the store" \
	sh -c 'grep -q " 0 refused" "$1" && test "$2" = "true|closed"' - "$tmp/o" \
	"$(psql_as postgres -c "SELECT (l.data->>'ended_at' IS NOT NULL) || '|' || (v.data->>'status') FROM cd.row l, cd.row v WHERE l.entity = 'workcase' AND l.id = '$tcase' AND v.entity = 'workcase' AND v.id = '$fh'")"

# -- a person's written consent (migration 0021) travels with the records
T1 consent add --id 110101195011060499 --name 刘洋 --ref 镇同意〔2026〕1号 --signed 2026-11-20 \
	--until 2027-11-19 --scope 收入 --purpose-told 信用评价 --told 可能影响信用评价 > "$tmp/o" 2>&1
T1 record add --id 110101195011060499 --name 刘洋 --item XZCF-3 --matter 隐瞒收入，月薪两万元 \
	--reporting-unit 某某镇市场监管所 --doc-number 镇罚〔2026〕30号 --doc-date 2026-03-05 \
	--consent 镇同意〔2026〕1号 >> "$tmp/o" 2>&1
check "a township records a consent and a record under it" \
	sh -c 'grep -q "Consent .* recorded" "$1" && grep -q "^Recorded" "$1"' - "$tmp/o"
"$CD" --db "$tmp/town1.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
check "the consent reaches the store and the county" \
	test "$(psql_as postgres -c "SELECT count(*) FROM cd.row WHERE entity = 'consent'")|$(sqlite3 "$tmp/county.db" "SELECT scope FROM consent")" = "1|收入"

: the county lists a township that has not
psql_as postgres -c "UPDATE cd.node SET last_at = now() - interval '40 days' WHERE role = 'town02'" > /dev/null
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync status > "$tmp/o" 2>&1
check "sync status at the county: a township 40 days silent is late, in working days" \
	grep -q "Not reported up in time: 另一镇人民政府, [1-9][0-9]* working days late" "$tmp/o"
check "a township that reported lately is not listed" sh -c '! grep -q "某某镇人民政府, " "$1"' - "$tmp/o"
"$CD" --db "$tmp/town2.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync status > "$tmp/o" 2>&1
check "once it reports it is off the list" sh -c '! grep -q "Not reported up in time" "$1"' - "$tmp/o"
T1 sync status > "$tmp/o" 2>&1
check "a township lists nobody (nothing below it)" sh -c '! grep -q "Not reported up in time" "$1"' - "$tmp/o"

# a subject's name corrected at a township: the county finds it by its
# new name once it comes down, and no longer by the old one
T1 subject correct 91110000600037341L --name 北京某某医疗科技有限公司 --reason 名称变更 \
	--doc 变更登记通知书8号 > /dev/null 2>&1
"$CD" --db "$tmp/town1.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/county.db" --user boss --password-file "$tmp/pw" search 医疗科技 --purpose internal_duty --ref 县查〔2026〕2号 > "$tmp/o" 2>&1
check "a name corrected elsewhere is found by its new name here" grep -q "北京某某医疗科技有限公司" "$tmp/o"
"$CD" --db "$tmp/county.db" --user boss --password-file "$tmp/pw" search 器械 --purpose internal_duty --ref 县查〔2026〕3号 > "$tmp/o" 2>&1
check "and no longer by the old one" grep -q "No subject matches" "$tmp/o"

# -- a township asks the county to change the county's record ------------
# (issue 16: another unit's record is that unit's; the request travels
# to it through the store, and its supervisor's approval makes the change)
crec=$(sqlite3 "$tmp/town1.db" "SELECT id FROM credit_record WHERE doc_number = '县罚〔2026〕3号'")
T1 record correct "$crec" --matter 未按规定公示年度报告 --reason 县局更正 > "$tmp/o" 2>&1
check "a township clerk may not correct the county's record, and is told to ask" grep -q -- "--request" "$tmp/o"
T1 record correct "$crec" --matter 未按规定公示年度报告 --reason 事项不完整，见县局函 --request > "$tmp/o" 2>&1
check "the correction asked as a request: its number" grep -q "BG-2026-0001" "$tmp/o"
"$CD" --db "$tmp/town1.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/county.db" --user boss --password-file "$tmp/pw" case list --review > "$tmp/o" 2>&1
check "the request reached the county's review list" grep -q "BG-2026-0001" "$tmp/o"
qid=$(sqlite3 "$tmp/county.db" "SELECT id FROM workcase WHERE kind = 'change'")
"$CD" --db "$tmp/county.db" --user boss --password-file "$tmp/pw" case show "$qid" > "$tmp/o" 2>&1
check "the county's supervisor sees what is asked beside the record" grep -q "未按规定公示 → 未按规定公示年度报告" "$tmp/o"
"$CD" --db "$tmp/county.db" --user boss --password-file "$tmp/pw" case approve "$qid" > "$tmp/o" 2>&1
check "approved at the county: exit 0" test $? -eq 0
check "and the record is corrected there, saying at whose request" \
	test "$(sqlite3 "$tmp/county.db" "SELECT matter FROM credit_record WHERE id = '$crec'")" = 未按规定公示年度报告
"$CD" --db "$tmp/county.db" sync > "$tmp/o" 2>&1
check "the store accepts the decision and the change" grep -q "2 accepted, 0 merged, 0 already there, 0 refused, 0 conflicts" "$tmp/o"
"$CD" --db "$tmp/town1.db" sync > /dev/null 2>&1
check "the township gets the corrected record and the decided request" \
	test "$(sqlite3 "$tmp/town1.db" "SELECT r.matter || ' ' || k.outcome FROM credit_record r, workcase k WHERE r.id = '$crec' AND k.kind = 'change'")" = "未按规定公示年度报告 corrected"

# and the other way: the county's clerk asks the township to withdraw a
# township record; the township's supervisor approves it there
T1 record add --id 91110000600037341L --name 北京某某医疗科技有限公司 --item XZCF-2 \
	--matter 重复录入的记录 --reporting-unit 某某镇市场监管所 --doc-number 镇罚〔2026〕11号 \
	--doc-date 2026-01-25 > "$tmp/one" 2>&1
trec=$(last_id)
"$CD" --db "$tmp/town1.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
K record withdraw "$trec" --reason 与县局记录重复 --request > "$tmp/o" 2>&1
check "a county clerk asks the township to withdraw its record" grep -q "Request BG-" "$tmp/o"
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/town1.db" sync > /dev/null 2>&1
tq=$(sqlite3 "$tmp/town1.db" "SELECT id FROM workcase WHERE kind = 'change' AND record_id = '$trec'")
TU tboss case approve "$tq" > "$tmp/o" 2>&1
check "the township's supervisor approves it at the township" test "$(sqlite3 "$tmp/town1.db" "SELECT status FROM credit_record WHERE id = '$trec'")" = withdrawn
"$CD" --db "$tmp/town1.db" sync > "$tmp/o" 2>&1
check "the store accepts the township's decision on the county's request" \
	grep -q "0 refused, 0 conflicts" "$tmp/o"
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
check "the county sees its request decided and the record withdrawn" \
	test "$(sqlite3 "$tmp/county.db" "SELECT k.outcome || ' ' || r.status FROM workcase k JOIN credit_record r ON r.id = k.record_id WHERE k.record_id = '$trec' AND k.kind = 'change'")" = "withdrawn withdrawn"

# -- a store made by an older creditdesk is upgraded in place ------------
# (its functions replaced, its rows kept): here the request scopes of
# this version, put back to an older body first
psql_as postgres -c "CREATE OR REPLACE FUNCTION cd.request_scopes(p_entity text, n jsonb) RETURNS text[] LANGUAGE sql AS \$\$ SELECT '{}'::text[] \$\$" > /dev/null
# (and a listing accepted by such a store: not seen where its record was entered)
psql_as postgres -c "UPDATE cd.row SET scopes = ARRAY[data->>'unit_id'] WHERE entity = 'workcase' AND id = '$tcase'" > /dev/null
rows_before=$(psql_as postgres -c "SELECT count(*) FROM cd.row")
"$CD" central upgrade "$PG user=postgres" > "$tmp/o" 2>&1
echo "exit $?" >> "$tmp/o"
check "central upgrade: exit 0, saying what it did" \
	sh -c 'grep -q "^exit 0" "$1" && grep -q "functions replaced, its tables and rows kept" "$1"' - "$tmp/o"
check "the function is this version's again" \
	test "$(psql_as postgres -c "SELECT cd.request_scopes('workcase', jsonb_build_object('kind', 'change', 'record_id', '$crec'))")" = \
	"{$(psql_as postgres -c "SELECT data->>'unit_id' FROM cd.row WHERE entity = 'credit_record' AND id = '$crec'")}"
check "and every row is still there" test "$(psql_as postgres -c "SELECT count(*) FROM cd.row")" = "$rows_before"
check "a listing is seen again where its record was entered" \
	test "$(psql_as postgres -c "SELECT array_length(scopes, 1) FROM cd.row WHERE entity = 'workcase' AND id = '$tcase'")" = 2
"$CD" central upgrade "$PG user=postgres" > /dev/null 2>&1
check "upgrading again changes nothing and succeeds" test $? -eq 0
"$CD" --db "$tmp/county.db" sync > "$tmp/o" 2>&1
check "offices sync with the upgraded store" test $? -eq 0
"$CD" central upgrade "$PG user=postgres dbname=template1" > "$tmp/o" 2>&1
check "where there is no store, upgrade says so and makes none" \
	sh -c 'grep -q "holds no central store" "$1" && test "$(psql -X -q -t -A -h 127.0.0.1 -p '"$port"' -U postgres -d template1 -c "SELECT count(*) FROM pg_namespace WHERE nspname = '"'cd'"'")" = 0' - "$tmp/o"

# -- the store goes away: nothing is lost, the office is told --------------
T1 record add --id 91110000600037341L --name 北京某某医疗科技有限公司 --item XZCF-3 \
	--matter 断网时录入 --reporting-unit 某某镇市场监管所 --doc-number 镇罚〔2026〕9号 \
	--doc-date 2026-01-22 > /dev/null
stop_pg
"$CD" --db "$tmp/town1.db" sync > "$tmp/o" 2>&1
check "offline: sync exits non-zero" test $? -ne 0
check "and says the store cannot be reached and the work waits" grep -q "cannot be reached.*waits here" "$tmp/o"
"$CD" --db "$tmp/town1.db" sync status > "$tmp/o" 2>&1
check "sync status: one op waits" grep -q "Waiting to go up: 1 of" "$tmp/o"
check "sync status: the last sync failed, and why" grep -q "The last sync failed: The central store cannot be reached" "$tmp/o"
finish
