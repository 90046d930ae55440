#!/bin/sh
# tests/import_kill.sh: an import that crashes or is killed leaves the
# database exactly as it was, and the next import completes.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 6
init_db
# records, subjects, audit entries other than sign-ins (which commit first)
state() {
	sqlite3 "$db" "SELECT (SELECT count(*) FROM credit_record) || '/' ||
		(SELECT count(*) FROM subject) || '/' ||
		(SELECT count(*) FROM audit_log WHERE op NOT LIKE 'user.login%')"
}
before=$(state)

# 1. abort() in the middle of the rows (the test hook)
"$top_builddir/bench/gen" --rows 3000 --seed 5 > "$tmp/a.csv"
CREDITDESK_TEST_CRASH_AFTER_ROWS=1500 "$CD" --db "$db" --user admin \
	--password-file "$tmp/pw" import --quiet "$tmp/a.csv" > /dev/null 2>&1
check "the import crashed (SIGABRT)" test $? -ge 128
check "after the crash the database is as before" test "$(state)" = "$before"

# 2. kill -9 from outside while the rows are being written
"$top_builddir/bench/gen" --rows 300000 --seed 6 > "$tmp/b.csv"
"$CD" --db "$db" --user admin --password-file "$tmp/pw" import --quiet "$tmp/b.csv" \
	> /dev/null 2>&1 &
pid=$!
# wait until the import has written to the WAL, then kill it
i=0
while [ $i -lt 300 ]; do
	size=$(stat -c %s "$db-wal" 2>/dev/null || echo 0)
	[ "$size" -gt 4000000 ] && break
	sleep 0.1
	i=$((i + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
check "the import was killed mid-write (WAL grew to $size bytes)" test "$size" -gt 4000000
check "after kill -9 the database is as before" test "$(state)" = "$before"
check "integrity check passes" test "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok

# 3. the same file imports completely afterwards
"$CD" --db "$db" --user admin --password-file "$tmp/pw" import --quiet "$tmp/a.csv" > "$tmp/sum" 2>&1
check "a later import completes" grep -q "imported 3000" "$tmp/sum"
finish
