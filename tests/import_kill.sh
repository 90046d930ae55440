#!/bin/sh
# tests/import_kill.sh: an import that crashes or is killed leaves the
# database exactly as it was, and the next import completes.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 12
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

# kill_mid_write FILE WATCH: start an import of FILE, wait until WATCH
# (the WAL, or the database file itself in a bulk import) has grown by
# 4 MB, kill -9 it; sets $grown to the growth seen.
kill_mid_write() {
	base=$(stat -c %s "$2" 2>/dev/null || echo 0)
	"$CD" --db "$db" --user admin --password-file "$tmp/pw" import --quiet "$1" \
		> /dev/null 2>&1 &
	pid=$!
	i=0
	grown=0
	while [ $i -lt 300 ]; do
		grown=$(($(stat -c %s "$2" 2>/dev/null || echo 0) - base))
		[ "$grown" -gt 4000000 ] && break
		sleep 0.1
		i=$((i + 1))
	done
	[ $# -lt 3 ] || "$3"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
}
# another terminal starting while a bulk import holds the database
open_meanwhile() {
	"$CD" --db "$db" --user admin --password-file "$tmp/pw" user list \
		> "$tmp/meanwhile" 2>&1
}

# 2. kill -9 from outside while the rows are being written.  A file this
# large is written with a rollback journal when nothing else has the
# database open (db_bulk_begin): the rows go straight into the file.
"$top_builddir/bench/gen" --rows 500000 --seed 6 > "$tmp/b.csv"
kill_mid_write "$tmp/b.csv" "$db" open_meanwhile
check "bulk import killed mid-write (database file grew $grown bytes, no WAL)" \
	test "$grown" -gt 4000000 -a ! -s "$db-wal"
check "it left a hot journal" test -s "$db-journal"
check "a program opened meanwhile was told the database is busy" \
	grep -q "is busy: another program" "$tmp/meanwhile"
check "after kill -9 the database is as before (the journal rolled back)" \
	test "$(state)" = "$before"
check "integrity check passes" test "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok
"$CD" --db "$db" --user admin --password-file "$tmp/pw" user list > /dev/null 2>&1
check "the next open is back in WAL mode" \
	test "$(sqlite3 "$db" 'PRAGMA journal_mode')" = wal

# 2b. the same while another program has the database open: the import
# keeps to the WAL, and a kill leaves the database as before too.
sqlite3 "$db" "SELECT 1" > /dev/null
mkfifo "$tmp/hold"
sqlite3 "$db" < "$tmp/hold" > /dev/null &
holder=$!
exec 3> "$tmp/hold"
echo "SELECT count(*) FROM subject;" >&3
sleep 0.3
kill_mid_write "$tmp/b.csv" "$db-wal"
check "shared import killed mid-write (WAL grew $grown bytes)" test "$grown" -gt 4000000
exec 3>&-
wait $holder 2>/dev/null
check "after kill -9 the database is as before" test "$(state)" = "$before"
check "integrity check passes" test "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok

# 3. the same file imports completely afterwards
"$CD" --db "$db" --user admin --password-file "$tmp/pw" import --quiet "$tmp/a.csv" > "$tmp/sum" 2>&1
check "a later import completes" grep -q "imported 3000" "$tmp/sum"
finish
