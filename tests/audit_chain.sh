#!/bin/sh
# tests/audit_chain.sh: the tamper-evident audit log and the auditor's
# desk (issue 17).  Each kind of edit made with sqlite3 behind the
# program's back (an entry changed, deleted, slipped in, the whole chain
# rewritten, the newest entries cut off, a checkpoint altered) is named by
# `audit verify`, and an administrator who signs in is warned; the
# central store's copies of the checkpoints catch a chain rewritten with
# its local checkpoints removed.  The desk reads the logs by user,
# subject, unit, date and operation, logs its own reading first, masks
# identifiers, exports CSV and xlsx, and is closed to clerks.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 33
base="$tmp/base.db"
"$CD" --db "$base" demo > /dev/null 2>&1
echo demo-auditor-1 > "$tmp/au.pw"
echo demo-admin-1 > "$tmp/ad.pw"
echo demo-clerk-1 > "$tmp/cl.pw"
A() { "$CD" --db "$db" --user shenji --password-file "$tmp/au.pw" "$@"; }
# fresh DB: a copy of the demo database to tamper with
fresh() { db="$tmp/case$1.db"; sqlite3 "$base" ".backup '$db'"; }
# hashes as core/audit.c makes them (audit_hash), for a forger's tools
cat > "$tmp/forge.py" <<'PY'
import hashlib, sqlite3, sys
def field(h, s):
    if s is None:
        h.update(b"N")
    else:
        b = s.encode()
        h.update(b"S" + len(b).to_bytes(8, "big") + b)
def entry_hash(prev, f):
    h = hashlib.sha256()
    field(h, "creditdesk audit 1")
    field(h, prev if prev else None)
    for x in f:
        field(h, x)
    return h.hexdigest()
COLS = "id, node, at, actor, op, entity, entity_id, old_values, new_values, reason"
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
db.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
what = sys.argv[2]
def rehash_from(seq):
    prev = db.execute("SELECT hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT 1", (seq,)).fetchone()
    prev = prev[0] if prev else None
    for row in db.execute("SELECT seq, " + COLS + " FROM audit_log WHERE seq >= ? ORDER BY seq", (seq,)).fetchall():
        h = entry_hash(prev, row[1:])
        db.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, h, row[0]))
        prev = h
if what == "rewrite":      # change entry 100 and make the chain whole again
    db.execute("UPDATE audit_log SET reason = 'nothing happened' WHERE seq = 100")
    rehash_from(100)
elif what == "insert":     # make room after 250 and slip in an entry with a good hash
    for (s,) in db.execute("SELECT seq FROM audit_log WHERE seq > 250 ORDER BY seq DESC").fetchall():
        db.execute("UPDATE audit_log SET seq = seq + 1 WHERE seq = ?", (s,))
    prev, node = db.execute("SELECT hash, node FROM audit_log WHERE seq = 250").fetchone()
    f = ("01a00000-0000-7000-8000-000000000001", node, "2026-11-23T02:00:00.000Z",
         "someone", "record.withdraw", "credit_record", "x", None, None, "quietly")
    db.execute("INSERT INTO audit_log(seq, " + COLS + ", prev_hash, hash) VALUES (251,?,?,?,?,?,?,?,?,?,?,?,?)",
               f + (prev, entry_hash(prev, f)))
db.commit()
PY
verify() { A audit verify > "$tmp/o" 2>&1; echo $? > "$tmp/rc"; }
failed_at() { # failed_at PATTERN: exit 4 and the verdict says PATTERN
	[ "$(cat "$tmp/rc")" = 4 ] && grep -q "NOT VERIFIED" "$tmp/o" && grep -qE "$1" "$tmp/o" ||
		{ sed 's/^/# /' "$tmp/o"; return 1; }
}

# -- an untouched log verifies ------------------------------------------------
fresh 0
check "the demo wrote checkpoints as it went" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM audit_checkpoint")" -ge 10
verify
check "an untouched log verifies (exit 0)" test "$(cat "$tmp/rc")" = 0
check "and says how much was checked" grep -qE "verifies: [0-9]+ entries, [0-9]+ checkpoints" "$tmp/o"
"$CD" --db "$db" --user zhangwei --password-file "$tmp/cl.pw" audit verify > "$tmp/o" 2>&1
check "a clerk may not use the auditor's desk" grep -q "needs the role" "$tmp/o"

# -- each kind of edit --------------------------------------------------------
fresh 1
sqlite3 "$db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET reason = '改过了' WHERE seq = 100"
verify
check "an entry changed: named" failed_at "entry 100 .*changed"
fresh 1b
sqlite3 "$db" "DROP TRIGGER audit_log_no_update;
	UPDATE audit_log SET reason = 'x' WHERE seq = (SELECT max(seq) FROM audit_log)"
"$CD" --db "$db" --user admin --password-file "$tmp/ad.pw" user list > /dev/null 2> "$tmp/e"
check "an administrator signing in is warned of a changed newest entry" \
	grep -q "audit log does not verify" "$tmp/e"
"$CD" --db "$db" --user zhangwei --password-file "$tmp/cl.pw" search 张 --purpose internal_duty \
	--ref 内查2 > /dev/null 2> "$tmp/e"
check "a clerk is not" test ! -s "$tmp/e"

fresh 2
sqlite3 "$db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 200"
verify
check "an entry deleted: the gap is named" failed_at "deleted between entries 199 and 201"

fresh 3
sqlite3 "$db" "INSERT INTO audit_log(id, node, at, actor, op, entity, entity_id)
	VALUES ('x1', (SELECT node FROM audit_log LIMIT 1), '2026-11-23T02:00:00.000Z',
	'someone', 'record.withdraw', 'credit_record', 'x')"
verify
check "an entry put in without a hash: named" failed_at "put in behind .*no hash"

fresh 4
python3 "$tmp/forge.py" "$db" insert
verify
check "an entry slipped in with a good hash: named by the one after it" \
	failed_at "entry 251 was put in behind"

fresh 5
python3 "$tmp/forge.py" "$db" rewrite
verify
check "the chain rewritten from an entry on: the checkpoint catches it" \
	failed_at "rewritten up to entry 128"

fresh 6
sqlite3 "$db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq > 590"
verify
check "the newest entries cut off past a checkpoint: named" failed_at "entry 608 is gone"

fresh 7
sqlite3 "$db" "DROP TRIGGER audit_checkpoint_no_update; UPDATE audit_checkpoint SET n = n - 1 WHERE seq = 320"
verify
check "a checkpoint altered: its signature fails" failed_at "checkpoint of audit entry 320 .*does not verify"

fresh 8
sqlite3 "$db" "DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_checkpoint_no_delete;
	DELETE FROM audit_log WHERE seq > 590; DELETE FROM audit_checkpoint WHERE seq > 590"
verify
check "cut off with its checkpoints too: the office alone cannot tell" \
	test "$(cat "$tmp/rc")" = 0

# -- the desk -----------------------------------------------------------------
fresh 9
q0=$(sqlite3 "$db" "SELECT count(*) FROM query_log")
A audit log --user zhangwei --op record. --limit 5 > "$tmp/o" 2>&1
check "audit log by user and operation prefix" grep -q "record.create" "$tmp/o"
check "only that user's" test "$(grep -c "zhangwei" "$tmp/o")" = 5
check "the auditor's reading is in the query log first" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM query_log")" = $((q0 + 1))
check "as internal duty, saying what was asked" \
	test "$(sqlite3 "$db" "SELECT purpose || ' ' || query FROM query_log ORDER BY seq DESC LIMIT 1")" = \
	"internal_duty audit log user=zhangwei op=record."
idn=$(sqlite3 "$db" "SELECT id_number FROM subject WHERE kind = 'person' LIMIT 1")
"$CD" --db "$db" --user zhangwei --password-file "$tmp/cl.pw" subject show "$idn" \
	--purpose internal_duty --ref 内查1 > /dev/null 2>&1
A audit queries --subject "$idn" > "$tmp/o" 2>&1
check "audit queries by subject finds the clerk's look" grep -q "zhangwei" "$tmp/o"
check "identifiers are masked on the desk" sh -c "! grep -q '$idn' '$tmp/o'"
check "the subject-filtered reading names the subject in the query log" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM query_log q JOIN subject s ON s.id = q.subject_id
		WHERE q.query LIKE 'audit queries%' AND s.id_number = '$idn'")" = 1
A audit volume > "$tmp/o" 2>&1
check "audit volume: who looked how often" grep -qE "^zhangwei +.* [0-9]+ " "$tmp/o"
A audit log --from 2026-11-23 --to 2026-11-23 --unit 黑河市公共信用信息中心 --limit 3 > "$tmp/o" 2>&1
check "by date and unit" test "$(wc -l < "$tmp/o")" -ge 2
A audit log --from 2026-02-30 > "$tmp/o" 2>&1
check "a bad date is refused, saying which" grep -q "first day" "$tmp/o"
(umask 022; A audit log --out "$tmp/log.csv" > "$tmp/o" 2>&1)
check "export as CSV" grep -q "rows written" "$tmp/o"
check "the CSV has its header" grep -q "Operation\|操作" "$tmp/log.csv"
check "and is the owner's only" test "$(stat -c %a "$tmp/log.csv")" = 600
A audit queries --out "$tmp/q.xlsx" > /dev/null 2>&1
check "export as xlsx" sh -c "unzip -l '$tmp/q.xlsx' | grep -q sheet1.xml"
n=$(sqlite3 "$db" "SELECT count(*) FROM credit_record")
check "the auditor changed no record" test "$n" = "$(sqlite3 "$base" "SELECT count(*) FROM credit_record")"

# -- the central store's copies ----------------------------------------------
need_pg
"$CD" central init "$PG user=postgres" > /dev/null 2>&1
"$CD" central office add town01 黑河市公共信用信息中心 --conninfo "$PG user=postgres" > /dev/null 2>&1
fresh 10
"$CD" --db "$db" --user admin --password-file "$tmp/ad.pw" central set postgres \
	"$PG user=town01" --reason 县中心 > /dev/null 2>&1
"$CD" --db "$db" sync > "$tmp/o" 2>&1
check "a sync sends the checkpoints up" \
	test "$(psql_as postgres -c "SELECT count(*) FROM cd.audit_seal")" -ge 10
python3 "$tmp/forge.py" "$db" rewrite
sqlite3 "$db" "DROP TRIGGER audit_checkpoint_no_delete; DELETE FROM audit_checkpoint"
A audit verify --local > "$tmp/o" 2>&1
echo $? > "$tmp/rc"
check "rewritten and its checkpoints removed: the office alone sees nothing" test "$(cat "$tmp/rc")" = 0
verify
check "the central store's copy names where it was rewritten" failed_at "rewritten up to entry 128"
stop_pg
finish
