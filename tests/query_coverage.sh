#!/bin/sh
# tests/query_coverage.sh: every batch command that shows a subject's
# identity or credit information writes its query-log entry before it
# prints (README, "What counts as a query"; DOMAIN rule 17; issue 17).
# Each is run twice on the demo database: once as it is (one entry more,
# or more than one, naming the subject where there is one), once with
# the query log refusing every entry (what a read-only database or a
# full disk does): then it must fail and show nothing of the subject.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 30
db="$tmp/demo.db"
"$CD" --db "$db" demo > /dev/null 2>&1
echo demo-clerk-1 > "$tmp/cl.pw"
echo demo-supervisor-1 > "$tmp/sv.pw"
# a person with a case and a record
row=$(sqlite3 -separator ' ' "$db" "SELECT s.id_number, s.id, w.id, r.id FROM workcase w
	JOIN subject s ON s.id = w.subject_id JOIN credit_record r ON r.subject_id = s.id
	WHERE s.kind = 'person' LIMIT 1")
set -- $row
idn=$1 sid=$2 cid=$3 rid=$4
name=$(sqlite3 "$db" "SELECT name FROM subject WHERE id = '$sid'")
P="--purpose internal_duty --ref 内查〔2026〕1号"
n_log() { sqlite3 "$db" "SELECT count(*) FROM query_log"; }
n_subj() { sqlite3 "$db" "SELECT count(*) FROM query_log WHERE subject_id = '$sid'"; }
break_log() { sqlite3 "$db" "CREATE TRIGGER no_log BEFORE INSERT ON query_log
	BEGIN SELECT RAISE(ABORT, 'the disk is full'); END"; }
mend_log() { sqlite3 "$db" "DROP TRIGGER no_log"; }
# shows DESC WHO CMD...: logged (one entry or more) and, with the log
# broken, nothing of the subject (name or number) and a failure
shows() {
	what=$1 who=$2; shift 2
	pw=$tmp/cl.pw
	[ "$who" = shenhe ] && pw=$tmp/sv.pw
	before=$(n_log)
	(cd "$tmp" && "$CD" --db "$db" --user "$who" --password-file "$pw" "$@") > "$tmp/o" 2>&1
	after=$(n_log)
	check "$what: logged" test "$after" -gt "$before"
	break_log
	(cd "$tmp" && "$CD" --db "$db" --user "$who" --password-file "$pw" "$@") > "$tmp/o" 2>&1
	rc=$?
	mend_log
	if [ $rc -ne 0 ] && ! grep -q -e "$name" -e "$(echo "$idn" | cut -c 1-6)" "$tmp/o"; then
		ok "$what: nothing shown when it cannot be logged"
	else
		not_ok "$what: nothing shown when it cannot be logged"
		sed 's/^/# /' "$tmp/o" | head -5
	fi
}
shows "search for a subject" zhangwei search "$name" $P
shows "search for records" zhangwei search "$name" --records $P
shows "search results as a file" zhangwei search "$name" --records $P --out "$tmp/x.csv"
shows "subject show" zhangwei subject show "$idn" $P
shows "record show" zhangwei record show "$rid" $P
shows "case list (the office's work)" zhangwei case list --all
shows "case list --subject" zhangwei case list --subject "$idn" $P
shows "case show" zhangwei case show "$cid"
shows "a case's document" zhangwei case doc "$cid" --out "$tmp/d.pdf"
shows "the credit report" zhangwei report credit "$idn" $P --out "$tmp/r.pdf"
shows "the weekly template" zhangwei report weekly --from 2020-01-01 --to 2026-12-31 --out "$tmp/w.xlsx"
shows "the supervisor's review list" shenhe case list --review

# what the entries say
before=$(n_subj)
"$CD" --db "$db" --user zhangwei --password-file "$tmp/cl.pw" case show "$cid" > /dev/null 2>&1
check "case show names the subject in its entry" test "$(n_subj)" -gt "$before"
check "as internal duty, the case's number the reference" \
	test "$(sqlite3 "$db" "SELECT purpose || ' ' || (purpose_ref = (SELECT coalesce((SELECT number FROM case_number WHERE case_id = '$cid'), '$cid')))
		FROM query_log ORDER BY seq DESC LIMIT 1")" = "internal_duty 1"
"$CD" --db "$db" --user zhangwei --password-file "$tmp/cl.pw" case list --subject "$idn" > "$tmp/o" 2>&1
check "a subject's cases without a purpose: refused, saying what to add" grep -q -- "--purpose" "$tmp/o"
# a name on file is not told to whoever types the number with another name
"$CD" --db "$db" --user zhangwei --password-file "$tmp/cl.pw" record add --id "$idn" --name 另一个人 \
	--item XZCF-3 --matter 无证经营 --reporting-unit 某某局 --doc-number 某罚〔2026〕99号 \
	--doc-date 2026-01-15 > "$tmp/o" 2>&1
check "record add with another name is refused" grep -q "another name" "$tmp/o"
check "without telling the name on file" sh -c "! grep -q '$name' '$tmp/o'"
# a closed pipe: the entry is there all the same, first
before=$(n_log)
"$CD" --db "$db" --user zhangwei --password-file "$tmp/cl.pw" search "$name" --records $P | head -c 0
check "a closed pipe: the records search was logged first" test "$(n_log)" -gt "$before"
finish
