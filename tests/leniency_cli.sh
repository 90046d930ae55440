#!/bin/sh
# tests/leniency_cli.sh: the batch commands for leniency (DOMAIN rule 7:
# a behaviour not recorded, or given a grace period, a supervisor
# co-signing at the window) and for special periods (rule 25: the
# epidemic's rules as data, kept by administrators).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 14
init_db
add_clerk zhangwei
echo 'super-pass-12' > "$tmp/super.pw"
"$CD" --db "$db" --user admin --password-file "$tmp/pw" user add shenhe --name 李敏 \
	--role supervisor --unit 黑河市公共信用信息中心 --new-password-file "$tmp/super.pw" > /dev/null
A="--db $db --user admin --password-file $tmp/pw"
C="--db $db --user zhangwei --password-file $tmp/clerk.pw"
L="--id 11010519491231002X --name 张伟 --item XZCF-1 --doc-number 黑罚〔2026〕7号"

# -- leniency: co-signed by a supervisor, then the record is not taken
"$CD" $C leniency $L --kind not_recorded --reason 首次轻微违法并及时改正 \
	--approver zhangwei --approver-password-file "$tmp/clerk.pw" > "$tmp/o" 2>&1
check "a clerk cannot approve leniency" grep -q "approved by a supervisor" "$tmp/o"
echo wrong-password > "$tmp/bad.pw"
"$CD" $C leniency $L --kind not_recorded --reason 首次轻微违法并及时改正 \
	--approver shenhe --approver-password-file "$tmp/bad.pw" > "$tmp/o" 2>&1
check "a wrong approving password is refused" test $? -ne 0
"$CD" $C leniency $L --kind grace --reason 疫情隔离期间 --approver shenhe \
	--approver-password-file "$tmp/super.pw" > "$tmp/o" 2>&1
check "a grace period needs its end" grep -q "end date" "$tmp/o"
"$CD" $C leniency $L --kind not_recorded --reason 首次轻微违法并及时改正 --approver shenhe \
	--approver-password-file "$tmp/super.pw" > "$tmp/o" 2>&1
check "co-signed: decided" grep -q "^Leniency decided (not_recorded)" "$tmp/o"
check "audited, naming the approver" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM leniency l JOIN app_user u ON u.id = l.approved_by WHERE u.login = 'shenhe'")" -eq 1
"$CD" $C record add --id 11010519491231002X --name 张伟 --item XZCF-1 --matter 占道经营 \
	--reporting-unit 黑河市城市管理综合执法局 --doc-number 黑罚〔2026〕7号 \
	--doc-date 2026-11-02 > "$tmp/o" 2>&1
check "the behaviour is then not recorded, saying why" grep -q "leniency decision approved by" "$tmp/o"

# -- special periods
"$CD" --db "$db" period list > "$tmp/o" 2>&1
check "the epidemic's rules are shipped" \
	sh -c 'grep -q "^YQ-2020-G  2020-01-24 .. 2023-01-07" "$1" && grep -q "minimum disclosure 0 months" "$1"' - "$tmp/o"
check "with the fast track" grep -q "repair decided within 2 working days" "$tmp/o"
"$CD" $C period add T-1 --name 应急期间 --from 2026-11-01 --min-months 0 --basis 市通知 \
	--reason 市通知 > "$tmp/o" 2>&1
check "a clerk does not keep them" grep -q "administrator" "$tmp/o"
"$CD" $A period add T-1 --name 应急期间 --from 2026-11-01 --basis 市通知 --reason 市通知 > "$tmp/o" 2>&1
check "a period that changes nothing is refused" grep -q "changes something" "$tmp/o"
"$CD" $A period add T-1 --name 应急期间 --from 2026-11-01 --severity general --min-months 0 \
	--basis 市通知 --reason 市通知 > "$tmp/o" 2>&1
check "an administrator adds one" grep -q "Added the special period T-1" "$tmp/o"
"$CD" $A period end T-1 --reason 应急结束 > "$tmp/o" 2>&1
check "and ends it" grep -q "Ended the special period T-1" "$tmp/o"
"$CD" --db "$db" period list --all > "$tmp/o" 2>&1
check "an ended period stays listed, marked" grep -q "T-1 .*应急期间 (ended)" "$tmp/o"
check "both audited" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE op IN ('period.add', 'period.end')")" -eq 2
finish
