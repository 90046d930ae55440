#!/bin/sh
# tests/import_faults.sh: bad bytes never pass silently and never block
# the good rows (issue 15): a NUL byte, a quote that opens a cell and is
# never closed, a file cut in the middle of its last row, a line a mile
# long: each a row-numbered reason in the reject file, the other rows
# imported; a pipe, a device and a directory refused; Excel's "Unicode
# text" (UTF-16) read as the CSV it is.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 93
init_db
add_clerk zhangwei
cd "$tmp" || exit 1
sqlite3 "$db" "VACUUM INTO '$tmp/empty.db'"
fresh() { cp "$tmp/empty.db" "$tmp/$1.db"; }
I() { "$CD" --db "$tmp/$1.db" --user zhangwei --password-file "$tmp/clerk.pw" import "$2"; }
count() { sqlite3 "$tmp/$1.db" "SELECT count(*) FROM credit_record"; }
"$top_builddir/bench/gen" --rows 40 --seed 3 > rows.csv
# line N of the file (the header is line 1)
line() { sed -n "${1}p" rows.csv; }

# a NUL byte in the middle of row 5
{ sed -n '1,4p' rows.csv; line 5 | sed 's/,/,\x00/3'; sed -n '6,41p' rows.csv; } > nul.csv
check "the file has a NUL byte" sh -c "tr -d '\\000' < nul.csv | cmp -s - nul.csv; test \$? -ne 0"
fresh nul; I nul nul.csv > out 2>&1
check "a NUL byte: the other 39 rows import" test "$(count nul)" = 39
check "the row is rejected, numbered, saying what is wrong" grep -q "Row 5 holds a NUL byte" nul.rejects.csv
check "its cells are kept for the clerk (no NUL)" \
	sh -c "grep 'Row 5 holds' nul.rejects.csv | grep -q \"$(line 5 | cut -d, -f4)\""

# a quote that opens a cell in row 10 and is never closed
{ sed -n '1,9p' rows.csv; line 10 | sed 's/^\([^,]*\),\([^,]*\),/\1,"\2,/'; sed -n '11,41p' rows.csv; } > quote.csv
fresh quote; I quote quote.csv > out 2>&1
check "a stray quote swallows nothing: 39 rows import" test "$(count quote)" = 39
check "its row is rejected with the reason and the row number" \
	grep -q "Row 10: a quote .* opens a cell and is never closed" quote.rejects.csv
# the same quote in the last row: the file ends inside the cell
{ sed -n '1,40p' rows.csv; line 41 | sed 's/^\([^,]*\),\([^,]*\),/\1,"\2,/'; } > quote2.csv
fresh quote2; I quote2 quote2.csv > out 2>&1
check "a quote open at the end of the file: the 39 rows before import" test "$(count quote2)" = 39
check "the last row is rejected: the file ends before the quote closes" \
	grep -q "Row 41: a quote .* opens a cell and the file ends" quote2.rejects.csv
# a legitimate cell over two lines (Alt+Enter in Excel) still reads
{ sed -n '1,2p' rows.csv; line 3 | awk -F, 'BEGIN{OFS=","} {$5="\"" $5 "\n（续）\""; print}'; sed -n '4,41p' rows.csv; } > multi.csv
fresh multi; I multi multi.csv > out 2>&1
check "a quoted cell over two lines is one cell, not a stray quote: every row imports" \
	test "$(count multi)" = 40
check "the cell is one line: the break between Chinese characters gone" \
	test "$(sqlite3 "$tmp/multi.db" "SELECT count(*) FROM credit_record WHERE matter LIKE '%_（续）' AND instr(matter, char(10)) = 0")" = 1

# the file cut in the middle of its last row
head -c -40 rows.csv > cut.csv
fresh cut; I cut cut.csv > out 2>&1
check "a file cut short: the whole rows import" test "$(count cut)" = 39
check "the last row is rejected as cut short, with its number" \
	grep -q "Row 41, the last, ends without its line break" cut.rejects.csv

# a line of 2 MiB
{ sed -n '1,20p' rows.csv; head -c 2097152 /dev/zero | tr '\0' 'x'; echo; sed -n '21,41p' rows.csv; } > huge.csv
fresh huge; I huge huge.csv > out 2>&1
check "a line of 2 MiB: the other 40 rows import" test "$(count huge)" = 40
check "the line is rejected, numbered" grep -q "Row 21 is longer than 1024 KiB" huge.rejects.csv
check "and the reject file does not carry it" test "$(stat -c %s huge.rejects.csv)" -lt 10000

# not files
mkfifo pipe.csv
fresh fifo; I fifo pipe.csv > out 2>&1
st=$?
check "a pipe is refused (not waited on)" test $st -ne 0
check "saying it is not a file" grep -q "is not a file" out
I fifo /dev/zero > out 2>&1
check "a device is refused" grep -q "is not a file" out
I fifo "$tmp" > out 2>&1
check "a directory is refused" grep -q "is not a file" out
check "and nothing was imported from any of them" test "$(count fifo)" = 0

# files that are no table at all, as mail brings them: each named for
# what it is, with what to do
printf '%%PDF-1.4\n%%...\n' > notice.pdf
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' > scan.png
printf '\377\330\377\340\000\020JFIF' > photo.jpg
/usr/bin/python3 - << 'PY'
import zipfile
with zipfile.ZipFile("letter.docx", "w") as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("word/document.xml", "<w:document/>")
with zipfile.ZipFile("week48.zip", "w") as z:
    z.writestr("第48周/", "")
    z.writestr("第48周/法人.csv", "a,b\n")
    z.writestr("第48周/自然人.csv", "a,b\n")
# a Word 97-2003 file: an OLE2 compound file whose directory names
# the WordDocument stream
name = "WordDocument".encode("utf-16-le")
open("old.doc", "wb").write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 1016 + name + b"\0" * 512)
PY
fresh nt
I nt notice.pdf > out 2>&1
check "a PDF is named as one, and the table asked for" grep -q "notice.pdf is a PDF document, not a table: ask the sender for the table itself" out
I nt scan.png > out 2>&1
check "a scanned image is named as one" grep -q "scan.png is an image (a scan or a photo), not a table" out
I nt photo.jpg > out 2>&1
check "a photo too" grep -q "photo.jpg is an image" out
I nt letter.docx > out 2>&1
check "a Word document (.docx) is named as one" grep -q "letter.docx is a Word or PowerPoint document, not a table" out
I nt old.doc > out 2>&1
check "a Word 97-2003 document (.doc) is named as one" grep -q "old.doc is a Word 97-2003 document (.doc), not a table" out
I nt week48.zip > out 2>&1
check "a zip of the week's files: named as an archive, its files listed, to unpack" \
	grep -q "week48.zip is a zip archive (第48周/法人.csv, 第48周/自然人.csv), not a workbook: unpack it" out
check "and nothing was imported from any of them" test "$(count nt)" = 0
: > empty.csv
I nt empty.csv > out 2>&1
check "an empty file is said to be empty" grep -q "empty.csv is empty (0 bytes): it was not saved or not sent whole" out
# what Excel keeps beside a workbook open on a share: who opened it
printf '\007zhangwei%54s\000\000' '' > '~$week48.xlsx'
I nt '~$week48.xlsx' > out 2>&1
check "Excel's lock file beside an open workbook is named as such, the workbook to choose said" \
	grep -q '~\$week48.xlsx is not a workbook but the small file Excel or WPS keeps beside one while it is open.*without ~\$ in front' out
# a CSV that happens to begin with BM is a CSV
{ printf 'BM编号,'; cat rows.csv; } > bm.csv
I nt bm.csv > out 2>&1
check "a CSV beginning with BM is read as the CSV it is" grep -q "bm.csv (UTF-8): 40 rows" out

# the good file still imports whole, its last row without a line break too
head -c -1 rows.csv > nonl.csv
fresh nonl; I nonl nonl.csv > out 2>&1
check "a last row without its line break but whole imports" test "$(count nonl)" = 40
check "and nothing is rejected" test ! -e nonl.rejects.csv
# a clean re-import takes away the reject file of the earlier one
cp cut.csv again.csv
fresh again; I again again.csv > /dev/null 2>&1
check "an import with rejects leaves its reject file" test -f again.rejects.csv
cp rows.csv again.csv
I again again.csv > out 2>&1
check "the corrected file imported clean: the old reject file is gone" test ! -e again.rejects.csv
check "and the summary says so" grep -q "reject file of the earlier import.*was removed" out
# Excel's "Unicode 文本": UTF-16 with its BOM, tab-separated, CRLF
u16() { # $1 UTF-16LE or UTF-16BE, $2 the output; the rows from stdin
	if [ "$1" = UTF-16LE ]; then printf '\377\376'; else printf '\376\377'; fi > "$2"
	sed 's/$/\r/' | tr ',' '\t' | iconv -f UTF-8 -t "$1" >> "$2"
}
sed -n '1,41p' rows.csv | u16 UTF-16LE le.txt
fresh le; I le le.txt > out 2>&1
check "Excel's Unicode text (UTF-16LE, tabs): every row imports" test "$(count le)" = 40
check "the summary names the encoding" grep -q "(UTF-16LE): 40 rows" out
fresh ref; I ref rows.csv > /dev/null 2>&1
check "the same records as the CSV" \
	test "$(sqlite3 "$tmp/le.db" "SELECT group_concat(doc_number || matter, ' ') FROM (SELECT doc_number, matter FROM credit_record ORDER BY 1)")" = \
	     "$(sqlite3 "$tmp/ref.db" "SELECT group_concat(doc_number || matter, ' ') FROM (SELECT doc_number, matter FROM credit_record ORDER BY 1)")"
{ sed -n '1,2p' rows.csv; line 3 | sed 's/,[0-9]\{17\}[0-9X],/,11010519491231002Y,/'; } | u16 UTF-16BE be.txt
fresh be; I be be.txt > out 2>&1
check "UTF-16BE: the good row imports, the bad one is rejected" test "$(count be)" = 1
check "its reject file is a CSV in UTF-8 with a BOM, comma-separated" \
	sh -c "head -c 3 be.rejects.csv | od -An -tx1 | grep -q 'ef bb bf' && head -n 1 be.rejects.csv | grep -q '^.序号,'"
head -c -41 le.txt > cut16.txt
fresh cut16; I cut16 cut16.txt > out 2>&1
check "UTF-16 cut inside a character: the rows before import" test "$(count cut16)" = 39
check "and the last row is rejected as cut short" grep -q "Row 41, the last, .*cut short" cut16.rejects.csv
# a file with its header and no row: said, not only "0 rows"
sed -n 1p rows.csv > headonly.csv
fresh headonly; I headonly headonly.csv > out 2>&1
check "a header and no row: the summary asks whether it is the right file" \
	grep -q "^The file has its header row and no row under it: was the right file chosen" out
# a text export with a title line above its header: the delimiter is
# told from the lines, not from the title alone
{ echo "黑河市行政处罚信息"; sed -n '1,41p' rows.csv | tr ',' '\t'; } > titled.txt
fresh titled; I titled titled.txt > out 2>&1
check "tabs under a title line: every row imports" test "$(count titled)" = 40
# a CSV from an Excel whose list separator is ';': read, and its reject
# file in the same separator imports back when corrected
{ sed -n '1,2p' rows.csv; line 3 | sed 's/,[0-9]\{17\}[0-9X],/,11010519491231002Y,/'; sed -n '4,41p' rows.csv; } |
	tr ',' ';' > semi.csv
fresh semi; I semi semi.csv > out 2>&1
check "semicolons: the good rows import, the bad one is rejected" test "$(count semi)" = 39
check "its reject file keeps the semicolons" \
	sh -c "head -n 1 semi.rejects.csv | grep -q '^序号;' && test \"\$(grep -c ';' semi.rejects.csv)\" = 2"
sed -i "2s/11010519491231002Y/$(line 3 | sed 's/.*,\([0-9]\{17\}[0-9X]\),.*/\1/')/" semi.rejects.csv
I semi semi.rejects.csv > out 2>&1
check "corrected, it imports back" test "$(count semi)" = 40
printf '\377\376\000\330A\000' > bad16.txt
fresh bad16; I bad16 bad16.txt > out 2>&1
check "UTF-16 with a lone surrogate: refused as damaged, nothing imported" \
	sh -c "grep -q 'not UTF-16 near byte' out && test $(count bad16) = 0"
# a row above the header that looks like a record: rejected, not a title
{ line 2; sed -n '1p;3,41p' rows.csv; } > above.csv
fresh above; I above above.csv > out 2>&1
check "a record above the header: the rows below import" test "$(count above)" = 39
check "and it is rejected, saying to move it below the header" \
	grep -q "Row 1 looks like a record, but comes before the header row" above.rejects.csv
# but a line about the sender above the table, its labels ending in a
# colon, is a title, its unit's code notwithstanding
{ printf '填报单位（盖章）：,某区市场监管局,统一社会信用代码：,91110000600037341L,填报日期：,2026-11-30\n'; cat rows.csv; } > sender.csv
fresh sender; I sender sender.csv > out 2>&1
check "a sender's line above the header is passed over: every row imports" test "$(count sender)" = 40
# an ID that went through Excel as a number, saved as CSV: 1.10105E+17
{ sed -n '1,2p' rows.csv; line 3 | sed 's/,[0-9]\{17\}[0-9X],/,1.10105E+17,/'; sed -n '4,41p' rows.csv; } > sci.csv
fresh sci; I sci sci.csv > out 2>&1
check "an ID Excel wrote as 1.10105E+17: the other rows import" test "$(count sci)" = 39
check "and the row says the digits are lost and how to keep them" \
	grep -q "1.10105E+17 was kept as a number by the spreadsheet program (Excel, WPS or LibreOffice) and has lost its last digits.*设置单元格格式" sci.rejects.csv
# the same ID where the column showed whole numbers: in full, its last
# three digits zeros (Excel keeps 15), so its check character fits no ID
{ sed -n '1,2p' rows.csv; line 3 | sed 's/,\([0-9]\{15\}\)[0-9]\{2\}[0-9X],/,\1000,/'; sed -n '4,41p' rows.csv; } > zeros.csv
fresh zeros; I zeros zeros.csv > out 2>&1
check "an ID Excel showed in full with 000 for its last digits: the row says they are lost" \
	sh -c "test $(count zeros) = 39 && grep -q '^2,.*ends in 000 and its check character fits no ID: .*put zeros for its last three digits' zeros.rejects.csv"
# a comma typed in a matter without quotes: the row has a value more
# than its header, every value after the comma one column on; a value
# added after the last column
{ sed -n '1,6p' rows.csv; line 7 | awk -F, 'BEGIN{OFS=","} {$5=$5 ",已责令改正"; print}'
  sed -n '8p' rows.csv | sed 's/\r$/,备注：已电话通知\r/'; sed -n '9,41p' rows.csv; } > comma.csv
fresh comma; I comma comma.csv > out 2>&1
check "a row with a value beyond its header is not imported silently: 38 rows" \
	test "$(count comma)" = 38
check "the reason names the column and the unquoted comma" \
	grep -q "^6,.*Column 11 (K in Excel) has a value beyond the header's 10 columns (.*): a value holding a comma without quotes" comma.rejects.csv
check "and tells the row's other faults with it (the values one column on)" \
	grep -q "^6,.*beyond the header.*The data type (数据类型) must be 优良 or 不良" comma.rejects.csv
check "a value after the last column is told too, and its row kept" \
	grep -q "^7,.*Column 11 (K in Excel) has a value beyond the header's 10 columns (备注：已电话通知)" comma.rejects.csv
# the clerk quotes the matter and removes the remark: the reject file
# imports back (its reason under 退回原因, ignored)
sed -e 's/^\(6,[^,]*,[^,]*,[^,]*,\)\([^,]*,已责令改正\)/\1"\2"/' -e 's/,备注：已电话通知,/,/' comma.rejects.csv > comma-fixed.csv
I comma comma-fixed.csv > out 2>&1
check "corrected, both rows import" test "$(count comma)" = 40
check "the matter with its comma, as typed" \
	test "$(sqlite3 "$tmp/comma.db" "SELECT count(*) FROM credit_record WHERE matter LIKE '%,已责令改正'")" = 1
# lines below the table that are no record: a total, a sign-off whose
# cells are labelled (填报人：张三), a note; a record that lacks its
# identifier is still one, even with a colon in its matter
{ cat rows.csv; printf ',,,,,,,,,\r\n合计,40条,,,,,,,,\r\n填报人：张三,,审核人：李四,,联系电话：0451-1234567,,,填报日期：2026年11月30日,,\r\n'
  printf '注：1.证件号码请填写18位。,,,,,,,,,\r\n41,自然人,王某,,罚款：200元,,某区交警大队,不良,交罚〔2026〕1号,2026-01-05\r\n'; } > foot.csv
fresh foot; I foot foot.csv > out 2>&1
check "a total, a sign-off and a note below the table are passed over: the 40 rows import" \
	grep -q "41 rows; imported 40, duplicate 0, rejected 1; 4 blank, title or note lines skipped" out
check "a record without its identifier is still a record: rejected, saying so" \
	grep -q "^41,自然人,王某,.*identity document number is missing" foot.rejects.csv
check "and it is the only line rejected" test "$(grep -c . foot.rejects.csv)" = 2

# the unit named by a title line above the table, the template having no
# column of it (填报单位（盖章）：... beside the date, in one cell); row 5
# has a data type that is none
{ printf '黑河市行政处罚信息报送表\r\n填报单位（盖章）：黑河市市场监督管理局    填报日期：2026年11月30日,,,,,,,,\r\n'
  cut -d, -f1-6,8-10 rows.csv | sed '5s/,不良,/,坏,/;5s/,优良,/,坏,/'; } > titled.csv
fresh titled; I titled titled.csv > out 2>&1
unit_rows() { sqlite3 "$tmp/$1.db" "SELECT count(*) FROM credit_record WHERE reporting_unit = '$2'"; }
check "a title line's unit is the reporting unit of the rows: 39 import, with it" \
	test "$(unit_rows titled 黑河市市场监督管理局)" = 39
check "the summary says which unit, for how many rows" \
	grep -q "of 40 rows that name none is the one their title line names: 黑河市市场监督管理局$" out
check "the reject file keeps the title's unit above its header" \
	test "$(sed -n 1p titled.rejects.csv | tr -d '\r')" = 填报单位：黑河市市场监督管理局
sed 's/,坏,/,不良,/' titled.rejects.csv > titled-fixed.csv
I titled titled-fixed.csv > out 2>&1
check "corrected, the rejected row imports back with the unit" \
	test "$(unit_rows titled 黑河市市场监督管理局)" = 40
# the label alone in a cell and the unit in the next; a row's own unit
# wins over the title's
{ printf '填报单位：,黑河市卫生健康委员会,,\r\n'; sed '2s/^\(\([^,]*,\)\{6\}\)[^,]*/\1/' rows.csv; } > own.csv
fresh own; I own own.csv > out 2>&1
check "the unit in the cell after the label: the row naming none takes it, the others keep theirs" \
	test "$(unit_rows own 黑河市卫生健康委员会)-$(count own)" = 1-40
# the seal's note after the colon, the unit in the next cell; a unit
# whose name holds 、
{ printf '填报单位：（盖章）,黑河市卫生健康委员会,,\r\n'; cut -d, -f1-6,8-10 rows.csv; } > seal.csv
fresh seal; I seal seal.csv > out 2>&1
check "填报单位：（盖章） and the unit in the next cell: the unit, not the seal's note" \
	test "$(unit_rows seal 黑河市卫生健康委员会)" = 40
{ printf '数据提供单位：各县（市、区）市场监管局,,,\r\n'; cut -d, -f1-6,8-10 rows.csv; } > dun.csv
fresh dun; I dun dun.csv > out 2>&1
check "a unit's name with 、 in it is one name" \
	test "$(unit_rows dun '各县（市、区）市场监管局')" = 40
# a label that only starts like the unit's (填报单位负责人) names no unit
{ printf '填报单位负责人：张三,,,\r\n'; cut -d, -f1-6,8-10 rows.csv; } > head.csv
fresh head; I head head.csv > out 2>&1
check "填报单位负责人 is no unit: the rows are rejected, saying what to add" \
	grep -q "The reporting unit (填报单位) is missing: name the unit that provides the record (in a file, a column 填报单位 or a line 填报单位：... above its header; for a whole file from one unit, 填报单位 when importing it)" head.rejects.csv
check "and the summary says how to give one unit for the whole file" \
	grep -q "^40 rows name no reporting unit (填报单位): if one unit sent the whole file, import it again with --reporting-unit UNIT.$" out

# the unit that sent the file, given with it (a department's own file, a
# 双公示 export with 处罚机关 and no 数据来源单位): for the rows naming
# none; a row's own unit and a title line's stand before it
IU() { "$CD" --db "$tmp/$1.db" --user zhangwei --password-file "$tmp/clerk.pw" import --reporting-unit "$2" "$3"; }
IU head '  黑河市公安局 ' head.csv > out 2>&1
check "the given unit, trimmed, is the reporting unit of the rows naming none" \
	test "$(unit_rows head 黑河市公安局)-$(count head)" = 40-40
check "the summary says which unit, for how many rows" \
	grep -q "^The reporting unit (填报单位) of 40 rows that name none is the one given for the file: 黑河市公安局 (audited).$" out
check "and no more that none is named" sh -c "! grep -q 'name no reporting unit' out"
check "the batch's audit entry names the unit, the rows and who gave it" \
	test "$(sqlite3 "$tmp/head.db" "SELECT u.login || ' ' || json_extract(a.new_values, '\$.reporting_unit') || ' ' || json_extract(a.new_values, '\$.rows') FROM audit_log a JOIN app_user u ON u.id = a.actor WHERE a.op = 'import.reporting_unit' AND a.entity_id = (SELECT id FROM import_batch WHERE imported = 40)")" = "zhangwei 黑河市公安局 40"
fresh own2; IU own2 黑河市公安局 own.csv > out 2>&1
check "a title line's unit stands before the given one; a row's own before both" \
	test "$(unit_rows own2 黑河市卫生健康委员会)-$(unit_rows own2 黑河市公安局)-$(count own2)" = 1-0-40
check "and no row is said to take the given unit" sh -c "! grep -q 'given for the file' out"
fresh blank; IU blank '   ' head.csv > out 2>&1; rc=$?
check "a blank unit is refused, saying what to give, and nothing imports" \
	test "$rc-$(count blank)-$(grep -c 'Give the name of the unit that sent the file' out)" = 1-0-1
IU blank "$(printf '某%.0s' $(seq 101))局" head.csv > out 2>&1; rc=$?
check "a unit longer than a record's is refused, with its length" \
	test "$rc-$(count blank)-$(grep -c 'is 102 characters long; at most 100' out)" = 1-0-1
# a department's own file: no unit, every row's deciding body the same;
# the hint names it.  Two bodies: the plain hint.
cut -d, -f1-6,8-10 rows.csv | tr -d '\r' | sed '1s/$/,处罚机关/;2,$s/$/,黑河市公安局/' > issuer.csv
fresh issuer; I issuer issuer.csv > out 2>&1
check "rows naming no unit, all decided by one body: the hint names it as the likely sender" \
	grep -q "^40 rows name no reporting unit (填报单位); their deciding body is 黑河市公安局: if that body sent the file, import it again with --reporting-unit 黑河市公安局.$" out
sed '5s/黑河市公安局$/黑河市卫健委/' issuer.csv > issuer2.csv
I issuer issuer2.csv > out 2>&1
check "two bodies: no one is named" \
	grep -q "^40 rows name no reporting unit (填报单位): if one unit sent the whole file" out

# the guidance a template puts under its header: a row of hints
# ((必填), 选填, 填写..., with the choices among them) and a row numbering
# the columns: notes passed over, not rows rejected
{ sed -n 1p rows.csv; echo '（必填）,必填,必填,填写18位统一社会信用代码或身份证号码,必填，按目录填写,选填,必填,优良/不良,,格式：2026-03-05'
  echo 1,2,3,4,5,6,7,8,9,10; sed -n '2,41p' rows.csv; } > guide.csv
fresh guide; I guide guide.csv > out 2>&1
check "a guidance row and a numbering row under the header: the 40 rows import, none rejected" \
	test "$(count guide)-$(grep -c 'rejected 0; 2 blank, title or note lines skipped' out)" = 40-1
# the same rows with an identifier, or as the first data row, are rows
{ sed -n 1p rows.csv; line 2 | sed 's/^[^,]*,[^,]*,[^,]*,/（必填）,必填,必填,/'; sed -n '3,41p' rows.csv; } > guide2.csv
fresh guide2; I guide2 guide2.csv > out 2>&1
check "hints beside an identifier are a record's row: rejected with its reason" \
	test "$(count guide2)-$(grep -c '^  1 row (2): The subject kind is not understood' out)" = 39-1
{ sed -n 1,2p rows.csv; echo '（必填）,必填,必填,,必填,选填,必填,,,'; sed -n '3,41p' rows.csv; } > guide3.csv
fresh guide3; I guide3 guide3.csv > out 2>&1
check "hints below a record, not under the header: a row rejected, not passed over" \
	test "$(count guide3)-$(grep -c 'rejected 1;' out)" = 40-1
{ sed -n 1p rows.csv; echo 1,2,3,4,5,6,7,8,9,10; sed -n '2,41p' rows.csv; echo 1,2,3,4,5,6,7,8,9,10; } > guide4.csv
fresh guide4; I guide4 guide4.csv > out 2>&1
check "a numbering row at the foot is a row, not guidance" \
	test "$(count guide4)-$(grep -c 'rejected 1;' out)" = 40-1

# the template's example row: never a record, however real its values;
# rejected saying so (nothing disappears without a word)
{ sed -n 1p rows.csv; line 2 | sed 's/^[^,]*,/示例,/'; line 3 | sed 's/^[^,]*,/（例1）,/'
  sed -n '4,41p' rows.csv; } > example.csv
fresh example; I example example.csv > out 2>&1
check "the example rows (示例, （例1）) are not imported; the other 38 are" \
	test "$(count example)-$(grep -c 'rejected 2;' out)" = 38-1
check "each rejected saying it is the template's example and what to do" \
	test "$(grep -c "Row 2 is marked '示例': the template's example, not a record; it was not imported. Delete the row" example.rejects.csv)-$(grep -c "Row 3 is marked '（例1）'" example.rejects.csv)" = 1-1
{ sed -n 1p rows.csv; line 2 | sed 's/^[^,]*,/例外,/'; sed -n '3,41p' rows.csv; } > example2.csv
fresh example2; I example2 example2.csv > out 2>&1
check "例外 is no example mark: the row imports" test "$(count example2)" = 40

# what a copy from a web page or a chat brings into a cell and no clerk
# sees: a zero-width space inside the ID and the name, a BOM and a soft
# hyphen after them, a thin space between the ID's groups; and a Chinese
# character typed for a digit
zw=$(printf '\342\200\213'); thin=$(printf '\342\200\211'); bom=$(printf '\357\273\277'); shy=$(printf '\302\255')
{ sed -n 1p rows.csv
  line 2 | awk -F, -v OFS=, -v zw="$zw" -v bom="$bom" -v shy="$shy" \
	'{ $3 = substr($3, 1, 3) zw substr($3, 4) bom; $4 = zw substr($4, 1, 6) zw substr($4, 7) shy; print }'
  line 3 | awk -F, -v OFS=, -v thin="$thin" '{ $4 = substr($4, 1, 6) thin substr($4, 7); print }'
  line 4 | awk -F, -v OFS=, '{ $4 = substr($4, 1, 5) "一" substr($4, 7); print }'
  sed -n '5,41p' rows.csv; } > unseen.csv
fresh unseen; I unseen unseen.csv > out 2>&1
fresh seen; I seen rows.csv > /dev/null 2>&1
subjects() { sqlite3 "$1.db" "SELECT id_type || ' ' || id_number || ' ' || name FROM subject
	WHERE id_number <> '$(line 4 | cut -d, -f4)' ORDER BY 1"; }
check "invisible characters in IDs and a name: 39 rows import, the subjects those of the clean file" \
	test "$(count unseen)-$(subjects unseen | md5sum)" = "39-$(subjects seen | md5sum)"
check "a Chinese character for a digit: the row rejected naming it, counted in characters" \
	grep -q "^  1 row (4): .*character 6 is '一'" out

# one number under two names in the same file: the row is told against
# the row that gave the number its name (the clerk has both in hand);
# against the office's records, the name on file is not said
id=$(line 2 | cut -d, -f4); name=$(line 2 | cut -d, -f3)
{ sed -n '1,41p' rows.csv; line 2 | awk -F, -v OFS=, '{ $3 = $3 "某"; $9 = $9 "X"; print }'; } > twice.csv
fresh twice; I twice twice.csv > out 2>&1
check "the same number under another name later in the file: rejected naming the row and both names" \
	grep -q "^  1 row (42): Row 2 of this file gives the number $id to \"$name\", this row to \"${name}某\": one of the two is wrong" out
{ sed -n 1p rows.csv; line 2 | awk -F, -v OFS=, '{ $3 = $3 "某"; $9 = $9 "X"; print }'; } > other.csv
I twice other.csv > out 2>&1
check "against the records on file the name on file is not said" \
	test "$(grep -c 'is on file under another name than' out)-$(grep -c "\"$name\"" out)" = 1-0

