# tests/lib.sh: TAP helpers for the shell tests (sourced).
# Pins the environment so that output is the same on every machine.
set -u
: "${top_builddir:=$(pwd)}"
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
tmp=$(mktemp -d /tmp/cdsh.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
export TZ=UTC LC_ALL=C.UTF-8 LANGUAGE= TERM=dumb
# The program runs under libfaketime (Debian's faketime), its clock set
# to 2026-11-23 10:00 in Beijing (02:00 UTC) when the test starts and
# running on from there, so that every run of a test sees the same days.
# The offset is taken from the real clock even when the whole suite runs
# under a shifted one (CI does so once, a year ahead and a year back).
# The program itself honours no clock override.
CD_TEST_EPOCH=1795399200
FAKELIB=$(ls /usr/lib/*/faketime/libfaketime.so.1 2> /dev/null | head -n 1)
if [ -z "$FAKELIB" ]; then
	echo "Bail out! libfaketime is not installed (apt-get install faketime)"
	exit 1
fi
real_now=$(env -u LD_PRELOAD -u FAKETIME date +%s)
off=$((CD_TEST_EPOCH - real_now))
[ "$off" -ge 0 ] && off="+$off"
# on_test_clock CMD...: any program of the build on that clock (a test
# helper linked with the core), as the wrapper below runs creditdesk.
on_test_clock() {
	LD_PRELOAD="$FAKELIB" FAKETIME="$off" FAKETIME_DONT_FAKE_MONOTONIC=1 \
		ASAN_OPTIONS="verify_asan_link_order=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" "$@"
}
CD="$tmp/creditdesk"
{
	echo '#!/bin/sh'
	echo '# the program under test, on the test clock'
	echo "LD_PRELOAD='$FAKELIB' FAKETIME='$off' FAKETIME_DONT_FAKE_MONOTONIC=1 \\"
	echo 'ASAN_OPTIONS="verify_asan_link_order=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \'
	echo "exec '$top_builddir/creditdesk' \"\$@\""
} > "$CD"
chmod +x "$CD"
# $CDL: the same program eight days later, 2026-12-01 (a Tuesday): past
# the 5 working days a party has to answer a black listing's advance
# notice served on the 23rd (rule 12), for the decisions that wait.
CDL="$tmp/creditdesk-later"
later_off=$((CD_TEST_EPOCH + 8 * 86400 - real_now))
[ "$later_off" -ge 0 ] && later_off="+$later_off"
sed "s|FAKETIME='$off'|FAKETIME='$later_off'|" "$CD" > "$CDL"
chmod +x "$CDL"
mkdir -p "$HOME"
tap_n=0
tap_failed=0
plan() { echo "1..$1"; }
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
not_ok() { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $1"; }
# check DESCRIPTION COMMAND...: ok when the command succeeds.
check() {
	desc=$1; shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
# run ARGS...: append "$ creditdesk ARGS", its output and exit status to
# the transcript $tmp/out, with ids and temporary paths made stable
# (run_cd=$CDL: the commands that follow run eight days later).
run() {
	{
		printf '$ creditdesk'
		for a in "$@"; do printf ' %s' "$a"; done
		printf '\n'
		"${run_cd:-$CD}" "$@" 2>&1 < /dev/null
		status=$?
		[ $status -eq 0 ] || echo "[exit $status]"
	} > "$tmp/one"
	sed -E -e 's/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/<uuid>/g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z/<time>/g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/<time>/g' \
		-e "s#$tmp#<tmp>#g" "$tmp/one" >> "$tmp/out"
	return 0
}
# golden NAME: compare the transcript with tests/golden/NAME.out and start
# a new one.  UPDATE_GOLDEN=1 rewrites the expected file instead.
golden() {
	expected="$top_srcdir/tests/golden/$1.out"
	if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$tmp/out" "$expected"
	fi
	if diff -u "$expected" "$tmp/out" > "$tmp/diff" 2>&1; then
		ok "golden $1"
	else
		not_ok "golden $1"
		sed 's/^/# /' "$tmp/diff"
	fi
	: > "$tmp/out"
}
# The last created id in a command's output.
last_id() { grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}' "$tmp/one" | tail -n 1; }
finish() { [ $tap_failed -eq 0 ]; }
# The records and subjects the office sees in database $1 (those of an
# import not yet published are out of sight: migration 0011), as R/S.
shown() {
	sqlite3 "$1" "SELECT (SELECT count(*) FROM credit_record r WHERE NOT EXISTS
		(SELECT 1 FROM import_pending ip WHERE ip.batch = r.import_batch)) || '/' ||
		(SELECT count(*) FROM subject s WHERE NOT EXISTS (SELECT 1 FROM import_subject t
		JOIN import_pending ip ON ip.batch = t.batch WHERE t.seq = s.seq))"
}
# add_clerk LOGIN: a clerk 张伟 of the city centre in $db (made by
# init_db), whose password is in $tmp/clerk.pw.
add_clerk() {
	echo 'clerk-pass-12' > "$tmp/clerk.pw"
	"$CD" --db "$db" --user admin --password-file "$tmp/pw" user add "$1" --name 张伟 \
		--role clerk --unit 黑河市公共信用信息中心 --new-password-file "$tmp/clerk.pw" > /dev/null
}
# init_db: a fresh database $db with administrator "admin" whose password
# is in $tmp/pw.
init_db() {
	db="$tmp/cd.db"
	echo 'admin-pass-1' > "$tmp/pw"
	"$CD" --db "$db" --password-file "$tmp/pw" init --admin admin --name 管理员 \
		--unit 黑河市公共信用信息中心 --division 231100 --level city > /dev/null
}

# A throwaway PostgreSQL server for this test (PostgreSQL 15 from Debian:
# sh .ci/deps test).  Sets pgbin, port and PG (a connection string
# prefix); stop_pg stops it.  Returns 1 (and says why) if it cannot.
start_pg() {
	pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	if [ -z "$pgbin" ]; then
		echo "# no PostgreSQL server: install it (sh .ci/deps test)"
		return 1
	fi
	pg="$tmp/pg"
	mkdir -p "$pg"
	port=$((50000 + $$ % 10000))
	asuser=""
	if [ "$(id -u)" -eq 0 ]; then # the server refuses to run as root
		chown postgres "$pg"
		chmod 755 "$tmp"
		asuser="runuser -u postgres --"
	fi
	$asuser "$pgbin/initdb" -D "$pg/data" -A trust -U postgres > "$pg/initdb.log" 2>&1
	# a port another test's server still holds: the next one
	tries=0
	until $asuser "$pgbin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -t 30 \
		-o "-p $port -k $pg -c listen_addresses=127.0.0.1" start > /dev/null 2>&1; do
		tries=$((tries + 1))
		if [ $tries -ge 5 ]; then
			sed 's/^/# /' "$pg/initdb.log" "$pg/server.log"
			return 1
		fi
		port=$((port + 7))
	done
	PG="host=127.0.0.1 port=$port dbname=postgres"
	trap 'stop_pg; rm -rf "$tmp"' EXIT
}
# need_pg: start_pg as the test's first check; the test ends there if it
# cannot (after "1..1" when the plan is not printed yet: need_pg 1).
need_pg() {
	if ! start_pg; then
		[ "${1:-}" = 1 ] && echo "1..1"
		not_ok "a throwaway PostgreSQL server started"
		finish
		exit
	fi
	[ "${1:-}" = 1 ] || ok "a throwaway PostgreSQL server started"
}
# psql_as ROLE ARGS...: psql on that server as ROLE, values only.
psql_as() { role=$1; shift; psql -X -q -t -A -h 127.0.0.1 -p "$port" -U "$role" -d postgres "$@"; }
# office_db FILE ADMIN UNIT LEVEL: a new office's database $tmp/FILE, its
# administrator ADMIN with the password in $tmp/pw.
office_db() {
	"$CD" --db "$tmp/$1" --password-file "$tmp/pw" init --admin "$2" --name 管理员 \
		--unit "$3" --division 231100 --level "$4" > /dev/null
	"$CD" --db "$tmp/$1" --user "$2" --password-file "$tmp/pw" user add "$2-clerk" \
		--name 窗口人员 --role clerk --unit "$3" --new-password-file "$tmp/pw" > /dev/null
}
# as_office FILE ADMIN COMMAND...: a command at the office of database
# FILE (made by office_db): its administrator keeps the office (users,
# units, catalog, settings, the central store), its clerk ADMIN-clerk
# does the credit work (records, imports, queries, cases): README, "Who
# may do what".
as_office() {
	f=$1 u=$2
	shift 2
	case $1 in
	record | import | search | subject | objection | repair | list | case | report | consent) u="$u-clerk" ;;
	esac
	"$CD" --db "$tmp/$f" --user "$u" --password-file "$tmp/pw" "$@"
}
stop_pg() { $asuser "$pgbin/pg_ctl" -D "$pg/data" -m immediate -w stop > /dev/null 2>&1; }
# restart_pg: the stopped server again, on its port.
restart_pg() {
	$asuser "$pgbin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -t 30 \
		-o "-p $port -k $pg -c listen_addresses=127.0.0.1" start > /dev/null 2>&1
}
