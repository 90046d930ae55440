#!/bin/sh
# tests/central_cli.sh: the central store setting and its probe against a
# real PostgreSQL server (a throwaway cluster started here) and a
# directory standing in for a USB stick: online while it answers or is
# there, offline with the reason once it stops or is gone.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 15
init_db
as_admin() { "$CD" --db "$db" --user admin --password-file "$tmp/pw" "$@"; }

# -- setting it: refusals change nothing ---------------------------------
"$CD" --db "$db" central > "$tmp/o" 2>&1
check "nothing set: says so, exit 1" test $? -eq 1
check "nothing set: says who sets it, and how" grep -q 'administrator.*central set' "$tmp/o"
as_admin central set postgres "host=127.0.0.1 password=secret" --reason x > "$tmp/o" 2>&1
check "a password in the connection string is refused" test $? -eq 1
check "the refusal says where the password goes" grep -q pgpass "$tmp/o"
as_admin central set postgres "hots=x" --reason x > "$tmp/o" 2>&1
check "a bad connection string is refused naming the option" grep -q '"hots"' "$tmp/o"
as_admin central set dir /media/usb --reason "" > /dev/null 2>&1
check "no reason: refused" test $? -eq 1
check "nothing was written by the refusals" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM meta WHERE key LIKE 'central.%'")" = 0

# -- a directory (USB stick) ----------------------------------------------
as_admin central set dir "$tmp/stick" --reason "县中心通知" > "$tmp/o" 2>&1
check "a missing stick: set, and offline with the reason" \
	grep -q "is not there" "$tmp/o"
mkdir "$tmp/stick"
"$CD" --db "$db" central > "$tmp/o" 2>&1
check "the stick is there: online, exit 0" test $? -eq 0
check "the change is in the audit log with its reason" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE op = 'central.set' AND reason = '县中心通知'")" = 1

# -- PostgreSQL ------------------------------------------------------------
start_pg
started=$?
check "a throwaway server started" test $started -eq 0
as_admin central set postgres "host=127.0.0.1 port=$port dbname=postgres user=town01" \
	--reason "县中心服务器" > "$tmp/o" 2>&1
check "the server answers: online" grep -q "answers" "$tmp/o"
"$CD" --db "$db" central > /dev/null 2>&1
check "online: exit 0" test $? -eq 0
stop_pg
"$CD" --db "$db" central --timeout 2 > "$tmp/o" 2>&1
check "the server stopped: offline, exit 1" test $? -eq 1
check "offline says why" grep -q "does not answer" "$tmp/o"
finish
