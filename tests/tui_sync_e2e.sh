#!/bin/sh
# tests/tui_sync_e2e.sh: a township's terminal while its central store is
# down and then comes up (a real PostgreSQL server, stopped and started
# here): the records entered offline go up on their own and the home
# screen says so without a key pressed; the sync screen shows the
# store's answers; a conflict with the county is resolved on the
# conflict screen by the township's supervisor.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
echo 'admin-pass-1' > "$tmp/pw"
. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"
need_pg
trap 'T kill-server 2> /dev/null; stop_pg; rm -rf "$tmp"' EXIT

"$CD" central init "$PG user=postgres" > /dev/null 2>&1
"$CD" central office add county 某某县公共信用信息中心 --conninfo "$PG user=postgres" > /dev/null 2>&1
"$CD" central office add town01 某某镇人民政府 --conninfo "$PG user=postgres" > /dev/null 2>&1
office_db county.db admin 某某县公共信用信息中心 county
office_db town.db tadmin 某某镇人民政府 township
C() { as_office county.db admin "$@"; }
T1() { as_office town.db tadmin "$@"; }
C central set postgres "$PG user=county" --reason 县中心 > /dev/null 2>&1
T1 central set postgres "$PG user=town01" --reason 县中心 > /dev/null 2>&1
C unit add 某某镇人民政府 --division 231100 --level township --parent 某某县公共信用信息中心 > /dev/null
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
"$CD" --db "$tmp/town.db" sync > /dev/null 2>&1
echo 'super-pass-1' > "$tmp/super.pw"
T1 user add tsup --name 镇审核员 --role supervisor --unit 某某镇人民政府 \
	--new-password-file "$tmp/super.pw" > /dev/null
S() { "$CD" --db "$tmp/town.db" --user tsup --password-file "$tmp/super.pw" "$@"; }

# -- offline: the store is down; the township works on -------------------
stop_pg
S record add --id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-3 \
	--matter 销售不合格口罩 --reporting-unit 某某镇市场监管所 \
	--doc-number 镇罚〔2026〕1号 --doc-date 2026-01-15 > /dev/null
rec=$(sqlite3 "$tmp/town.db" "SELECT id FROM credit_record")
waiting=$(sqlite3 "$tmp/town.db" "SELECT max(seq) - (SELECT value FROM meta WHERE key = 'sync.acked_seq') FROM sync_op")
check "records entered offline wait to go up" test "$waiting" -gt 0
db="$tmp/town.db"
mkdir -p "$XDG_CONFIG_HOME/creditdesk"
printf '[central]\ncheck = 1\n' > "$XDG_CONFIG_HOME/creditdesk/creditdesk.ini"
start
login tsup super-pass-1
see "home: the store is down: offline" "Central store: offline"
see "home: what waits is counted" "$waiting changes wait"

# -- the store comes up: no key is pressed -------------------------------
restart_pg
see "home: the store is back: online, no key pressed" "Central store: online" 15
see "home: everything went up on its own" "0 changes wait to be sent" 15
check "the store has the record entered offline" \
	test "$(psql_as postgres -c "SELECT count(*) FROM cd.row WHERE entity = 'credit_record' AND id = '$rec'")" = 1
check "every op acknowledged here" \
	test "$(sqlite3 "$tmp/town.db" "SELECT max(seq) = (SELECT value FROM meta WHERE key = 'sync.acked_seq') FROM sync_op")" = 1

# -- a conflict with the county, resolved on screen ----------------------
# the township's own watcher must not bring the county's change down
# before the township makes its own (it syncs every second): its role
# may not sign in meanwhile
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
psql_as postgres -c "ALTER ROLE town01 NOLOGIN" > /dev/null
# (the township's record: at the county, a supervisor above it corrects it)
C user add csup --name 县审核员 --role supervisor --unit 某某县公共信用信息中心 \
	--new-password-file "$tmp/super.pw" > /dev/null 2>&1
"$CD" --db "$tmp/county.db" --user csup --password-file "$tmp/super.pw" record correct "$rec" \
	--matter 销售不合格口罩四千只 --reason 数量核实 > /dev/null 2>&1
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
S record correct "$rec" --matter 销售不合格口罩五千只 --reason 数量更正 > /dev/null 2>&1
psql_as postgres -c "ALTER ROLE town01 LOGIN" > /dev/null
see "home: the clerk is told the store answered their change" "answered 1 of your changes" 15
keys C-y
see "^Y opens the sync screen with the store's answers" "newest first" 10
see "the sync runs and finishes" "The sync finished." 15
see "the conflict is listed with its reason" "conflict"
wait_for "conflict" > /dev/null
# the conflict is the newest answer: the first row
keys Enter
see "Enter opens the conflict screen" "Open conflicts" 10
see "the field with both values side by side" "销售不合格口罩五千只"
see "the store's value too" "销售不合格口罩四千只"
check "showing the conflict's data was logged first, with the subject" \
	test "$(sqlite3 "$tmp/town.db" "SELECT count(*) FROM query_log WHERE purpose_ref LIKE 'sync conflict %' AND subject_id = (SELECT subject_id FROM credit_record WHERE id = '$rec')")" = 1
keys Enter
see "the supervisor is asked which values stay" "take this office's change?"
text y
see "and why" "Take the office's change: why?"
text 以乡镇核实为准; keys Enter
see "resolved on screen" "the office's change stays"
see "no conflict left" "No open conflicts"
check "the store has it resolved" \
	test "$(psql_as postgres -c "SELECT count(*) FROM cd.conflict WHERE status = 'open'")" = 0
check "the office's value is the record's here" \
	test "$(sqlite3 "$tmp/town.db" "SELECT matter FROM credit_record WHERE id = '$rec'")" = 销售不合格口罩五千只
check "the decision is audited with its reason" \
	test "$(sqlite3 "$tmp/town.db" "SELECT count(*) FROM audit_log WHERE op = 'sync.resolve' AND reason = '以乡镇核实为准'")" = 1
keys Escape
see "back to the sync screen" "newest first"
keys Escape
see "home: the answer was shown" "Today's work"
gone "home: nothing new to tell" "answered 1 of your changes"
keys F10
see "quit" "EXITED 0"
no_sanitizer_report
plan $tap_n
finish
