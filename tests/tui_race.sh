#!/bin/sh
# tests/tui_race.sh: two clerks correct the same record on screen, each
# in a terminal of their own (issue 16: no lost update).  Both open the
# correction form on version 1; the first saves; the second's save is
# refused, naming who changed the record and when, and the second
# clerk's typing stays in the form.  The record holds the first change
# only.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 9
init_db
add_clerk zhangwei
add_clerk lisi
"$CD" --db "$db" --user zhangwei --password-file "$tmp/clerk.pw" record add \
	--id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-3 \
	--matter 销售不合格口罩 --reporting-unit 北京市东城区市场监督管理局 \
	--doc-number 京东市监罚〔2026〕15号 --doc-date 2026-01-15 > "$tmp/one"
rid=$(last_id)

. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"

# the second terminal: a session of its own on the same tmux server
start2() {
	sed 's|/stderr"|/stderr2"|' "$tmp/run.sh" > "$tmp/run2.sh"
	T new-session -d -s cd2 -x 80 -y 24 "sh $tmp/run2.sh"
	T set-option -t cd2 status off > /dev/null
}
# waiton TERMINAL TEXT: wait_for in that terminal (cd or cd2)
waiton() {
	i=0
	while [ $i -lt 100 ]; do
		T capture-pane -p -t "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# expected on the screen of $1: $2"
	T capture-pane -p -t "$1" | sed 's/^/# |/'
	return 1
}
seeon() { if waiton "$1" "$3"; then ok "$2"; else not_ok "$2"; fi; }
# open_form TERMINAL LOGIN: sign in, find the subject, open its dossier
# and the correction form of its record
open_form() {
	waiton "$1" "creditdesk  " > /dev/null
	T send-keys -t "$1" -l "$2"; T send-keys -t "$1" Enter
	T send-keys -t "$1" -l clerk-pass-12; T send-keys -t "$1" Enter
	waiton "$1" "Today's work" > /dev/null
	T send-keys -t "$1" F3
	waiton "$1" "Purpose of the query" > /dev/null
	T send-keys -t "$1" -l 核查〔2026〕1号; T send-keys -t "$1" Enter
	waiton "$1" "Find:" > /dev/null
	T send-keys -t "$1" -l 北京某某
	waiton "$1" "911100********341L" > /dev/null
	T send-keys -t "$1" Enter
	waiton "$1" "2026-01-15" > /dev/null
	T send-keys -t "$1" F7
	waiton "$1" "r: the record" > /dev/null
	T send-keys -t "$1" r
}

start
start2
open_form cd zhangwei
open_form cd2 lisi
seeon cd "the first clerk's correction form" "Reason for the correction"
seeon cd2 "the second clerk's, on the same version" "Reason for the correction"
text 文书号录错
T send-keys -t cd2 -l 补充数量
T send-keys -t cd2 F2
seeon cd2 "the second clerk saves first" "The correction was saved"
keys F2
see "the first clerk's save is refused, naming who changed the record" "lisi changed this at"
see "and what to do" "after you read it"
see "the first clerk's typing is kept in the form" "文书号录错"
check "the record holds the one correction: version 2, by lisi" \
	test "$(sqlite3 "$db" "SELECT r.row_version || '|' || (SELECT u.login FROM app_user u WHERE u.id = r.updated_by) FROM credit_record r WHERE r.id = '$rid'")" = "2|lisi"
check "and one correction in the audit log, with lisi's reason" \
	test "$(sqlite3 "$db" "SELECT count(*) || '|' || max(reason) FROM audit_log WHERE op = 'record.correct' AND entity_id = '$rid'")" = "1|补充数量"
no_sanitizer_report
finish
