#!/bin/sh
# bench/sync_bench.sh [OPS]: the sync of a 30-day offline backlog against
# PostgreSQL on loopback (a throwaway server started here), side by side
# with PostgreSQL's own COPY of the same rows.
#
# A township imports generated records until its op log holds about OPS
# ops (default 100000: two per row, the subject and the record, and the
# import batch), offline.  Then
#   push    creditdesk sync at the township: every op sent, applied at the
#           store, answered, the answers recorded (and its own rows' feed
#           brought down after, which this includes)
#   pull    creditdesk sync at a fresh office of the county: every change
#           brought down and applied (subjects, records, search indexes)
#   copy    COPY of the same rows into tables LIKE the store's (its op
#           log and its rows, indexes included) from files written by COPY
#           TO beforehand: what PostgreSQL itself takes to take them in
#   save    during the push and the pull, another clerk's save (one write
#           transaction every 20 ms, bench/save_probe): p99 and longest
# REPEAT=N runs the pull and its COPY N times from the same start and
# takes the best of each.  HOLD=push:FILE (or pull:FILE) stops before
# the push (after the pull) until FILE is removed, to look with perf or
# psql; KEEP=DIR keeps the township's database before its push.
# Needs a build in _build/main (sh .ci/build _build/main) and PostgreSQL 15.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/_build/main}
ops=${1:-100000}
top_builddir=$build top_srcdir=$top . "$top/tests/lib.sh"
set +u
start_pg || exit 1
set -u
out=$tmp
now() { date +%s.%N; }
echo 'admin-bench-1' > "$tmp/pw"
# the store's own time in its functions, to tell where a sync's time goes
psql_as postgres -c "ALTER SYSTEM SET track_functions = 'all'" -c "SELECT pg_reload_conf()" > /dev/null
"$CD" central init "$PG user=postgres" > /dev/null
"$CD" central office add county 某某县公共信用信息中心 --conninfo "$PG user=postgres" > /dev/null
"$CD" central office add town01 某某镇人民政府 --conninfo "$PG user=postgres" > /dev/null
"$CD" central office add county2 某某县公共信用信息中心 --conninfo "$PG user=postgres" > /dev/null
office_db county.db admin 某某县公共信用信息中心 county
office_db town.db tadmin 某某镇人民政府 township
office_db county2.db admin2 某某县公共信用信息中心 county
C() { "$CD" --db "$tmp/$1" --user "$2" --password-file "$tmp/pw" $3 "$4" "$PG user=$5" --reason bench > /dev/null; }
C county.db admin "central set" postgres county
C town.db tadmin "central set" postgres town01
C county2.db admin2 "central set" postgres county2
"$CD" --db "$tmp/county.db" --user admin --password-file "$tmp/pw" unit add 某某镇人民政府 \
	--division 231100 --level township --parent 某某县公共信用信息中心 > /dev/null
"$CD" --db "$tmp/county.db" sync > /dev/null
"$CD" --db "$tmp/town.db" sync > /dev/null
"$CD" --db "$tmp/county2.db" sync > /dev/null # its own units, before the backlog
rows=$((ops / 2))
"$build/bench/gen" --rows "$rows" --seed 1 > "$tmp/backlog.csv"
"$CD" --db "$tmp/town.db" --user tadmin-clerk --password-file "$tmp/pw" import "$tmp/backlog.csv" > "$tmp/import.out" 2>&1 || { cat "$tmp/import.out"; exit 1; }
backlog=$(sqlite3 "$tmp/town.db" "SELECT max(seq) - (SELECT value FROM meta WHERE key = 'sync.acked_seq') FROM sync_op")

probe() { # probe DB: another clerk saving during the sync that follows
	rm -f "$tmp/stop"
	on_test_clock "$build/bench/save_probe" "$tmp/$1" "$tmp/stop" > "$tmp/probe.$1" &
	probe_pid=$!
}
probe_end() { touch "$tmp/stop"; wait "$probe_pid" || true; probe_pid=; }
probe_pid=
trap '[ -n "$probe_pid" ] && kill "$probe_pid"; stop_pg; rm -rf "$tmp"' EXIT

[ -n "${KEEP:-}" ] && { cp "$tmp/town.db" "$KEEP/town.db"; echo "$PG" > "$KEEP/pg"; }
hold() { # wait at $1 if HOLD says so
	case ${HOLD:-} in "$1":*) ;; *) return 0 ;; esac
	f=${HOLD#*:}
	echo "held $1: PG=\"$PG\" tmp=$tmp pgbin=$pgbin; rm $f to go on" >&2
	touch "$f"
	while [ -e "$f" ]; do sleep 1; done
}
hold push
psql_as postgres -c "SELECT pg_stat_reset()" > /dev/null
probe town.db
t0=$(now)
"$CD" --db "$tmp/town.db" sync > "$tmp/push.out" 2>&1 || { cat "$tmp/push.out"; exit 1; }
t1=$(now)
probe_end town.db
push_save=$(cat "$tmp/probe.town.db")
push_store=$(psql_as postgres -c "SELECT round((sum(total_time) / 1000)::numeric, 2) FROM pg_stat_user_functions WHERE funcname IN ('push_as')")
# the pull from the same start REPEAT times (default 1): the best run
# counts, as for COPY below (a loaded 2-core machine varies ~20%)
cp "$tmp/county2.db" "$tmp/county2.start"
repeat=${REPEAT:-1}
best_pull=
i=0
while [ "$i" -lt "$repeat" ]; do
	i=$((i + 1))
	cp "$tmp/county2.start" "$tmp/county2.db"
	rm -f "$tmp/county2.db-wal" "$tmp/county2.db-shm"
	psql_as postgres -c "SELECT pg_stat_reset()" > /dev/null
	probe county2.db
	t2=$(now)
	"$CD" --db "$tmp/county2.db" sync --quiet > "$tmp/pull.out" 2>&1 || { cat "$tmp/pull.out"; exit 1; }
	t3=$(now)
	probe_end county2.db
	took=$(awk -v a="$t2" -v b="$t3" 'BEGIN { printf "%.3f", b - a }')
	[ "$repeat" -gt 1 ] && echo "pull run $i: $took s" >&2
	if [ -z "$best_pull" ] || awk -v a="$took" -v b="$best_pull" 'BEGIN { exit !(a < b) }'; then
		best_pull=$took
		pull_save=$(cat "$tmp/probe.county2.db")
		pull_store=$(psql_as postgres -c "SELECT round((sum(total_time) / 1000)::numeric, 2) FROM pg_stat_user_functions WHERE funcname IN ('page_rows', 'pull')")
	fi
done
t2=0 t3=$best_pull
hold pull
pulled=$(sqlite3 "$tmp/county2.db" "SELECT count(*) FROM credit_record")

# the baseline: the store's own op log and rows, COPY'd out and back in
psql_as postgres -q -c "COPY (SELECT * FROM cd.op) TO '$pg/op.copy'" \
	-c "COPY (SELECT * FROM cd.row) TO '$pg/row.copy'" \
	-c "CREATE TABLE public.op_b (LIKE cd.op INCLUDING ALL)" \
	-c "CREATE TABLE public.row_b (LIKE cd.row INCLUDING ALL)" > /dev/null
c0=$(now)
psql_as postgres -q -c "COPY public.op_b FROM '$pg/op.copy'" -c "COPY public.row_b FROM '$pg/row.copy'" > /dev/null
c1=$(now)
best_copy=
i=0
while [ "$i" -lt "$repeat" ]; do
	i=$((i + 1))
	psql_as postgres -q -c "TRUNCATE public.row_b" > /dev/null
	c2=$(now)
	psql_as postgres -q -c "COPY public.row_b FROM '$pg/row.copy'" > /dev/null
	c3=$(now)
	took=$(awk -v a="$c2" -v b="$c3" 'BEGIN { printf "%.3f", b - a }')
	if [ -z "$best_copy" ] || awk -v a="$took" -v b="$best_copy" 'BEGIN { exit !(a < b) }'; then
		best_copy=$took
	fi
done
c2=0 c3=$best_copy
awk -v ops="$backlog" -v pulled="$pulled" -v p0="$t0" -v p1="$t1" -v q0="$t2" -v q1="$t3" \
	-v c0="$c0" -v c1="$c1" -v c2="$c2" -v c3="$c3" -v ps="$push_save" -v qs="$pull_save" -v pst="$push_store" -v qst="$pull_store" 'BEGIN {
	push = p1 - p0; pull = q1 - q0; copyboth = c1 - c0; copyrows = c3 - c2
	printf "ops %d, records brought down %d\n", ops, pulled
	printf "%-6s %8s %8s %7s\n", "", "ours_s", "copy_s", "ratio"
	printf "%-6s %8.2f %8.2f %7.2fx\n", "push", push, copyboth, push / copyboth
	printf "%-6s %8.2f %8.2f %7.2fx\n", "pull", pull, copyrows, pull / copyrows
	printf "store time (its functions): push %s s (cd.push_as), pull %s s (cd.pull)\n", pst, qst
	printf "save during push: %s\nsave during pull: %s\n", ps, qs
}'
