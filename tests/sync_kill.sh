#!/bin/sh
# tests/sync_kill.sh: a sync killed (SIGKILL) at each step, then run
# again: after the store committed and before the office recorded the
# answers; after the office's commit; in the middle of bringing down;
# while a bundle is written; in the middle of a bundle's import at the
# county and of its return at the township.  Nothing is lost or doubled.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 27
echo 'admin-pass-1' > "$tmp/pw"
need_pg
# the step under test, on the test clock, killed at STAGE
STEP() {
	on_test_clock "$top_builddir/tests/sync_step" "$@" > "$tmp/step" 2>&1
	rc=$?
	sed 's/^/# /' "$tmp/step" >&2
	echo $rc
}
killed() { test "$1" -eq 137; } # 128 + SIGKILL

"$CD" central init "$PG user=postgres" > "$tmp/o" 2>&1
store_key=$(sed -n 's/.*: \([A-Za-z0-9+/]\{43\}=\)$/\1/p' "$tmp/o")
office_db county.db admin 某某县公共信用信息中心 county
office_db town.db tadmin 某某镇人民政府 township
office_db usb.db uadmin 另一镇人民政府 township
C() { as_office county.db admin "$@"; }
T() { as_office town.db tadmin "$@"; }
U() { as_office usb.db uadmin "$@"; }
"$CD" central office add county 某某县公共信用信息中心 --courier --conninfo "$PG user=postgres" > /dev/null 2>&1
"$CD" central office add town01 某某镇人民政府 --conninfo "$PG user=postgres" > /dev/null 2>&1
C central set postgres "$PG user=county" --reason 县中心 > /dev/null 2>&1
T central set postgres "$PG user=town01" --reason 县中心 > /dev/null 2>&1
C unit add 某某镇人民政府 --division 231100 --level township --parent 某某县公共信用信息中心 > /dev/null
C unit add 另一镇人民政府 --division 231100 --level township --parent 某某县公共信用信息中心 > /dev/null
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
n_added=0
add() { # add OFFICE-FUNCTION N: N bad records about one person
	i=0
	while [ $i -lt "$2" ]; do
		i=$((i + 1))
		n_added=$((n_added + 1))
		"$1" record add --id 11010519491231002X --name 张伟 --item XZCF-3 \
			--matter "无证经营第${n_added}次" --reporting-unit 市场监管所 \
			--doc-number "罚〔2026〕${n_added}号" --doc-date 2026-01-15 > /dev/null
	done
}
node_of() { sqlite3 "$tmp/$1" "SELECT value FROM meta WHERE key = 'node_id'"; }
# whole DB ROLE: every op of the office is at the store once, answered
# here once, and the store holds the office's records as it does
whole() {
	n=$(node_of "$1")
	ops=$(sqlite3 "$tmp/$1" "SELECT max(seq) FROM sync_op")
	[ "$(psql_as postgres -c "SELECT count(*) FROM cd.op WHERE node = '$n'")" = "$ops" ] &&
	[ "$(sqlite3 "$tmp/$1" "SELECT count(*) FROM sync_ack")" = "$ops" ] &&
	[ "$(sqlite3 "$tmp/$1" "SELECT count(*) FROM sync_op o WHERE NOT EXISTS (SELECT 1 FROM sync_ack a WHERE a.seq = o.seq)")" = 0 ] &&
	[ "$(sqlite3 "$tmp/$1" "SELECT group_concat(id) FROM (SELECT id FROM credit_record WHERE unit_id = (SELECT id FROM unit WHERE name = '$2') ORDER BY id)")" = \
	  "$(psql_as postgres -c "SELECT string_agg(id, ',' ORDER BY id) FROM cd.row WHERE entity = 'credit_record' AND data->>'unit_id' = (SELECT id FROM cd.row WHERE entity = 'unit' AND data->>'name' = '$2')")" ]
}

# -- over the network ---------------------------------------------------------
add T 3
check "killed after the store committed, before the answers were recorded" killed "$(STEP "$tmp/town.db" answered)"
check "the store has the ops" test "$(psql_as postgres -c "SELECT count(*) FROM cd.op WHERE node = '$(node_of town.db)'")" -gt 0
check "the office recorded no answer" test "$(sqlite3 "$tmp/town.db" "SELECT count(*) FROM sync_ack")" = 0
"$CD" --db "$tmp/town.db" sync > "$tmp/o" 2>&1
check "the next sync finishes" test $? -eq 0
check "the store answers them as already there" grep -Eq "already there" "$tmp/o"
check "nothing lost or doubled" whole town.db 某某镇人民政府

add T 2
check "killed after the office recorded the answers" killed "$(STEP "$tmp/town.db" push)"
"$CD" --db "$tmp/town.db" sync > /dev/null 2>&1
check "the next sync finishes" test $? -eq 0
check "nothing lost or doubled" whole town.db 某某镇人民政府

add C 3
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
pulled=$(sqlite3 "$tmp/town.db" "SELECT value FROM meta WHERE key = 'sync.pulled'")
check "killed after the first page came down" killed "$(STEP "$tmp/town.db" pull)"
check "the page and its position were kept together" \
	test "$(sqlite3 "$tmp/town.db" "SELECT value FROM meta WHERE key = 'sync.pulled'")" -gt "$pulled"
# FTS5's own merging of the search indexes, off while pages come down
# (the pull merges a little in each slice) and on again in the last
# page's last transaction: "0/0" off, "4/4" on
automerge() {
	sqlite3 "$tmp/$1" "SELECT coalesce((SELECT v FROM subject_name_ix_config WHERE k = 'automerge'), 4)
		|| '/' || coalesce((SELECT v FROM record_matter_ix_config WHERE k = 'automerge'), 4)"
}
check "killed after its last page: FTS5 merges by itself again" test "$(automerge town.db)" = 4/4
"$CD" --db "$tmp/town.db" sync > /dev/null 2>&1
check "the next sync brings down the rest" \
	test "$(sqlite3 "$tmp/town.db" "SELECT count(*) FROM credit_record")" = 8
check "and FTS5 merges again after the last page" test "$(automerge town.db)" = 4/4

# -- by stick -------------------------------------------------------------------
stick="$tmp/stick"
mkdir -p "$stick"
U central set dir "$stick" --reason U盘 > /dev/null 2>&1
U central trust "$store_key" --reason 县里来函 > /dev/null 2>&1
"$CD" central office add town02 另一镇人民政府 --key "$(U central key | sed -n 's/.*: \([A-Za-z0-9+/]\{43\}=\)$/\1/p')" \
	--conninfo "$PG user=postgres" > /dev/null 2>&1
add U 3
check "killed while the bundle is written" killed "$(STEP "$tmp/usb.db" bundle)"
check "no bundle, only its temporary file" test -z "$(ls "$stick")" -a -n "$(ls -A "$stick")"
"$CD" --db "$tmp/usb.db" sync > /dev/null 2>&1
up=$(ls "$stick"/cd-up-*.cdb)
check "the next sync writes it whole and leaves no temporary file" \
	test -n "$up" -a "$(ls -A "$stick" | wc -l)" = 1
check "killed in the middle of the county's import" killed "$(STEP "$tmp/county.db" push "$up")"
check "no return bundle yet" test -z "$(ls "$stick"/cd-down-* 2> /dev/null)"
C sync import-bundle "$up" > "$tmp/o" 2>&1
check "imported again: already there, the return bundle written" \
	sh -c "grep -q '0 accepted' '$tmp/o' && ls '$stick'/cd-down-*.cdb > /dev/null"
check "killed while the township applies the return" killed "$(STEP "$tmp/usb.db" push)"
check "the return bundle stays until it is applied" test -n "$(ls "$stick"/cd-down-*.cdb 2> /dev/null)"
"$CD" --db "$tmp/usb.db" sync > /dev/null 2>&1
check "the next sync applies it: nothing waits" test $? -eq 0
check "nothing lost or doubled" whole usb.db 另一镇人民政府
check "what the county has came down to the stick office (not the other township's)" \
	test "$(sqlite3 "$tmp/usb.db" "SELECT count(*) FROM credit_record")" = 6
check "the network office still whole" whole town.db 某某镇人民政府
finish
