#!/bin/sh
# tests/import_kill.sh: an import blocks no one and is all or nothing as
# the office sees it (issue 15).  It writes its rows in short slices and
# shows them together when the last is written; a crash or kill -9 in
# the middle shows nothing of it, and importing the same file again
# completes it (rows written before count as imported, never twice);
# meanwhile other clerks save, search and import; an unfinished import
# can be cancelled for good.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 55
init_db
add_clerk zhangwei
add_clerk liuyang
A="--db $db --user liuyang --password-file $tmp/clerk.pw"
C="--db $db --user zhangwei --password-file $tmp/clerk.pw"
G="--purpose internal_duty --ref 黑信查〔2026〕12号"
before=$(shown "$db")
# sync ops per record: exactly one insert op each, whatever happened
ops_ok() {
	test "$(sqlite3 "$db" "SELECT count(*) = count(DISTINCT entity_id) AND
		count(*) = (SELECT count(*) FROM credit_record r WHERE NOT EXISTS
		(SELECT 1 FROM import_pending ip WHERE ip.batch = r.import_batch))
		FROM sync_op WHERE entity = 'credit_record' AND kind = 'insert'")" = 1
}
pending() { sqlite3 "$db" "SELECT group_concat(state) FROM import_pending"; }
# a subject is in a block of seqs (migration 0024) exactly when a pending
# batch added it and no one took it over, a record in a range of seqs
# exactly when a pending batch wrote it: what the searches rely on
blocks_ok() {
	test "$(sqlite3 "$db" "SELECT count(*) FROM subject s WHERE
		EXISTS (SELECT 1 FROM import_block b WHERE s.seq BETWEEN b.lo AND b.hi) <>
		EXISTS (SELECT 1 FROM import_subject i JOIN import_pending p
		ON p.batch = i.batch WHERE i.seq = s.seq)")" -eq 0 &&
	test "$(sqlite3 "$db" "SELECT count(*) FROM credit_record r WHERE
		EXISTS (SELECT 1 FROM import_record_range x WHERE r.seq BETWEEN x.lo AND x.hi) <>
		EXISTS (SELECT 1 FROM import_pending p WHERE p.batch = r.import_batch)")" -eq 0
}
# FTS5's own merging of the two search indexes: off ("0/0") while a batch
# stages (the import merges a little in each slice), on ("4/4") when none
# does; segments: how many b-trees the names' index is in (FTS5 keeps the
# segment's id in a page's rowid above bit 37)
automerge() {
	sqlite3 "$db" "SELECT coalesce((SELECT v FROM subject_name_ix_config WHERE k = 'automerge'), 4)
		|| '/' || coalesce((SELECT v FROM record_matter_ix_config WHERE k = 'automerge'), 4)"
}
segments() {
	sqlite3 "$db" "SELECT count(DISTINCT rowid >> 37) FROM subject_name_ix_data WHERE rowid > 10"
}
imported() { sed -n 's/.*imported \([0-9]*\), duplicate \([0-9]*\).*/\1 \2/p' "$1"; }
# the rows written by imports still staging; wait_staged N: until there
# are N (30 s at most)
staged() {
	sqlite3 "$db" "SELECT count(*) FROM credit_record r JOIN import_pending p
		ON p.batch = r.import_batch AND p.state = 'staging'" 2>/dev/null || echo 0
}
wait_staged() {
	i=0
	while [ $i -lt 300 ] && [ "$(staged)" -lt "$1" ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# 1. abort() in the middle of the rows (the test hook)
"$top_builddir/bench/gen" --rows 3000 --seed 5 > "$tmp/a.csv"
name=$(sed -n '2000p' "$tmp/a.csv" | cut -d, -f3)
CREDITDESK_TEST_CRASH_AFTER_ROWS=1500 "$CD" $A import --quiet "$tmp/a.csv" > /dev/null 2>&1
check "the import crashed (SIGABRT)" test $? -ge 128
check "after the crash the office sees what it saw before" test "$(shown "$db")" = "$before"
check "the batch is left unfinished (staging)" test "$(pending)" = staging
"$CD" $A import --history > "$tmp/hist" 2>&1
check "the history says it is not finished and how to finish it" \
	grep -q "NOT FINISHED.*import the same file again" "$tmp/hist"
"$CD" $A import --quiet "$tmp/a.csv" > "$tmp/sum" 2>&1
check "the same file again completes it: 3000 imported, none a duplicate" \
	test "$(imported "$tmp/sum")" = "3000 0"
check "nothing is pending any more" test -z "$(pending)"
check "every row once, with one op for the sync each" ops_ok
check "the records are shown" test "$(shown "$db" | cut -d/ -f1)" -eq 3000
"$CD" $C search "$name" $G > "$tmp/found" 2>&1
check "and found" grep -q "$name" "$tmp/found"
check "every subject of the batch has its pinyin keys, those of the crashed run's rows too" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM subject s WHERE NOT EXISTS
		(SELECT 1 FROM subject_pinyin k WHERE k.seq = s.seq)")" -eq 0
check "and its name's key" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM subject s WHERE NOT EXISTS
		(SELECT 1 FROM subject_name_key k WHERE k.seq = s.seq AND k.name = s.name)")" -eq 0
"$CD" $A import --quiet "$tmp/a.csv" > "$tmp/sum" 2>&1
check "a third run finds them all on file" test "$(imported "$tmp/sum")" = "0 3000"

# 1b. killed while publishing (after the first slice of the sync's ops):
# still nothing shown; the sync holds its ops back and says why; the
# same file again finishes publishing without reading the rows again
"$top_builddir/bench/gen" --rows 3000 --seed 12 > "$tmp/p.csv"
before=$(shown "$db")
CREDITDESK_TEST_CRASH_PUBLISHING=1 "$CD" $A import --quiet "$tmp/p.csv" > /dev/null 2>&1
check "killed while publishing" test "$(pending)" = publishing
check "nothing of it is shown" test "$(shown "$db")" = "$before"
"$CD" $A sync status > "$tmp/sync" 2>&1
check "the sync status says what waits for the import" grep -q "wait until the import of p.csv" "$tmp/sync"
"$CD" $A import --quiet "$tmp/p.csv" > "$tmp/sum" 2>&1
check "the same file again finishes it: the whole file's summary" \
	test "$(imported "$tmp/sum")" = "3000 0"
check "shown" test "$(shown "$db" | cut -d/ -f1)" -eq $(($(echo "$before" | cut -d/ -f1) + 3000))
check "every row once, one op each" ops_ok
check "nothing is pending" test -z "$(pending)"

# 2. kill -9 from outside while rows are being written
"$top_builddir/bench/gen" --rows 40000 --seed 6 > "$tmp/b.csv"
before=$(shown "$db")
"$CD" $A import --quiet "$tmp/b.csv" > /dev/null 2>&1 &
pid=$!
wait_staged 5001
n=$(staged)
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
check "killed with $n rows written" test "${n:-0}" -gt 5000
check "after kill -9 the office sees what it saw before" test "$(shown "$db")" = "$before"
check "integrity check passes" test "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok
check "its subjects, and only they, are in its block of seqs" blocks_ok
check "FTS5 merges nothing by itself while the batch stages" test "$(automerge)" = 0/0
"$CD" $A import --quiet "$tmp/b.csv" > "$tmp/sum" 2>&1
set -- $(imported "$tmp/sum")
check "the same file again completes it ($1 imported, $2 duplicates)" \
	test "$(($1 + $2))" -gt 39000 -a "$(shown "$db" | cut -d/ -f1)" -eq \
	$(($(echo "$before" | cut -d/ -f1) + $1))
check "every row once, one op each" ops_ok
check "and merges again once it is written" test "$(automerge)" = 4/4
n=$(segments)
check "the import merged its slices' segments as it went ($n left)" test "$n" -le 12

# 3. while an import is under way (stopped after 1000 rows by the test
# hook), the others work and see nothing of it
"$top_builddir/bench/gen" --rows 2000 --seed 7 > "$tmp/c.csv"
"$top_builddir/bench/gen" --rows 500 --seed 8 > "$tmp/d.csv"
name=$(sed -n '20p' "$tmp/c.csv" | cut -d, -f3)
before=$(shown "$db")
CREDITDESK_TEST_PAUSE_AFTER_ROWS="1000:$tmp/go" "$CD" $A import --quiet "$tmp/c.csv" \
	> "$tmp/sum_c" 2>&1 &
pid=$!
wait_staged 1000
check "the import has written 1000 rows and waits" test "$(staged)" -eq 1000
check "none of them is shown" test "$(shown "$db")" = "$before"
"$CD" $C search "$name" $G > "$tmp/found" 2>&1
check "a search does not find its subjects" grep -q "No subject matches" "$tmp/found"
"$CD" $C record add --id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-3 \
	--matter 销售不合格口罩 --reporting-unit 北京市东城区市场监督管理局 \
	--doc-number 京东市监罚〔2026〕15号 --doc-date 2026-01-15 > "$tmp/add" 2>&1
check "another clerk saves a record meanwhile" test $? -eq 0
"$CD" $A import --quiet "$tmp/d.csv" > "$tmp/sum_d" 2>&1
check "another import runs to the end meanwhile" test "$(imported "$tmp/sum_d" | cut -d' ' -f1)" -gt 0
check "and leaves FTS5's merging off: the first still stages" test "$(automerge)" = 0/0
check "its subjects are shown, the waiting one's not (blocks of seqs)" blocks_ok
"$CD" $A import --quiet "$tmp/c.csv" > "$tmp/again" 2>&1
check "the same file cannot be imported twice at once" grep -q "being imported right now" "$tmp/again"
"$CD" $A import --cancel "$tmp/c.csv" > "$tmp/cancel" 2>&1
check "nor cancelled while it runs" grep -q "being imported right now" "$tmp/cancel"
"$CD" $A import --history > "$tmp/hist" 2>&1
check "the history says it is being imported now, not that it is unfinished" \
	sh -c "grep -q 'c.csv (UTF-8): being imported now' '$tmp/hist' && ! grep -q 'c.csv.*NOT FINISHED' '$tmp/hist'"
touch "$tmp/go"
wait $pid
check "the first import then ends" test "$(imported "$tmp/sum_c" | cut -d' ' -f1)" -gt 1900
"$CD" $C search "$name" $G > "$tmp/found" 2>&1
check "and its subjects are found" grep -q "$name" "$tmp/found"
check "every row once, one op each" ops_ok
check "nothing is pending" test -z "$(pending)"
check "FTS5 merges again: no batch stages" test "$(automerge)" = 4/4

# 4. a subject added by an unfinished import and named meanwhile by a
# clerk is taken over: shown, and sent up once
"$top_builddir/bench/gen" --rows 200 --seed 11 > "$tmp/e.csv"
# (rows are written in the order of their identifiers: the first one)
line=$(tail -n +2 "$tmp/e.csv" | LC_ALL=C sort -t, -k4,4 | head -n 1)
id=$(echo "$line" | cut -d, -f4)
who=$(echo "$line" | cut -d, -f3)
CREDITDESK_TEST_PAUSE_AFTER_ROWS="100:$tmp/never" "$CD" $A import --quiet "$tmp/e.csv" \
	> /dev/null 2>&1 &
pid=$!
# killed once its first rows are written (an earlier slice may hold
# only the batch's own row: wait for the rows, not for the batch)
wait_staged 90
kill -9 $pid
wait $pid 2>/dev/null
sqlite3 "$db" "SELECT count(*) FROM subject WHERE id_number = '$id'" > "$tmp/n"
check "the killed import wrote the subject $who" test "$(cat "$tmp/n")" -eq 1
"$CD" $C record add --id "$id" --name "$who" --item XZCF-3 --matter 销售不合格口罩 \
	--reporting-unit 北京市东城区市场监督管理局 --doc-number 京东市监罚〔2026〕99号 \
	--doc-date 2026-01-15 > "$tmp/add" 2>&1
check "a clerk records against it" test $? -eq 0
"$CD" $C search "$id" $G > "$tmp/found" 2>&1
check "it is shown now" grep -q "$who" "$tmp/found"
check "out of the killed import's block of seqs" blocks_ok
check "its op went up once" test "$(sqlite3 "$db" "SELECT count(*) FROM sync_op o JOIN subject s
	ON s.id = o.entity_id WHERE s.id_number = '$id' AND o.kind = 'insert'")" -eq 1

# 5. cancelled: never shown; the file imported again starts afresh
before=$(shown "$db")
"$CD" $A import --cancel "$tmp/e.csv" > "$tmp/cancel" 2>&1
check "the unfinished import is cancelled" grep -q "cancelled" "$tmp/cancel"
check "the cancel is audited" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE op = 'import.cancel'")" -eq 1
check "nothing of it is shown" test "$(shown "$db")" = "$before"
check "FTS5 merges again: the killed import's batch stages no more" test "$(automerge)" = 4/4
"$CD" $A import --quiet "$tmp/e.csv" > "$tmp/sum" 2>&1
set -- $(imported "$tmp/sum")
check "imported again, its rows are new, not duplicates of the cancelled ($1, $2)" \
	test "$1" -ge 199 -a "$2" -le 1
check "every row once, one op each" ops_ok
check "subjects go up once each" test "$(sqlite3 "$db" "SELECT count(*) = count(DISTINCT entity_id)
	FROM sync_op WHERE entity = 'subject' AND kind = 'insert'")" = 1
finish
