#!/bin/sh
# tests/import_withdraw.sh: an import taken back whole (issue 15): the
# unit sent the wrong file, or the wrong unit was given for it.  Every
# active record it wrote withdrawn with the reason, audited each and as
# a batch, its drafts discarded; in slices, each whole (a run stopped
# half-way is said, and finished by the same command); a record
# withdrawn before on its own is left as it is (and stays a duplicate);
# the same rows imported again are records again; an unfinished import
# is sent to import --cancel.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 31
init_db
add_clerk zhangwei
cd "$tmp" || exit 1
C() { "$CD" --db "$db" --user zhangwei --password-file "$tmp/clerk.pw" "$@"; }
q() { sqlite3 "$db" "$1"; }
# how import --history names a batch: the shortest start of its id, at
# least 8 characters, that no other batch's id starts with
tag() {
	n=8
	while [ "$(q "SELECT count(*) FROM import_batch WHERE substr(id, 1, $n) = substr('$1', 1, $n)")" -gt 1 ]; do
		n=$((n + 1))
	done
	echo "$1" | cut -c1-$n
}
# 20 rows, the third without its document number: a draft (待补全)
"$top_builddir/bench/gen" --rows 20 --seed 7 | tr -d '\r' | sed '4s/,[^,]*,\([^,]*\)$/,,\1/' > week.csv
C import week.csv > out 2>&1
check "the week's file: 19 records and a draft" \
	test "$(q "SELECT count(*) FROM credit_record WHERE status = 'active'")-$(q "SELECT count(*) FROM draft WHERE status = 'open'")" = 19-1
batch=$(q "SELECT id FROM import_batch")
# one of them withdrawn on its own before (an objection's outcome)
one=$(q "SELECT id FROM credit_record ORDER BY seq LIMIT 1")
C record withdraw "$one" --reason "异议核实：不属实" > /dev/null 2>&1

C import --withdraw week.csv > out 2>&1; rc=$?
check "no reason: the usage, nothing withdrawn" \
	test "$rc-$(q "SELECT count(*) FROM credit_record WHERE status = 'active'")" = 2-18
C import --withdraw week.csv --reason '  ' > out 2>&1; rc=$?
check "a blank reason: refused, saying why one is needed" \
	test "$rc-$(grep -c 'Say why the import' out)-$(q "SELECT count(*) FROM credit_record WHERE status = 'active'")" = 1-1-18
"$CD" --db "$db" --user admin --password-file "$tmp/pw" import --withdraw week.csv --reason x > out 2>&1; rc=$?
check "an administrator does not withdraw records" \
	test "$rc-$(q "SELECT count(*) FROM credit_record WHERE status = 'active'")" = 3-18
C import --withdraw nosuch.csv --reason x > out 2>&1
check "a file never imported: said so" grep -q "No import of nosuch.csv in this office" out
# the clerk corrected the file after importing it: not what was imported,
# and the batch that names that import said
mkdir -p edited && sed '2s/$/ /' week.csv > edited/week.csv
C import --withdraw edited/week.csv --reason x > out 2>&1
check "a file changed since it was imported: said so, with the batch that withdraws that import" \
	sh -c "grep -q 'No import of edited/week.csv as it is now in this office: the file imported under that name (.*, batch $(tag "$batch")) held something else, so it was changed since. To withdraw that import, name its batch (import --withdraw $(tag "$batch")).' out && test $(q "SELECT count(*) FROM credit_record WHERE status = 'active'") = 18"

# one record that cannot be withdrawn: its slice (here all 19) rolls
# back whole, and nothing is said done
last=$(q "SELECT id FROM credit_record ORDER BY seq DESC LIMIT 1")
q "CREATE TRIGGER stop_one BEFORE UPDATE OF status ON credit_record WHEN OLD.id = '$last' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
C import --withdraw week.csv --reason "文件发错了" > out 2>&1
check "one record fails: its slice rolls back, no draft discarded, nothing audited" \
	test "$(grep -c 'disk on fire' out)-$(q "SELECT count(*) FROM credit_record WHERE status = 'active'")-$(q "SELECT count(*) FROM draft WHERE status = 'open'")-$(q "SELECT count(*) FROM audit_log WHERE op = 'import.withdraw'")-$(q "SELECT count(*) FROM import_withdrawn")" = 1-18-1-0-0
q "DROP TRIGGER stop_one"

ops0=$(q "SELECT count(*) FROM sync_op WHERE kind = 'update' AND entity = 'credit_record'")
C import --withdraw "$(tag "$batch")" --reason "文件发错了" > out 2>&1; rc=$?
check "by its batch (as import --history shows it): the 18 still active withdrawn" \
	grep -q "^Withdrew the 18 records of the import of week.csv (batch $(tag "$batch")), the reason kept with each (audited).$" out
check "the one withdrawn before is said and left as it is" \
	test "$(grep -c '^1 of its records was withdrawn or archived before: left as it is.$' out)-$(q "SELECT status_reason FROM credit_record WHERE id = '$one'")" = "1-异议核实：不属实"
check "its draft to complete is discarded with the reason" \
	test "$(grep -c '^1 of its drafts to complete (待补全) discarded.$' out)-$(q "SELECT status || ' ' || status_reason FROM draft")" = "1-discarded 文件发错了"
check "every record withdrawn, none deleted, each with who and why" \
	test "$(q "SELECT count(*) || ' ' || count(DISTINCT r.status_reason) || ' ' || min(r.status_reason) FROM credit_record r JOIN app_user u ON u.id = r.status_by WHERE r.status = 'withdrawn' AND u.login = 'zhangwei'")" = "19 2 异议核实：不属实"
check "each audited as record withdraw does, and the batch once, with the counts" \
	test "$(q "SELECT count(*) FROM audit_log WHERE op = 'record.withdraw' AND reason = '文件发错了'")-$(q "SELECT json_extract(new_values, '\$.records') || ' ' || json_extract(new_values, '\$.drafts') || ' ' || reason FROM audit_log WHERE op = 'import.withdraw' AND entity_id = '$batch'")" = "18-18 1 文件发错了"
check "and each withdrawal goes up with the sync" \
	test "$(q "SELECT count(*) FROM sync_op WHERE kind = 'update' AND entity = 'credit_record'")" = $((ops0 + 18))
C import --history > out 2>&1
check "the history says the import's records were withdrawn, when and by whom" \
	grep -q "^    its records withdrawn .* by zhangwei (import --withdraw)$" out
C import --withdraw week.csv --reason again > out 2>&1; rc=$?
check "again: nothing left to withdraw, said so" \
	test "$rc-$(grep -c 'has no active record to withdraw' out)" = 1-1

# the unit's corrected file: the same rows are records again, but the
# one withdrawn on its own stays a duplicate
C import week.csv > out 2>&1
check "the same rows imported again: records again (the one withdrawn before a duplicate)" \
	grep -q "20 rows; imported 18, duplicate 1, rejected 0" out
check "18 active, 19 withdrawn: nothing lost" \
	test "$(q "SELECT count(*) FROM credit_record WHERE status = 'active'")-$(q "SELECT count(*) FROM credit_record WHERE status = 'withdrawn'")" = 18-19
check "and its draft is kept again, open" test "$(q "SELECT count(*) FROM draft WHERE status = 'open'")" = 1
C import --withdraw week.csv --reason "再次撤回" > out 2>&1
check "a file imported twice: its newest import that wrote records is the one withdrawn" \
	grep -q "^Withdrew the 18 records of the import of week.csv" out

# a withdrawal stopped half-way: the slices before the failing record's
# (the first 50, then as many as the time allows) stay withdrawn, whole; the history says so, and the same command finishes it
"$top_builddir/bench/gen" --rows 300 --seed 9 > many.csv
C import --quiet many.csv > /dev/null 2>&1
mb=$(q "SELECT id FROM import_batch WHERE file_name = 'many.csv'")
last=$(q "SELECT id FROM credit_record WHERE import_batch = '$mb' ORDER BY seq DESC LIMIT 1")
q "CREATE TRIGGER stop_one BEFORE UPDATE OF status ON credit_record WHEN OLD.id = '$last' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
C import --withdraw many.csv --reason "发错了" > out 2>&1; rc=$?
check "stopped by a failing record: it says why" \
	test "$([ $rc -ne 0 ] && echo stopped)-$(grep -c 'disk full' out)" = stopped-1
k=$(q "SELECT count(*) FROM credit_record WHERE import_batch = '$mb' AND status = 'withdrawn'")
check "the slices before it stay withdrawn (at least the first 50, not the last), each whole with its audit entry" \
	test "$k" -ge 50 -a "$k" -lt 300 -a "$(q "SELECT count(*) FROM import_withdrawn WHERE batch = '$mb'")-$(q "SELECT count(*) FROM audit_log WHERE op = 'record.withdraw' AND reason = '发错了'")" = "$k-$k"
C import --history > out 2>&1
check "the history says the withdrawal stopped half-way, and how to finish it" \
	grep -q "^    its withdrawal was stopped half-way: import --withdraw $(tag "$mb") --reason TEXT finishes it$" out
q "DROP TRIGGER stop_one"
C import --withdraw many.csv --reason "发错了" > out 2>&1
check "run again: the rest withdrawn, the earlier run's said" \
	test "$(grep -cE "^Withdrew (the )?$((300 - k)) records? of the import of many.csv" out)-$(grep -c "^$k of its records were withdrawn by an earlier run that was stopped.$" out)" = 1-1
check "the batch's audit entry counts all 300, and none is active" \
	test "$(q "SELECT json_extract(new_values, '\$.records') FROM audit_log WHERE op = 'import.withdraw' AND entity_id = '$mb'")-$(q "SELECT count(*) FROM credit_record WHERE import_batch = '$mb' AND status = 'active'")" = 300-0

# stopped after its last record, before its end (the drafts, the
# batch's entry): said, and finished by the same command
C import --quiet many.csv > /dev/null 2>&1
mb2=$(q "SELECT b.id FROM import_batch b WHERE b.file_name = 'many.csv' AND b.id <> '$mb'")
q "CREATE TRIGGER stop_end BEFORE INSERT ON audit_log WHEN NEW.op = 'import.withdraw' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
C import --withdraw many.csv --reason "又发错了" > out 2>&1; rc=$?
q "DROP TRIGGER stop_end"
C import --history > hist 2>&1
check "every record withdrawn, the end not written: the history says it is not finished" \
	test "$([ $rc -ne 0 ] && echo stopped)-$(q "SELECT count(*) FROM credit_record WHERE import_batch = '$mb2' AND status = 'active'")-$(grep -c "^    its withdrawal was stopped half-way: import --withdraw $(tag "$mb2")" hist)" = stopped-0-1
C import --withdraw many.csv --reason "又发错了" > out 2>&1
check "the same command finishes it, saying so" \
	grep -q "^The withdrawal of the import of many.csv (batch $(tag "$mb2")) is finished: its 300 records were withdrawn by an earlier run that was stopped.$" out
check "and the batch's entry written once, counting them" \
	test "$(q "SELECT count(*) || ' ' || json_extract(new_values, '\$.records') FROM audit_log WHERE op = 'import.withdraw' AND entity_id = '$mb2'")" = "1 300"

# stopped by the clerk between slices (Ctrl-C; Esc on the screen): what
# is withdrawn stays so, said with the count, and the same command
# finishes it (the hook stops it as Ctrl-C would, after the first slice)
C import --quiet many.csv > /dev/null 2>&1
mb3=$(q "SELECT id FROM import_batch WHERE file_name = 'many.csv' AND id NOT IN ('$mb', '$mb2')")
CREDITDESK_TEST_STOP_WITHDRAW_AFTER=1 C import --withdraw many.csv --reason "停一下" > out 2>&1; rc=$?
k3=$(q "SELECT count(*) FROM credit_record WHERE import_batch = '$mb3' AND status = 'withdrawn'")
check "stopped between slices: says how many of how many, that they stay, and how to finish" \
	test "$([ $rc -ne 0 ] && echo stopped)-$(grep -c "The withdrawal of the import of many.csv was stopped after $k3 of its 300 records: they stay withdrawn. Withdrawing it again (import --withdraw $(tag "$mb3") --reason TEXT; F8 on the import screen) finishes it." out)" = stopped-1
check "a whole slice withdrawn, not the rest, the batch's end not written" \
	test "$k3" -ge 50 -a "$k3" -lt 300 -a "$(q "SELECT count(*) FROM audit_log WHERE op = 'import.withdraw' AND entity_id = '$mb3'")" = 0
C import --withdraw many.csv --reason "停一下" > out 2>&1
check "the same command finishes it" \
	test "$(q "SELECT count(*) FROM credit_record WHERE import_batch = '$mb3' AND status = 'active'")-$(q "SELECT json_extract(new_values, '\$.records') FROM audit_log WHERE op = 'import.withdraw' AND entity_id = '$mb3'")" = 0-300

# an import killed half-way is not published: import --cancel is its way
"$top_builddir/bench/gen" --rows 3000 --seed 8 > big.csv
CREDITDESK_TEST_CRASH_AFTER_ROWS=10 C import --quiet big.csv > /dev/null 2>&1
C import --withdraw big.csv --reason x > out 2>&1
check "an unfinished import: refused, pointing to import --cancel" \
	grep -q "The import of big.csv has not finished: nothing of it is shown. Give it up with import --cancel instead." out
finish
