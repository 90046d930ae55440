#!/bin/sh
# tests/tui_e2e.sh: the clerk's terminal driven for real: the program
# runs in tmux at 80x24, keys go in with send-keys, and each step polls
# capture-pane for the expected screen (never a fixed sleep), printing
# the screen when it does not come.  LANG, TERM, TZ and HOME are pinned.
# Under the sanitizer build, the program's stderr is checked for any
# AddressSanitizer, LeakSanitizer or UBSan report at the end.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
init_db
echo 'clerk-pass-1' > "$tmp/clerk.pw"
"$CD" --db "$db" --user admin --password-file "$tmp/pw" user add zhangwei --name 张伟 \
	--role clerk --unit 黑河市公共信用信息中心 --new-password-file "$tmp/clerk.pw" > /dev/null
"$CD" --db "$db" --user zhangwei --password-file "$tmp/clerk.pw" record add \
	--id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-3 \
	--matter 销售不合格口罩 --reporting-unit 北京市东城区市场监督管理局 \
	--doc-number 京东市监罚〔2026〕15号 --doc-date 2026-01-15 > /dev/null

. "${top_srcdir:-$(dirname "$0")/..}/tests/tmux.sh"

# find_subject REF NAME SHOWN [DESCRIPTION]: F3 with the purpose internal duty
# and reference REF, NAME typed, until SHOWN (its hit) is on the screen
# (a test point when DESCRIPTION is given).
find_subject() {
	keys F3
	wait_for "Purpose of the query"
	text "$1"; keys Enter
	wait_for "Find:"
	text "$2"
	if [ -n "${4:-}" ]; then see "$4" "$3"; else wait_for "$3"; fi
}

# ---- signing in: a wrong password is counted, the right one opens home
start
see "login screen in English under LANGUAGE=" "Sign in"
text zhangwei; keys Enter; text wrong-password; keys Enter
see "a wrong password is refused and counted" "Attempt 1 failed"
text clerk-pass-1; keys Enter
see "signed in: the home screen" "Today's work"
check "the home screen's list of the office's cases is in the query log (internal duty)" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM query_log WHERE channel = 'screen' AND purpose = 'internal_duty' AND purpose_ref = '办件清单'")" -ge 1
see "this week's figures as a small chart" "good  0    bad ████████████████ 1"
see "the central store's line whole at 80 columns, wrapped" "where the office's work"
central_whole() { screen | grep -q "^    goes)"; }
check "its end on the next row, not cut at the edge" central_whole
see "the F-key bar" "F1Help F3Search F5New"
keys F1
see "F1 lists the keys of the screen" "Keys of this screen"
keys Escape
gone "any key closes the help" "Keys of this screen"
keys F11
see "a refusal wider than the screen wraps: its end shows" "Ask a user with that role."

# ---- search a two-character name and open the subject
keys F3
see "searching asks the purpose first" "Purpose of the query"
see "the reference's help whole, wrapped in the rows free above it" "the case or file."
keys Enter
see "a missing reference is refused beside the field" "is required"
text 黑公函〔2026〕3号; keys Enter
see "the search screen" "Find:"
text 某某
see "results as the clerk types (masked ID)" "911100********341L"
check "the list shown was logged, with the purpose, before the subject was opened" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM query_log WHERE channel = 'screen' AND
		purpose_ref = '黑公函〔2026〕3号' AND query = '某某' AND subject_id IS NULL")" -ge 1
keys Enter
see "the dossier opens" "Opened for: internal duty"
see "the dossier lists the record" "2026-01-15"
count=$(sqlite3 "$db" "SELECT count(*) FROM query_log WHERE channel = 'screen' AND purpose_ref = '黑公函〔2026〕3号' AND subject_id IS NOT NULL")
check "opening the subject was logged once" test "$count" -eq 1

# ---- a bad record with a wrong check character, fixed, saved, found
keys Escape; keys Escape
see "back home" "Today's work"
keys F5
see "the record form" "New credit record"
keys F4
see "the catalog picker" "Catalog items"
text XZCF-2
see "the picker filters by code" "XZCF-2"
keys Enter
see "the item's document fields appear" "Decision date"
keys Tab
text 110105194912310021; keys Tab
see "a wrong check character is explained on leaving the field" "check character"
keys Up; keys End; keys BSpace; text X; keys Tab
gone "the message goes once the ID is right" "check character"
text 张伟一
keys Tab Tab
text 超范围经营
keys Tab Tab Tab
text 黑市监罚〔2026〕7号; keys Tab
text 2026-11-02
keys F2
see "the record is saved" "The record was saved: 张伟一"
keys F3
see "the purpose is asked again, the last one offered" "Purpose of the query"
text 内部核查-7; keys Enter
text 张伟一
see "the new subject is found" "110105********002X"
keys Enter
see "its dossier shows the record" "超范围经营"

# ---- correct and withdraw
keys F7
see "F7 asks what is corrected: the record or the subject" "r: the record   s: the subject"
keys r
see "the correction form asks the reason" "Reason for the correction"
text 文书号录错; keys F2
see "the correction is saved" "The correction was saved"
keys F8
see "withdrawal asks the reason" "Withdraw:"
text 处罚决定已撤销; keys Enter
see "the record is withdrawn" "withdrawn"
status=$(sqlite3 "$db" "SELECT r.status || r.row_version FROM credit_record r JOIN subject s ON s.id = r.subject_id WHERE s.name = '张伟一'")
check "the database has the record withdrawn at version 3" test "$status" = withdrawn3

# ---- a matter that is not what the item is about: the clerk confirms
keys Escape; keys Escape
see "home after the dossier" "Today's work"
keys F5
see "a new record" "New credit record"
# an item whose name is longer than the room beside its code: under it
keys F4; text YQ-B07; keys Enter
see "a long item name shown whole, under the code" "野生动物"
desc_under() { screen | grep -q "^ *\[bad\] 哄抬物价、"; }
check "on its own line, where the field's messages go" desc_under
keys F4; keys C-u; text YQ-B02; keys Enter
see "the epidemic item is chosen" "逃避隔离"
gone "the long name gone with its item" "野生动物"
keys Tab
text 11010519491231002X; keys Tab
text 张伟一; keys Tab Tab
text 乱扔垃圾; keys Tab
see "a matter that shares no word with the item asks to confirm the item" "Item confirmed"
keys Tab Tab Tab
text 黑市监罚〔2026〕8号; keys Tab
text 2026-11-03
keys F2
see "not confirmed: not saved, and why" "does not say what catalog item YQ-B02"
keys Up Up Up Up; keys Right
see "confirmed on the form" "confirmed: the item is right"
keys F2
see "confirmed: saved" "The record was saved: 张伟一"
check "the confirmation is audited" test "$(sqlite3 "$db" "SELECT count(*) FROM audit_log
	WHERE op = 'record.item_confirmed' AND new_values ->> 'matter' = '乱扔垃圾'")" -eq 1

# ---- idle lock keeps unsaved input; leaving a form keeps a draft
keys F10
see "F10 quits" "EXITED 0"
# the lock after 2 idle seconds, as an office would set it
mkdir -p "$XDG_CONFIG_HOME/creditdesk"
printf '[session]\nidle_lock = 2\n' > "$XDG_CONFIG_HOME/creditdesk/creditdesk.ini"
start
login
rm "$XDG_CONFIG_HOME/creditdesk/creditdesk.ini" # read at start; later runs lock at 300
see "home again" "Today's work"
keys F5; keys Tab Tab
text 110105194912310
keys Tab; text 李未存
see "typed, not saved" "李未存"
see "the screen locks when idle" "enter your password to continue" 8
gone "nothing of the work shows while locked" "李未存"
text clerk-pass-1; keys Enter
see "unlocked with the input as it was" "李未存"

# ---- resize mid-form
T resize-window -t cd -x 100 -y 30 2> /dev/null || T resize-pane -t cd -x 100 -y 30
see "a larger terminal still shows the form" "李未存"
T resize-window -t cd -x 60 -y 20 2> /dev/null || T resize-pane -t cd -x 60 -y 20
see "too small: says what to do" "needs at least"
T resize-window -t cd -x 80 -y 24 2> /dev/null || T resize-pane -t cd -x 80 -y 24
see "back to 80x24, nothing lost" "李未存"
keys Escape
see "leaving keeps a draft" "Kept as a draft"
see "the home screen lists the draft" "李未存"
check "a draft still missing fields is listed as one to complete (待补全), as an import's are" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM draft WHERE status = 'open' AND title LIKE '待补全 李未存%'")" -eq 1
keys Enter
see "the draft reopens with what was typed" "110105194912310"
keys Escape
wait_for "Today's work" > /dev/null
# ---- the sync screen of an office with no central store set: the
# message says how to set one, whole at 80 columns
keys C-y
see "^Y: no central store set" "No central store is set"
see "the message whole, wrapped, not cut at the edge" "or dir DIRECTORY)."
keys Escape
wait_for "Today's work" > /dev/null

# ---- import a GBK file
keys F10
wait_for "EXITED 0"
"$top_builddir/bench/gen" --rows 40 --seed 5 --gbk --bad 3 > "$tmp/week.csv"
: > "$tmp/calc.ods"; : > "$tmp/wps.et"; : > "$tmp/export.xml"; : > "$tmp/notes.docx"
: > "$tmp/page.htm"
: > "$tmp/tmpl.xltx"; : > "$tmp/第48周.xlsm"; : > "$tmp/export.do"; : > "$tmp/book.mht"
printf '\007zhangwei' > "$tmp/~\$calc.xlsx" # Excel's lock file of an open workbook
start
login
wait_for "Today's work"
"$top_builddir/bench/gen" --rows 150000 --seed 6 > "$tmp/big.csv"
keys F9
see "the import screen" "Enter or F2 imports the file"
see "it lists this office's recent imports" "This office's recent imports"
text "$tmp/no-such-file.xlsx"; keys Enter
see "a path it cannot read: said under the field" "Cannot read '$tmp/no-such-file.xlsx'"
form_whole() { screen | grep -q "^   Consent declaration"; }
check "the form's other fields still shown under the message" form_whole
keys C-u
keys F4
see "F4 lists the directory the program was started in" "$tmp"
see "its files" "week.csv"
see "an OpenDocument spreadsheet among them" "calc.ods"
see "and WPS's own workbook" "wps.et"
see "and an XML spreadsheet (Excel 2003, systems' exports)" "export.xml"
see "and a web page (other systems' exports)" "page.htm"
no_docx() { ! screen | grep -q notes.docx; }
check "not a Word document" no_docx
no_lock() { ! screen | grep -qF '~$calc.xlsx'; }
check "nor the lock file Excel keeps beside an open workbook" no_lock
see "a workbook template (a 模板 filled in and saved as it came)" "tmpl.xltx"
see "and a macro workbook" "第48周.xlsm"
see "and a single-file web page" "book.mht"
no_do() { ! screen | grep -q export.do; }
check "a file not named as a table is not listed at first" no_do
keys F4
see "F4 lists every file: a system's export saved under its web address" "export.do"
see "above the list: every file listed, F4 for only tables" "[every file; F4: only tables]"
see "the Word document too" "notes.docx"
keys F4
see "F4 again: only the tables' names" "[tables; F4: every file]"
check "the export no longer listed" no_do
sized() { screen | grep -q 'week\.csv .*20[0-9][0-9]-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9] *[0-9.]* KB'; }
check "each file with its last change and size, as a file manager shows them" sized
see "with the way up" "../"
keys Enter
see "Enter on ../ goes up" "$(basename "$tmp")/"
see "the clerk's home directory is a place a key away" "[home directory] $HOME"
keys Down Enter
gone "Enter on it lists the home directory (no longer a place to go)" "[home directory]"
in_home() { screen | grep -qF "    $HOME    [tables; F4: every file]"; }
check "its path above the list" in_home
keys Escape
# a unit's series of files, named alike but for their middle: each
# name cut where it differs from the others, its date still apart
mkdir -p "$tmp/series"
for i in 1 2 3; do
	printf '名称\n' > "$tmp/series/某某县市场监督管理局2026年第四季度行政处罚信息归集表_第${i}批（修改后最终版）.csv"
done
keys C-u; text "$tmp/series/"; keys F4
see "names longer than the list: cut where they differ" "_第2批（修改后最终版）.csv 20"
told_apart() { test "$(screen | grep -cE '\.\.\._第[123]批（修改后最终版）\.csv 20')" = 3; }
check "each of the three told apart" told_apart
keys Escape C-u
# the reject file's path wraps, whole: its end is what finds it
"$top_builddir/bench/gen" --rows 20 --seed 41 --bad 50 \
	> "$tmp/series/某某县市场监督管理局2026年第四季度行政处罚信息归集表_第2批（修改后最终版）.csv"
text "$tmp/series/某某县市场监督管理局2026年第四季度行政处罚信息归集表_第2批（修改后最终版）.csv"
keys Enter
see "a long reject file's path wraps: its end shows" "修改后最终版）.rejects.csv"
keys C-x
see "^X's list names the reject file over two rows, its end shown" "第2批（修改后最终版）.rejects.csv"
keys Escape
keys C-u
keys F4
see "F4 again starts where the program was started" "week.csv"
text 第; keys Enter
see "a name's Chinese start typed ahead finds it" "$tmp/第48周.xlsm"
keys C-u F4
text week.c
keys Enter
see "Enter on a file puts its path in the form" "$tmp/week.csv"
keys Enter
see "the summary names the encoding" "GB18030"
see "the rejected rows' file" "week.rejects.csv"
see "the summary by reason: how many rows, the first of them" "row ("
keys C-x
see "^X lists the rejected rows" "Rejected rows ("
list_bar() { test "$(screen | tail -1 | sed 's/ *$//')" = "F1Help EscBack"; }
check "the key bar shows the list's keys, not the screen's it covers" list_bar
see "each with its row number" "row "
keys Escape
see "Esc goes back to the summary" "GB18030"
# a rejected row corrected in the record form: Enter on it in the list
keys C-x
see "the list says Enter corrects a row" "Enter corrects one in the record form"
keys Enter
see "Enter opens the record form on the row, saying where it comes from" "of week.csv"
see "its faults said, the form's own way" "To correct: "
fix=$(screen | sed -n 's/.*should be \(.\), not .*/\1/p' | head -1)
check "the check character the fault names" test -n "$fix"
keys BSpace; text "$fix"; keys F2
see "saved from the form" "The record was saved: "
see "back on the summary, the row counted as done" "(1 of them done in the record form)"
keys C-x
see "and marked so in the list" "[done in the record form]"
keys Enter
see "Enter on a row done: said, not opened to be saved twice" \
	"is done: the record form saved it"
# the other row: changed, left with Esc (kept as a draft), opened again
open0=$(sqlite3 "$db" "SELECT count(*) FROM draft WHERE status = 'open'")
keys C-x; keys Down Enter
see "the other row in the record form" "To correct: "
fix=$(screen | sed -n 's/.*should be \(.\), not .*/\1/p' | head -1)
keys BSpace; text "$fix"; keys Escape
see "Esc after a change: kept as a draft, as the form always does" "Kept as a draft"
check "one draft more" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM draft WHERE status = 'open'")" = $((open0 + 1))
keys C-x
see "the list says the row is kept as the clerk's draft" "[kept as your draft]"
keys Enter
see "Enter opens it again, where it comes from said" "of week.csv"
see "from the draft, as the clerk left it" "Your draft of the row, as you left it"
no_fault() { ! screen | grep -q "To correct: "; }
check "the check character as corrected: no fault, not the file's again" no_fault
keys F2
see "saved" "The record was saved: "
check "its draft closed as submitted (no second draft of the row)" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM draft WHERE status = 'open'")" = "$open0"
see "both rows counted done" "(2 of them done in the record form)"
# a reason longer than the screen's room: wrapped over the lines there
# are, its last line saying it goes on (^X has it whole)
m=$(printf '卖假口罩%.0s' $(seq 40))
printf '序号,主体名称,统一社会信用代码,事项,填报单位,数据类型\n1,某某物流有限公司,915001109RT6PKWL9Y,%s,某区市场监管局,不良\n合计,1条,,,,\n' \
	"$m" > "$tmp/long.csv"
keys C-u; text "$tmp/long.csv"; keys Enter
wait_for "long.rejects.csv" > /dev/null
see "a total below the table is passed over, and the summary says so" \
	"rows read: 1 (blank, title or note lines passed over: 1)"
check "a long reason takes the lines the screen has" test "$(screen | grep -c 卖假口罩)" -ge 3
goes_on() { screen | grep -q '[.][.][.]$'; }
check "and its last line says it goes on" goes_on
keys C-x
see "^X: below the list, the selected row's every fault" "Row 2, every fault:"
see "the row's identifier masked, as every list shows one" "某某物流有限公司 915001********WL9Y"
full_gone() { ! screen | grep -q 915001109RT6PKWL9Y; }
check "and nowhere in full" full_gone
check "wrapped over the lines there (the list's line is cut)" test "$(screen | grep -c 卖假口罩)" -ge 3
# the row in the record form: a value longer than its field, the cursor
# elsewhere, shows its start and a > (not its end)
keys Enter
see "the row in the record form" "row 2 of long.csv"
long_start() { screen | grep -q '^   Matter  *卖假口罩卖假口罩.* >$'; }
check "a long value not being typed in: its start, and > where it goes on" long_start
keys Escape
see "Esc with nothing changed: back to the summary" "long.rejects.csv"
gone "and no draft kept" "Kept as a draft"
# a row's kept draft gone meanwhile (discarded in another window): the
# row opens with the file's values again, and a new draft is kept
keys C-x; keys Enter
see "the row again" "row 2 of long.csv"
text "x"; keys Escape
see "a change: kept as a draft" "Kept as a draft"
sqlite3 "$db" "UPDATE draft SET status = 'discarded', status_at = '2026-11-23T08:00:00.000Z', status_by = created_by, status_reason = 'another window' WHERE status = 'open' AND fields LIKE '%卖假口罩%'"
keys C-x; keys Enter
see "its draft gone: the row's values again, not an error" "row 2 of long.csv"
to_correct() { screen | grep -q 'To correct: '; }
check "with the row's fault, as the file has it" to_correct
keys End; text "y"; keys Escape
see "left with a change again" "Kept as a draft"
check "a new draft kept, the discarded one left as it is" \
	test "$(sqlite3 "$db" "SELECT group_concat(status, ',') FROM (SELECT status FROM draft WHERE fields LIKE '%卖假口罩%' ORDER BY seq)")" = "discarded,open"
sqlite3 "$db" "UPDATE draft SET status = 'discarded', status_at = '2026-11-23T08:00:00.000Z', status_by = created_by, status_reason = 'test over' WHERE status = 'open' AND fields LIKE '%卖假口罩%'"
# a template with ten reasons: at 80x24 the summary is longer than the
# screen; its last line says which part shows, PgDn/PgUp move it
{
	echo 序号,主体名称,统一社会信用代码,事项,填报单位,数据类型,文书号,决定日期
	echo 1,甲公司,91230100MA1000100X,哄抬口罩价格,某区市场监管局,不良,罚〔2020〕1号,2020-01-15
	echo 2,乙公司,12345,哄抬口罩价格,某区市场监管局,不良,罚〔2020〕2号,2020-01-15
	echo 3,丙公司,91230100MA1000101L,哄抬口罩价格,,不良,罚〔2020〕3号,2020-01-15
	echo 4,丁公司,91230100MA1000102P,哄抬口罩价格,某区市场监管局,一般,罚〔2020〕4号,2020-01-15
	echo 5,戊公司,91230100MA1000103T,哄抬口罩价格,某区市场监管局,不良,罚〔2020〕5号,2099-01-01
	echo 6,己公司,91230100MA1000104X,乱七八糟的事项,某区市场监管局,不良,罚〔2020〕6号,2020-01-15
	echo 7,,91230100MA10001051,哄抬口罩价格,某区市场监管局,不良,罚〔2020〕7号,2020-01-15
	echo 8,庚公司,91230100MA10001064,,某区市场监管局,不良,罚〔2020〕8号,2020-01-15
	echo 9,辛公司,91230100MA10001077,哄抬口罩价格,某区市场监管局,不良,罚〔2020〕9号,2020-02-30
	for i in 0 1 2 3 4; do
		echo "1$i,壬${i}公司,91230100MA100011$i$(echo JMQUY | cut -c$((i + 1))),哄抬口罩价格,某区市场监管局,不良,罚〔2020〕1$i号,2019-13-45"
	done
} > "$tmp/reasons.csv"
keys C-u; text "$tmp/reasons.csv"; keys Enter
see "a summary longer than the screen says which part shows and how to move" \
	"-- lines 1-"
see "the largest reason first, though its rows are the file's last" "5 rows (11, 12, 13, ...)"
not_yet() { ! screen | grep -q "no day 30"; }
check "the last reasons below the screen's foot" not_yet
keys NPage
gone "PgDn: the summary's head scrolled away" "Imported (UTF-8)"
next_part() { screen | grep -q -- "-- lines \([2-9]\|[1-9][0-9]\)[0-9]*-"; }
check "the next part" next_part
keys NPage
see "PgDn again: the rest of the summary" "no day 30"
at_end() { screen | grep -q -- "-- lines [0-9]*-\([0-9]*\) of the summary's \1:"; }
check "down to its last line" at_end
keys PPage; keys PPage
see "PgUp goes back to its head" "Imported (UTF-8)"
keys NPage; keys NPage; keys NPage; keys NPage
see "PgDn past the end stays on the last part" "no day 30"
check "its last line" at_end
form_stays() { screen | grep -q "reasons.csv"; }
check "the form above it stays" form_stays
# a reason whose rows are on two sheets: the head lists them by sheet and
# is long; the reason itself is still on the screen, under it
/usr/bin/python3 - "$tmp/twosheets.xlsx" << 'PY'
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "法人和其他组织"
ws.append(["主体名称", "统一社会信用代码", "事项", "目录编码", "填报单位", "数据类型", "文书类型", "文书号", "决定日期"])
ws.append(["某某医疗器械有限公司", "91110000600037341L", "销售过期口罩", "XZCF-2", None, "不良", "行政处罚决定书", "市监罚〔2026〕5号", "2026-01-15"])
ws = wb.create_sheet("自然人")
ws.append(["姓名", "身份证号", "事项", "目录编码", "填报单位", "数据类型", "文书类型", "文书号", "决定日期"])
ws.append(["赵六", "11010519491231002X", "逃避隔离医学观察", "YQ-B02", None, "不良", "行政处罚决定书", "卫罚〔2026〕9号", "2026-01-06"])
ws = wb.create_sheet("字典") # a template's drop-down lists, hidden
for v in ["法人及非法人组织", "自然人", "个体工商户"]:
    ws.append([v])
ws.sheet_state = "hidden"
wb.save(sys.argv[1])
PY
keys C-u; text "$tmp/twosheets.xlsx"; keys Enter
see "two sheets: the rows listed by sheet" "(sheet 法人和其他组织: 2; sheet 自然人: 2)"
see "and the reason under the long head" "reporting unit (填报单位) is missing"
see "a sheet that gave nothing is named under the rows read" \
	"sheets with no header row, nothing imported from them: 字典 (hidden, 3"
see "rows naming no reporting unit: the summary says to give it above" \
	"of them naming no reporting unit: 2 (one unit sent the file? give it above"
# the unit that sent the file, given on the form under the file's path
# (a department's own file: its rows' deciding body named as the likely sender)
printf '主体名称,统一社会信用代码,事项,目录编码,数据类型,文书类型,文书号,决定日期,决定机关\n城西防护用品有限公司,91440300MA5F0Q0P1F,销售过期口罩,XZCF-2,不良,行政处罚决定书,市监罚〔2026〕31号,2026-01-15,某区市场监管局\n城西防护用品有限公司,91440300MA5F0Q0P1F,销售过期口罩,XZCF-2,不良,行政处罚决定书,市监罚〔2026〕32号,2026-01-16,某区市场监管局\n' \
	> "$tmp/nounit.csv"
keys C-u; text "$tmp/nounit.csv"; keys Enter
see "rows naming no unit, all decided by one body: the summary names it" \
	"of them naming no reporting unit: 2, all decided by 某区市场监管局"
keys Tab
see "the import screen takes the file's reporting unit" "Reporting unit"
text "某区市场监管局"; keys Enter
see "the rows naming none take it, and the summary says so" \
	"reporting unit given above (rows naming none: 2): 某区市场监管局"
see "and they import" "imported: 2"
check "with it as their reporting unit" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM credit_record WHERE reporting_unit = '某区市场监管局' AND doc_number IN ('市监罚〔2026〕31号', '市监罚〔2026〕32号')")" = 2
# the wrong unit was given after all: F8 takes the import back, for a reason
keys F8
see "F8 after an import: its records withdrawn, the reason asked" \
	"Withdraw the records of the import of nounit.csv (2)"
text "填报单位给错了"; keys Enter
see "withdrawn, and said how they come back" "2 records of the import of nounit.csv withdrawn"
check "in the database: withdrawn with the reason, not deleted" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM credit_record WHERE status = 'withdrawn' AND status_reason = '填报单位给错了' AND doc_number IN ('市监罚〔2026〕31号', '市监罚〔2026〕32号')")" = 2
keys C-u BTab
# the unit a title line above the table names, for the rows naming none
printf '填报单位（盖章）：某区市场监管局,,,,,,,\n主体名称,统一社会信用代码,事项,目录编码,数据类型,文书类型,文书号,决定日期\n城西防护用品有限公司,91440300MA5F0Q0P1F,销售过期口罩,XZCF-2,不良,行政处罚决定书,市监罚〔2026〕7号,2026-01-15\n' \
	> "$tmp/titled.csv"
keys C-u; text "$tmp/titled.csv"; keys Enter
see "the summary says the unit a title line named, and for how many rows" \
	"reporting unit from the title line (rows naming none: 1): 某区市场监管局"
see "and the row imported with it" "imported: 1"
see "and how long the import took" "Imported (UTF-8) in 0:0"
# the same file again (another window): its row is on file already
"$CD" --db "$db" --user zhangwei --password-file "$tmp/clerk.pw" import --quiet "$tmp/titled.csv" \
	> /dev/null 2>&1
# several imports with records on file: F8 away from a summary asks which
keys Escape F9
see "the history counts the rows already on file" "titled.csv: imported 0, duplicate 1, rejected 0"
see "the import screen: F8 chooses among the imports that wrote records" \
	"F8 withdraws the records of one of the"
keys F8
see "F8 lists them" "Withdraw the records of which import?"
see "the newest first" "titled.csv: imported 1"
see "an older one among them" "week.csv: imported 38"
no_nounit() { ! screen | grep -q nounit.csv; }
check "not the one withdrawn already" no_nounit
keys Escape
see "Esc: back, nothing withdrawn" "F8 withdraws the records of one of the"
keys F8 Down Enter
see "an older import chosen: its records withdrawn, the reason asked" \
	"Withdraw the records of the import of week.csv (38)"
text "文件发错了"; keys Enter
see "the older import's records withdrawn" "38 records of the import of week.csv withdrawn"
check "in the database: that import's records, and only they" \
	test "$(sqlite3 "$db" "SELECT group_concat(b.file_name || ':' || r.status_reason) FROM (SELECT DISTINCT import_batch, status_reason FROM credit_record WHERE status_reason = '文件发错了') r JOIN import_batch b ON b.id = r.import_batch")" = "week.csv:文件发错了"
# three sheets, three long units: the line wraps, the last unit shown
/usr/bin/python3 - "$tmp/units3.xlsx" << 'PY'
import sys, openpyxl
wb = openpyxl.Workbook()
units = ["黑河市爱辉区市场监督管理局西岗子市场监督管理所", "黑河市爱辉区卫生健康局综合监督执法大队",
         "黑河市爱辉区交通运输局综合行政执法大队"]
for n, u in enumerate(units):
    ws = wb.active if n == 0 else wb.create_sheet()
    ws.title = f"第{n + 1}批"
    ws.append([f"填报单位：{u}"])
    ws.append(["主体名称", "统一社会信用代码", "事项", "目录编码", "数据类型", "文书类型", "文书号", "决定日期"])
    ws.append(["城西防护用品有限公司", "91440300MA5F0Q0P1F", "销售过期口罩", "XZCF-2", "不良", "行政处罚决定书",
               f"罚〔2026〕{20 + n}号", "2026-01-15"])
wb.save(sys.argv[1])
PY
keys C-u; text "$tmp/units3.xlsx"; keys Enter
see "three title units: the line wraps, the last unit on the screen" "综合行政执法大队"
# the providing unit's consent declaration (DOMAIN rule 6), on screen as
# with import --consent-declared: a good row needing consent stands on it
printf '主体名称,统一社会信用代码,事项,目录编码,填报单位,数据类型,文书类型,文书号,决定日期,决定机关\n城南置业有限公司,936528012P53H07M58,减免租金支持小微企业,YQ-G05,某区商务局,优良,正式文件,商务〔2026〕3号,2026-02-01,某区人民政府\n' > "$tmp/rent.csv"
keys C-u; text "$tmp/rent.csv"; keys Enter
see "a good row without consent: kept to complete, the declaration named as what would do" \
	"lacking consent: 1 (unit holds it? declare it above, import again)"
keys C-u; text "$tmp/rent.csv"; keys Tab Tab
see "the import screen takes the unit's consent declaration" "Consent declaration"
text "商务局声明〔2026〕1号"; keys Enter
see "the summary says how many rows stand on it" "the unit's declaration 商务局声明〔2026〕1号, for 1 rows"
see "and that the draft kept before is written and closed" \
	"your drafts of an earlier import written now, closed: 1"
check "the row's consent is the declaration" \
	test "$(sqlite3 "$db" "SELECT consent_ref FROM credit_record WHERE doc_number = '商务〔2026〕3号'")" = "商务局声明〔2026〕1号"
check "audited with the clerk who declared it" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM audit_log a JOIN app_user u ON u.id = a.actor WHERE a.op = 'import.consent_declared' AND u.login = 'zhangwei'")" = 1
keys C-u BTab BTab
n0=$(shown "$db")
keys C-u; text "$tmp/big.csv"; keys Enter
see "a big file: the progress, and how to stop" "Esc stops the import" 20
step_shown() {
	screen | grep -qE '(Reading and checking the file: [0-9]+ rows|Writing the records: [0-9]+ of [0-9]+ rows)  \([0-9]+:[0-9]{2} so far'
}
check "the step it is at, its rows and the time so far, as it runs" step_shown
keys Escape
see "Esc stops it and says nothing was kept" "The import was stopped" 20
check "nothing of the stopped import is shown" test "$(shown "$db")" = "$n0"
check "the stopped import is cancelled for good (or had written nothing yet)" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM import_pending WHERE state <> 'cancelled'")" -eq 0
# an import killed on the way (another window): F8 gives it up here, as
# import --cancel does
"$top_builddir/bench/gen" --rows 3000 --seed 9 > "$tmp/killed.csv"
CREDITDESK_TEST_CRASH_AFTER_ROWS=1500 "$CD" --db "$db" --user zhangwei \
	--password-file "$tmp/clerk.pw" import --quiet "$tmp/killed.csv" > /dev/null 2>&1
# a file named as units name them, longer than the history's line
long="某某县市场监督管理局2026年第四季度行政处罚信息归集表_第3批.csv"
"$top_builddir/bench/gen" --rows 7 --seed 31 > "$tmp/$long"
"$CD" --db "$db" --user zhangwei --password-file "$tmp/clerk.pw" import --quiet "$tmp/$long" \
	> /dev/null 2>&1
keys Escape
wait_for "Today's work" > /dev/null
keys F9
see "the import screen offers to give up the unfinished import" "F8 gives up the unfinished import of killed.csv"
hist_rows() { test "$(screen | grep -c ' [0-9][0-9]:[0-9][0-9] zhangwei ')" -gt 8; }
check "the history fills the rows the screen has (more than 8 imports so far)" hist_rows
see "a long file name is cut in its middle: its end and what became of it show" \
	"..._第3批.csv: imported 7, rejected 0"
keys F8
see "and asks first" "Give up the unfinished import of killed.csv"
text y
see "then says it is given up" "is given up"
check "the batch is cancelled for good" \
	test "$(sqlite3 "$db" "SELECT group_concat(p.state) FROM import_pending p JOIN import_batch b ON b.id = p.batch WHERE b.file_name = 'killed.csv'")" = cancelled
check "audited" test "$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE op = 'import.cancel'")" -ge 1
keys F10
see "quit" "EXITED 0"

# ---- cases on the home screens and in the dossier
C="--db $db --user zhangwei --password-file $tmp/clerk.pw"
echo 'super-pass-1' > "$tmp/super.pw"
"$CD" --db "$db" --user admin --password-file "$tmp/pw" user add shenhe --name 李敏 \
	--role supervisor --unit 黑河市公共信用信息中心 --new-password-file "$tmp/super.pw" > /dev/null
"$CD" $C record add --id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-2 \
	--matter 销售过期口罩 --reporting-unit 北京市东城区市场监督管理局 \
	--doc-number 京东市监罚〔2026〕16号 --doc-date 2026-01-15 > /dev/null
r1=$(sqlite3 "$db" "SELECT id FROM credit_record WHERE doc_number = '京东市监罚〔2026〕15号'")
r2=$(sqlite3 "$db" "SELECT id FROM credit_record WHERE doc_number = '京东市监罚〔2026〕16号'")
"$CD" $C objection file "$r1" --grounds 文号有误 --evidence 复印件 --received 2026-11-16 > /dev/null
"$CD" $C repair apply "$r2" --commitment 承诺书1号 --proof 缴款凭证 > /dev/null
start
login
see "home: the office's open cases and the overdue one" "open cases: 2, overdue: 1"
see "home: the overdue objection first, in working days" "11-18 3 overdue"
see "home: the repair with its deadline" "11-30 5 left"
see "home: what waits to be sent up" "changes wait here"
see "home: no central store set yet" "Central store: not set"
keys F10
wait_for "EXITED 0"
# the central store is a USB stick that is not plugged in; probe each second
"$CD" --db "$db" --user admin --password-file "$tmp/pw" central set dir "$tmp/stick" \
	--reason 县中心通知 > /dev/null
mkdir -p "$XDG_CONFIG_HOME/creditdesk"
printf '[central]\ncheck = 1\n' > "$XDG_CONFIG_HOME/creditdesk/creditdesk.ini"
start
login
see "home: the stick is out: offline" "Central store: offline"
see "home: offline says why" "stick is not there"
mkdir "$tmp/stick"
see "home: the stick plugged in shows online, no key pressed" "Central store: online" 5
keys F10
wait_for "EXITED 0"
# a printer (lp) that takes the file, and one that has no destination
mkdir -p "$tmp/lp-ok" "$tmp/lp-none"
printf '#!/bin/sh\n[ "$1" = -- ] && shift\ncp "$1" "%s/printed.pdf"\necho "request id is Window-1 (1 file(s))"\n' "$tmp" > "$tmp/lp-ok/lp"
printf '#!/bin/sh\necho "lp: Error - No default destination." >&2\nexit 1\n' > "$tmp/lp-none/lp"
chmod +x "$tmp/lp-ok/lp" "$tmp/lp-none/lp"
start PATH="$tmp/lp-ok:$PATH"
login shenhe super-pass-1
see "supervisor: the repair awaits review" "Awaiting my review: 1"
keys Enter
see "Enter on it shows the case to decide" "a: approve   r: refuse"
see "with the applicant's commitment letter" "承诺书1号"
see "and the proof" "缴款凭证"
text y
see "a key that is neither a nor r decides nothing" "a: approve   r: refuse"
keys Escape
gone "Esc leaves it for later" "a: approve   r: refuse"
see "still awaiting review" "Awaiting my review: 1"
keys Enter
see "the case again" "a: approve   r: refuse"
text a
see "the decision is taken" "Decided; the audit log"
see "nothing left to review" "Awaiting my review: 0"
outcome=$(sqlite3 "$db" "SELECT outcome FROM workcase WHERE kind = 'repair'")
check "the repair is approved in the database" test "$outcome" = repaired
keys F3
wait_for "Purpose of the query"
text 黑公函〔2026〕4号; keys Enter
see "search from the supervisor's home" "Find:"
text 某某; keys Enter
see "the dossier shows the cases" "Objections and repairs: objection comparing"
see "the record under objection is marked" "under objection"
see "the repaired record is marked" "repaired"
see "the dossier shows list membership" "not on a red or black list"
keys C-p
see "^P asks for the repair application" "Commitment letter"
text 承诺书2号; keys Tab; text 缴款凭证; keys Enter
see "a second repair of the record is refused, with the reason" "repaired already"
keys C-o
see "^O asks for the objection" "Grounds"
keys Tab Tab; keys Enter
see "an empty field is refused beside it" "is required"
text 已缴纳罚款; keys Tab; text 缴款凭证; keys Enter
see "the party waits: the receipt is offered at once" "Print the receipt for the party now?"
keys y
see "y prints it, lp's answer on the screen" "Window-1"
check "what went to the printer is the objection's receipt" \
	sh -c "pdftotext '$tmp/printed.pdf' - | tr -d ' \n' | grep -q '信用信息异议申请受理回执.*案件编号为YY-2026-0002'"
n=$(sqlite3 "$db" "SELECT count(*) FROM workcase WHERE kind = 'objection' AND status = 'open'")
check "the database has both objections open" test "$n" -eq 2
keys F10
wait_for "EXITED 0"
# the clerk carries the overdue objection on: comparison, then the answer
start PATH="$tmp/lp-none:$PATH"
login
see "the clerk's home lists the overdue objection first" "3 overdue"
keys Enter
see "Enter on an objection in comparison asks for it" "Our record"
keys Tab; keys Enter
see "the note is required" "is required"
text 与提供单位报送数据一致; keys Enter
see "the comparison is recorded, the objection goes to the provider" "is now with the providing unit"
stage=$(sqlite3 "$db" "SELECT stage FROM workcase WHERE record_id = '$r1' AND kind = 'objection'")
check "the database has the objection with the provider" test "$stage" = provider
keys Down; keys Enter
see "Enter on an objection with the provider asks for the answer" "Reply document"
keys Tab; text 东市监函〔2026〕21号; keys Enter
see "the answer is recorded, the objection goes to review" "is now awaiting a supervisor"
got=$(sqlite3 "$db" "SELECT stage || '/' || proposal FROM workcase WHERE record_id = '$r1' AND kind = 'objection'")
check "the database has the provider's answer as the proposal" test "$got" = review/rejected
keys Up; keys C-g
see "^G on a case: no printer answers, the file's path is shown" "YY-2026-0002-receipt.pdf"
see "with lp's reason" "No default destination"
check "the receipt is there to print later" test -s "$HOME/YY-2026-0002-receipt.pdf"
keys F10
wait_for "EXITED 0"

# minor_penalty DOC DATE: the XZCF-1 form's fields typed for 张伟一, up
# to the Leniency field
minor_penalty() {
	keys Tab
	text 11010519491231002X; keys Tab
	text 张伟一; keys Tab Tab
	text 占道经营; keys Tab Tab Tab
	text "$1"; keys Tab
	text "$2"; keys Tab Tab Tab Tab Tab
}

# ---- leniency on screen (rule 7): the clerk chooses it on the record form
# instead of recording; a supervisor co-signs with their password
start
login
keys F5
see "a new record for leniency" "New credit record"
keys F4; text XZCF-1; keys Enter
see "the minor penalty's fields" "Decision date"
minor_penalty 黑城管罚〔2026〕3号 2026-11-20
see "the form offers leniency for a bad record" "may be spared the record"
keys Right
see "not recorded, a supervisor co-signs" "not recorded: leniency"
keys Tab; text 首次轻微违法并当场改正
keys F2
see "saving asks how the supervisor decides" "s: a supervisor signs here"
text s
see "here: the supervisor co-signs" "Supervisor's approval of the leniency"
text zhangwei; keys Tab; text clerk-pass-1; keys Enter
see "the clerk cannot co-sign their own leniency" "approved by a supervisor"
keys F2
wait_for "s: a supervisor signs here"
text s
wait_for "Supervisor's approval of the leniency"
text shenhe; keys Tab; text super-pass-1; keys Enter
see "decided: the behaviour is not recorded" "Leniency decided for 张伟一"
got=$(sqlite3 "$db" "SELECT l.kind || '/' || u.login || '/' || l.doc_number FROM leniency l JOIN app_user u ON u.id = l.approved_by")
check "the database has the leniency, co-signed by the supervisor" \
	test "$got" = "not_recorded/shenhe/黑城管罚〔2026〕3号"
check "and no record of it" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM credit_record WHERE doc_number = '黑城管罚〔2026〕3号'")" -eq 0
keys F10
wait_for "EXITED 0"

# ---- a black listing told to the party on screen (rule 12): the notice
# printed, its day served, the party's statement, the office's answer;
# the supervisor's approval waits for the window
"$CD" $C list propose 91110000600037341L --list black --basis refuse_performance \
	--reasons 有履行能力而拒不履行 --measures CJ-30-5 --record "$r1" > /dev/null
start PATH="$tmp/lp-none:$PATH"
login
see "the clerk's home lists the black listing" "black list"
keys Down; keys Down; keys Enter
see "Enter on a black listing not yet told asks for the day served" "Served on"
keys Enter
see "served before the notice was printed: refused, saying what to do" "No advance notice"
keys Escape
keys C-g
see "^G on the listing prints its advance notice" "HB-2026-0001-notice.pdf"
keys Enter
see "the day served, asked again" "Served on"
keys Enter
see "recorded, with the last day of the party's window" "may answer until 2026-11-30"
keys Enter
see "Enter again takes the party's statement" "Statement"
keys Tab; text 已履行部分义务; keys Enter
see "the statement is recorded" "may answer until 2026-11-30"
keys Enter
see "Enter again takes the office's answer" "Answer to the statement"
text 经复核不予采纳; keys Enter
see "the answer is recorded" "Recorded."
got=$(sqlite3 "$db" "SELECT notice_served || '/' || notice_due || '/' || statement_received || '/' || statement FROM workcase WHERE kind = 'black_list'")
check "the database has the notice served, the window and the statement" \
	test "$got" = "2026-11-23/2026-11-30/2026-11-23/已履行部分义务"
keys F10
wait_for "EXITED 0"
start
login shenhe super-pass-1
see "the supervisor has the listing to review" "Awaiting my review: 2"
see "its row shows the party's window, not a bare dash" "window to 11-30"
keys Down; keys Enter
see "the case to decide shows the notice and the party's window" "Advance notice: served 2026-11-23"
see "and the party's statement" "已履行部分义务"
text a
see "approving inside the window is refused, saying until when" "decide after that day"
outcome=$(sqlite3 "$db" "SELECT status FROM workcase WHERE kind = 'black_list'")
check "the listing stays open" test "$outcome" = open
keys F10
wait_for "EXITED 0"

# ---- a black listing proposed on screen from the dossier (rules 11-14):
# Enter on a record shows its versions and offers the listing; a minor
# penalty is refused (proportion), a serious one is proposed
"$CD" $C record add --id 91350100M000100Y43 --name 福州某某贸易有限公司 --item XZCF-3 \
	--matter 拒不履行行政处罚决定 --reporting-unit 福州市市场监督管理局 \
	--doc-number 榕市监罚〔2026〕3号 --doc-date 2026-02-02 > /dev/null
rs=$(sqlite3 "$db" "SELECT id FROM credit_record WHERE doc_number = '榕市监罚〔2026〕3号'")
"$CD" $C record correct "$rs" --matter 有履行能力而拒不履行行政处罚决定 --reason 事项漏字 > /dev/null
"$CD" $C record add --id 91350100M000100Y43 --name 福州某某贸易有限公司 --item XZCF-1 \
	--matter 未按规定公示年度报告 --reporting-unit 福州市市场监督管理局 \
	--doc-number 榕市监罚〔2026〕9号 --doc-date 2026-11-02 > /dev/null
start
login
find_subject 黑公函〔2026〕5号 福州 "福州某某贸易有限公司" "the search finds the company"
keys Enter
see "its dossier" "Opened for"
keys Enter
see "Enter on a record shows it" "榕市监罚〔2026〕9号"
see "with the listing it may ground" "b: propose a black listing on it"
keys b
see "the proposal asks the scope first" "Scope"
keys Tab; text 多次拒不履行; keys Tab; text CJ-30-5; keys Enter; keys Enter
see "a minor penalty grounds no black listing (proportion), said on screen" "serious dishonesty"
keys Escape
keys Down; keys Enter
see "the serious record's versions: entered, then corrected with the reason" "事项漏字"
see "version 2" "v2"
keys b
wait_for "Scope"
keys Right; keys Right
see "Left/Right choose the scope" "refusing to perform"
keys Tab; text 有履行能力而拒不履行; keys Tab; text CJ-30-5; keys Enter; keys Enter
see "proposed, with what comes next" "Serve the advance notice"
see "the notice is offered for the party" "Print the advance notice"
keys n
got=$(sqlite3 "$db" "SELECT k.basis || '/' || k.stage || '/' || (k.record_id = '$rs') || '/' || k.grounds FROM workcase k JOIN subject s ON s.id = k.subject_id WHERE s.id_number = '91350100M000100Y43'")
check "the database has the proposal resting on the chosen record" \
	test "$got" = "refuse_performance/review/1/有履行能力而拒不履行"
keys F10
wait_for "EXITED 0"

# ---- a person's written consent on screen (004 art. 13): the record's
# consent field lists the subject's consents (F4) and registers one there;
# the dossier keeps them (F4) and withdraws one; a withdrawn consent is not
# offered for a record
start
login
keys F5
wait_for "New credit record"
keys F4; text XZCF-2; keys Enter
wait_for "Decision date"
keys Tab
text 231102198001011237; keys Tab
text 李张伟; keys Tab Tab
text 隐瞒收入，月薪两万元
keys Tab Tab Tab
text 黑市监罚〔2026〕41号; keys Tab
text 2026-11-02; keys Tab Tab Tab
see "income in the matter asks for the consent, F4 lists them" "F4 lists the subject's consents"
keys F4
see "the subject's consents: none yet" "Not on file yet"
keys F5
see "F5 opens the consent form" "Written consent of 李张伟"
text 同意〔2026〕7号; keys Tab Tab
text 2030-11-01; keys Tab
see "the scope is what the matter holds" "收入"
keys Tab; text 信用评价; keys Tab; text 提供收入信息可能影响信用评价; keys F2
see "a term past consent.max_years is refused on screen" "at most 3 years"
keys BTab BTab BTab; keys End; keys C-u; text 2027-10-31; keys F2
see "registered: the form names it" "同意〔2026〕7号"
gone "the consent list closed" "Written consents of"
keys F2
see "the record is saved under the consent" "The record was saved: 李张伟"
got=$(sqlite3 "$db" "SELECT r.consent_ref || '/' || c.scope || '/' || c.valid_until || '/' || c.told FROM credit_record r JOIN consent c ON c.subject_id = r.subject_id AND c.reference = r.consent_ref WHERE r.doc_number = '黑市监罚〔2026〕41号'")
check "the database has the record naming the consent registered on screen" \
	test "$got" = "同意〔2026〕7号/收入/2027-10-31/提供收入信息可能影响信用评价"
check "the consent list was logged as the record's entry (internal duty)" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM query_log WHERE query = 'consent list' AND purpose = 'internal_duty' AND purpose_ref = 'entering a credit record' AND channel = 'screen'")" -ge 1
check "the registration is audited" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE op = 'consent.add'")" -eq 1
find_subject 内部核查-9 李张伟 "231102********1237" "the subject is found"
keys Enter
wait_for "Opened for"
see "the dossier's bar offers the list" "F4List"
keys F4
see "F4 in the dossier: the subject's consents, in force" "in force"
see "with what the subject was told" "Consequences told: 提供收入信息"
keys F8
see "withdrawing asks the reason" "Withdraw consent 同意〔2026〕7号"
text 本人书面撤回同意; keys Enter
see "the consent is withdrawn, said on screen" "it lifts nothing from now on"
check "the database has the consent withdrawn" \
	test "$(sqlite3 "$db" "SELECT status FROM consent WHERE reference = '同意〔2026〕7号'")" = withdrawn
keys Escape
keys F5
wait_for "New credit record"
keys F4; text XZCF-2; keys Enter
wait_for "Decision date"
keys Tab Tab Tab Tab
text 隐瞒名下有住房两套
keys Tab Tab Tab
text 黑市监罚〔2026〕42号; keys Tab
text 2026-11-03; keys Tab Tab Tab
keys Enter
see "Enter on the empty consent field lists the consents" "Written consents of 李张伟"
keys Enter
see "a withdrawn consent is not offered" "is not in force"
keys Escape
keys F2
see "without a consent the property data is refused" "Not saved"
keys F10
wait_for "EXITED 0"

# ---- a company's new name corrected on screen from the dossier (issue
# 16): on a document, against the version read; a change made meanwhile
# elsewhere is not overwritten unseen; the dossier shows the name before
start
login
find_subject 内部核查-10 福州某某 "福州某某贸易有限公司"
keys Enter
wait_for "Opened for"
"$CD" $C subject correct 91350100M000100Y43 --legal-rep 王五 --reason 法定代表人变更 \
	--doc 榕市监变〔2026〕1号 > /dev/null
keys F7
wait_for "r: the record   s: the subject"
keys s
see "s: the subject's details, on a document" "Correct the details of 福州某某贸易有限公司"
keys C-u; text 福州某某新材料有限公司; keys Tab Tab
text 企业更名; keys Tab; text 榕市监变〔2026〕2号; keys F2
see "a change made elsewhere after the dossier was read is not overwritten" "changed this at"
see "the new representative shows behind the form" "王五"
keys F2
see "repeated against what is there now: saved" "The subject's details were corrected"
see "the dossier shows the new name" "福州某某新材料有限公司"
see "and the name before" "formerly 福州某某贸易有限公司"
got=$(sqlite3 "$db" "SELECT name || '/' || legal_rep || '/' || row_version FROM subject WHERE id_number = '91350100M000100Y43'")
check "the database has the new name and the other clerk's representative" \
	test "$got" = "福州某某新材料有限公司/王五/3"
check "the correction is audited with its reason and document" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE op = 'subject.correct' AND reason LIKE '企业更名%榕市监变〔2026〕2号%'")" -eq 1
keys F10
wait_for "EXITED 0"

# ---- the administrator's screens: a new user, a new catalog item
start
login admin admin-pass-1
see "the administrator is signed in" "Today's work"
keys F11
see "the users screen" "zhangwei"
keys F5
see "F5 asks for the new user" "New user"
text wangfang; keys Tab; text 王芳; keys Tab; keys Right; keys Tab; text short; keys Enter
see "a short password is refused beside the field" "8 characters"
keys BSpace BSpace BSpace BSpace BSpace; text wangfang-pass-1; keys Enter
see "the user is added" "User wangfang was added"
role=$(sqlite3 "$db" "SELECT role FROM app_user WHERE login = 'wangfang'")
check "the database has the new supervisor" test "$role" = supervisor
keys Escape
see "back home from the users" "Today's work"
keys F12
see "the catalog screen" "Filter:"
keys F5
see "F5 asks for the new catalog item" "New catalog item"
text XZCF-3; keys Tab
see "a code already in use is refused at once" "active item already"
keys Up; keys End; keys BSpace; text 9; keys Tab
text 拒不履行行政处罚决定; keys Tab; keys Right; keys Tab Tab Tab Tab
text 黑河市公共信用信息管理办法第十条; keys Tab Tab Tab Tab Tab
text 6; keys Tab; text 36; keys Tab; keys Space; keys F2
see "the item is added and shown" "Item XZCF-9 was added"
item=$(sqlite3 "$db" "SELECT subject_kind || '/' || polarity || '/' || disclose_max_months || '/' || repairable FROM catalog_item WHERE code = 'XZCF-9'")
check "the database has the item as entered" test "$item" = org/bad/36/1
keys C-u; text YQ-B02
see "a bad item shows the black-list scopes it may ground (rule 11)" "black-list scopes: public_health"
keys F10
wait_for "EXITED 0"

# ---- Chinese
start LANGUAGE=zh_CN
see "Chinese under LANGUAGE=zh_CN" "登录"
login
see "the home screen in Chinese" "今日工作"
see "the central store's state in Chinese" "中心库：在线"
# a message longer than the screen is wide wraps: its end shows
keys F11
see "a long refusal wraps, its end on screen" "操作。"
# a dossier in Chinese: a label and its value joined by the full-width
# colon, as every Chinese line is (not "统一社会信用代码: ...")
keys F3
wait_for "查询事由" > /dev/null
text 内部核查-9; keys Enter
wait_for "查找" > /dev/null
text 北京某某医疗; wait_for "北京某某医疗器械有限公司" > /dev/null; keys Enter
see "the dossier in Chinese" "名单："
lists_colon() { screen | grep -q "名单：[^ ]"; }
check "its lists line: the colon and the value, no space between" lists_colon
lists_zh() { screen | grep "名单：" | grep -q "黑名单：" && ! screen | grep "名单：" | grep -q ": "; }
check "the black list proposed for it, said with the full-width colon too" lists_zh
keys Enter
see "Enter on a record: its versions" "版本"
rec_head_zh() { screen | grep -q "（20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]）"; }
check "the record's head: its document's date in full-width brackets" rec_head_zh
keys Escape
zh_colon() { screen | grep -q "统一社会信用代码：[0-9A-Z]\{6\}\*"; }
check "the identifier's label and its value joined by ：" zh_colon
keys F10
wait_for "EXITED 0"

# ---- the Linux console, without colours: control keys do all the work
start TERM=linux NO_COLOR=1
login
see "TERM=linux: signed in" "Today's work"
keys C-f
wait_for "Purpose of the query"
text 内部核查-8; keys Enter
see "TERM=linux: ^F searches" "Find:"
# keys as other terminals send them: Home as PuTTY and tmux send it
# (Esc [1~) moves in the field, PuTTY's F3 (Esc [13~) is ignored here,
# and neither leaves the screen nor lands as text
text 某某
keys -H 1b 5b 31 7e
text x
see "Home sent as Esc [1~ moves to the start of the field" "x某某"
keys -H 1b 5b 31 33 7e
keys -H 1b 5b 39 39 7e
text y
see "unknown sequences are ignored, never Esc or text" "xy某某"
keys Escape
see "TERM=linux: back home" "Today's work"
keys F5
see "TERM=linux: F5 (Esc [15~) opens the record form" "New credit record"
keys F7; keys F12; text 甲
see "F-keys the form does not use leave no text behind" "甲"
if screen | grep -qF '[18~' || screen | grep -qF '[24~'; then
	not_ok "no escape sequence text in the form"
else
	ok "no escape sequence text in the form"
fi
keys BSpace; keys Escape
see "TERM=linux: back home from an empty form" "Today's work"
# Esc at home asks before signing out; Esc at the login asks before leaving
keys Escape
see "Esc at home asks before signing out" "Sign out of creditdesk?"
keys q
see "other keys leave the question standing" "Sign out of creditdesk?"
keys n
gone "n keeps the clerk signed in" "Sign out of creditdesk?"
see "still at home" "Today's work"
keys Escape; keys y
see "y signs out to the login" "Sign in"
keys Escape
see "Esc at the login asks before leaving" "Leave creditdesk?"
keys Escape
gone "Esc answers no" "Leave creditdesk?"
keys Escape; keys y
see "y leaves" "EXITED 0"

# ---- reports: ^B, the weekly template written where the clerk says
start
login
see "reports: signed in" "Today's work"
keys C-b
see "^B opens the reports, the weekly template first" "weekly collection template"
keys Tab Tab Tab C-u
text "$tmp/week.xlsx"
keys Enter
see "Enter writes it and says what is in it" "Weekly template of 黑河市公共信用信息中心, 2026-11-19 to 2026-11-25:"
see "and where it is" "$tmp/week.xlsx"
check "the file is the template, its row there" test "$(/usr/bin/python3 -c "import openpyxl, sys; wb = openpyxl.load_workbook(sys.argv[1]); print(wb.sheetnames, wb['法人和其他组织']['B2'].value)" "$tmp/week.xlsx")" = "['法人和其他组织', '自然人'] 北京某某医疗器械有限公司"
check "logged as a view from the screen" test "$(sqlite3 "$db" "SELECT channel FROM query_log ORDER BY seq DESC LIMIT 1")" = screen
keys C-u # still in the path
text "$tmp/no/such/dir/w.xlsx"
keys Enter
see "a path that cannot be written: the reason on the screen" "cannot be written"
keys Escape
see "Esc goes back home" "Today's work"

# ---- a dropped connection (SIGHUP) keeps what was typed as a draft
start TERM=vt100
login
see "TERM=vt100: signed in" "Today's work"
keys F5
see "TERM=vt100: F5 opens the record form" "New credit record"
keys Tab Tab
text 110105194912310
keys F8; keys F9
keys Tab; text 赵挂断
see "typed under vt100, no key text in the fields" "赵挂断"
if screen | grep -qE '\[(19|20)~'; then
	not_ok "TERM=vt100: no key text in the fields"
else
	ok "TERM=vt100: no key text in the fields"
fi
pid=$(pgrep -f -- "creditdesk --db $db" | head -n 1)
kill -HUP "$pid"
see "the program ends on SIGHUP" "EXITED 0"
got=$(sqlite3 "$db" "SELECT count(*) FROM draft WHERE status = 'open' AND fields LIKE '%赵挂断%'")
check "the typed input was kept as a draft" test "$got" -eq 1

# ---- the auditor's desk: the logs, filtered, verified, saved; nothing changed
echo 'auditor-pass-1' > "$tmp/audit.pw"
"$CD" --db "$db" --user admin --password-file "$tmp/pw" user add shenji --name 审计员 \
	--role auditor --unit 黑河市公共信用信息中心 --new-password-file "$tmp/audit.pw" > /dev/null
start
login shenji auditor-pass-1
see "the auditor signs in" "Today's work"
before=$(sqlite3 "$db" "SELECT count(*) FROM query_log WHERE purpose_ref = '审计'")
keys C-v
see "^V opens the auditor's desk" "(Left/Right: audit log, query log, query volume)"
see "the audit log, newest first" "user.login"
check "the auditor's reading is in the query log" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM query_log WHERE purpose_ref = '审计'")" -gt "$before"
keys Right
see "Right: the query log" "Query log"
keys F3
see "F3 asks the filter" "Empty fields do not filter"
text zhangwei; keys F2
see "filtered by user" "user=zhangwei  (F3"
see "the clerk's searches are listed, with their purpose" "内部核查-8"
keys Right
see "Right: the query volume" "Query volume"
see "who looked how often" "zhangwei"
keys Left Left
keys F3; wait_for "Empty fields do not filter"
keys Tab Tab Tab Tab Tab; text record.; keys F2
see "filtered by user and operation" "user=zhangwei op=record."
if screen | grep -q "user.login"; then not_ok "only that user's record operations"; else ok "only that user's record operations"; fi
keys C-v
see "^V verifies the chain" "The audit log verifies"
keys F2
see "F2 asks where to save" "Save what is shown"
keys C-u; text "$tmp/desk.csv"; keys Enter
see "the rows are saved" "rows written to"
check "to a file only the auditor can read" test "$(stat -c %a "$tmp/desk.csv")" = 600
keys Escape
see "back home" "Today's work"
keys F5
see "an auditor enters no record" "needs the role"
keys F10
wait_for "EXITED 0"

# ---- requests a supervisor decides elsewhere (issue 16): a leniency
# sent from the form; another unit's record corrected as a request; the
# supervisor approves both from the review list
"$CD" --db "$db" --user admin --password-file "$tmp/pw" unit add 爱辉区信用办 \
	--division 231102 --level county --parent 黑河市公共信用信息中心 > /dev/null
"$CD" --db "$db" --user admin --password-file "$tmp/pw" user add aihui --name 区录入员 \
	--role clerk --unit 爱辉区信用办 --new-password-file "$tmp/pw" > /dev/null
"$CD" --db "$db" --user aihui --password-file "$tmp/pw" record add --id 91231100MA1B2C3D4M \
	--name 黑河某某商贸有限公司 --item XZCF-2 --matter 虚假宣传 --reporting-unit 爱辉区市场监督管理局 \
	--doc-number 爱市监罚〔2026〕4号 --doc-date 2026-10-12 > /dev/null
rq=$(sqlite3 "$db" "SELECT id FROM credit_record WHERE doc_number = '爱市监罚〔2026〕4号'")
start
login
keys F5
wait_for "New credit record"
keys F4; text XZCF-1; keys Enter
wait_for "Decision date"
minor_penalty 黑城管罚〔2026〕8号 2026-11-21
wait_for "may be spared the record"
keys Right
keys Tab; text 首次轻微违法并当场改正
keys F2
wait_for "s: a supervisor signs here"
text q
see "the leniency goes as a request, with its number" "Request KR-2026-0001 sent"
check "no leniency yet: it waits for a supervisor" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM leniency WHERE doc_number = '黑城管罚〔2026〕8号'")" -eq 0
keys F10
wait_for "EXITED 0"
# the district's record, seen by the city's clerk: a correction and a
# withdrawal are asked of the district
start
login
find_subject 黑公函〔2026〕9号 黑河某某商贸 "912311"
keys Enter
wait_for "虚假宣传"
keys F7; keys r
wait_for "Reason for the correction"
text 提供单位来函更正; keys F2
see "another unit's record: the correction is offered as a request" "Send the correction to them as a request?"
text y
see "the correction goes as a request" "Request BG-2026-0001 sent"
keys F8
wait_for "Withdraw:"
text 重复录入; keys Enter
see "the withdrawal is offered as a request too" "Send the withdrawal to them as a request?"
text y
see "one open request per record" "BG-2026-0001 on this record is still open"
check "the record itself is unchanged" \
	test "$(sqlite3 "$db" "SELECT status || row_version FROM credit_record WHERE id = '$rq'")" = active1
keys F10
wait_for "EXITED 0"
start
login shenhe super-pass-1
see "the supervisor's review list has the leniency request" "leniency r"
see "and the request to change the district's record" "request to"
keys Down Down Down; keys Enter
see "the leniency request shows what is asked" "Asked: not recorded (leniency) for XZCF-1"
text a
see "approved" "Decided"
check "the leniency is in force, approved by the supervisor" \
	test "$(sqlite3 "$db" "SELECT l.kind || '/' || u.login FROM leniency l JOIN app_user u ON u.id = l.approved_by WHERE l.doc_number = '黑城管罚〔2026〕8号'")" = not_recorded/shenhe
keys Enter # the list drawn again: the request is where the leniency was
see "the request shows the unit that asks and why" "提供单位来函更正"
text a
see "approved too" "Decided"
check "approving made the correction, at the request's version" \
	test "$(sqlite3 "$db" "SELECT status || row_version FROM credit_record WHERE id = '$rq'")" = active2
keys F10
wait_for "EXITED 0"

no_sanitizer_report
plan $tap_n
finish
