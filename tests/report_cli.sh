#!/bin/sh
# tests/report_cli.sh: the reports that leave the office, read back as a
# spreadsheet program would (python3-openpyxl): the weekly collection
# template (sheets, headers, values, print set-up, text never a formula,
# the query log, the round trip through the import).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 60
PY=/usr/bin/python3
if ! $PY -c 'import openpyxl' 2> /dev/null; then
	echo "Bail out! python3-openpyxl is not installed (sh .ci/deps test)"
	exit 1
fi
echo 'demo-clerk-1' > "$tmp/pw"
"$CD" --db "$tmp/demo.db" demo > /dev/null 2>&1
Z() { "$CD" --db "$tmp/demo.db" --user zhangwei --password-file "$tmp/pw" "$@"; }
# a record whose text a spreadsheet would take for formulas
Z record add --id 91110000600037341L --name '=HYPERLINK("http://x","点")' --item YQ-B05 \
	--matter '=1+1防疫物资企业拒不履行合约' --reporting-unit '@某某镇市场监管所' \
	--doc-number '-镇罚〔2026〕9号' --doc-date 2026-01-15 > /dev/null
# xl FILE EXPR: print a Python expression over the workbook wb
xl() { $PY -c "import openpyxl, sys; wb = openpyxl.load_workbook(sys.argv[1]); print($2)" "$1"; }

# -- the week up to this Wednesday (the test clock: Monday 2026-11-23) ---
cd "$tmp" || exit 1
Z report weekly --out week.xlsx > out 2>&1
check "report weekly writes the template" test $? -eq 0
check "the default week is Thursday to this Wednesday" \
	grep -q "2026-11-19 to 2026-11-25" out
check "the file is its owner's only (0600)" test "$(stat -c %a week.xlsx)" = 600
check "no temporary file left beside it" test -z "$(ls -A | grep '^\.week')"
check "two sheets, organisations and persons" \
	test "$(xl week.xlsx "'|'.join(wb.sheetnames)")" = "法人和其他组织|自然人"
check "the organisations' header as published, then the document columns" \
	test "$(xl week.xlsx "'|'.join(c.value for c in wb['法人和其他组织'][1])")" = \
	"序号|主体名称|统一社会信用代码|事项|填报单位|数据类型|目录编码|文书类型|文书号|决定日期|决定机关|同意书编号"
check "the persons' header as published, then the document columns" \
	test "$(xl week.xlsx "'|'.join(c.value for c in wb['自然人'][1])")" = \
	"序号|姓名|身份证号|事项|所属单位|填报单位|数据类型|目录编码|文书类型|文书号|决定日期|决定机关|同意书编号"
orgs=$(sqlite3 "$tmp/demo.db" "SELECT count(*) FROM credit_record r JOIN subject s ON s.id = r.subject_id WHERE s.kind = 'org' AND r.status = 'active'")
persons=$(sqlite3 "$tmp/demo.db" "SELECT count(*) FROM credit_record r JOIN subject s ON s.id = r.subject_id WHERE s.kind = 'person' AND r.status = 'active'")
check "every organisation's record of the week, numbered" \
	test "$(xl week.xlsx "wb['法人和其他组织'].max_row - 1, wb['法人和其他组织'].cell(wb['法人和其他组织'].max_row, 1).value")" = "$orgs $orgs"
check "every person's record of the week" \
	test "$(xl week.xlsx "wb['自然人'].max_row - 1")" = "$persons"
check "数据类型 is 优良 or 不良" \
	test "$(xl week.xlsx "sorted(set(r[5] for r in wb['法人和其他组织'].iter_rows(min_row=2, values_only=True)))")" = "['不良', '优良']"
check "a resident ID in full (the template goes to the level above)" \
	test "$(xl week.xlsx "all(len(r[2]) == 18 for r in wb['自然人'].iter_rows(min_row=2, values_only=True))")" = True
check "text that looks like a formula is text" \
	test "$(xl week.xlsx "[(c.data_type, c.value) for c in wb['法人和其他组织'][wb['法人和其他组织'].max_row][1:5]]")" = \
	"[('s', '=HYPERLINK(\"http://x\",\"点\")'), ('s', '91110000600037341L'), ('s', '=1+1防疫物资企业拒不履行合约'), ('s', '@某某镇市场监管所')]"
check "A4, landscape, fitted to the page's width" \
	test "$(xl week.xlsx "[(ws.page_setup.paperSize, ws.page_setup.orientation, ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.fitToHeight) for ws in wb]")" = \
	"[(9, 'landscape', True, 0), (9, 'landscape', True, 0)]"
check "the header row repeats on every page; print area over the rows" \
	test "$(xl week.xlsx "[(ws.print_title_rows, ws.print_area) for ws in wb]")" = \
	"[('\$1:\$1', ['\$A\$1:\$L\$$((orgs + 1))']), ('\$1:\$1', ['\$A\$1:\$M\$$((persons + 1))'])]"
check "page N of M in the footer, the unit and week in the header" \
	test "$(xl week.xlsx "(wb['自然人'].oddFooter.center.text, wb['自然人'].oddHeader.center.text)")" = \
	"('第 &P 页 共 &N 页', '爱辉区西岗子镇便民服务中心 信用信息归集（2026-11-19 至 2026-11-25）')"
check "a CJK font in the cells; columns as wide as the Chinese text" \
	test "$(xl week.xlsx "(wb['自然人']['D2'].font.name, wb['自然人'].column_dimensions['D'].width > 30, wb['自然人'].column_dimensions['B'].width < 15)")" = \
	"('宋体', True, True)"
check "the export is in the query log before the file: internal duty, with the count" \
	test "$(sqlite3 "$tmp/demo.db" "SELECT purpose, purpose_ref, results FROM query_log ORDER BY seq DESC LIMIT 1")" = \
	"internal_duty|weekly template 爱辉区西岗子镇便民服务中心 2026-11-19..2026-11-25|$((orgs + persons))"

# -- the round trip: the same records back, nothing added -------------------
$PY - "$tmp/week.xlsx" "$tmp" << 'EOF'
import csv, openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
for i, ws in enumerate(wb.worksheets):
    with open(f"{sys.argv[2]}/sheet{i}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        for row in ws.iter_rows(values_only=True):
            w.writerow(["" if v is None else v for v in row])
EOF
before=$(sqlite3 "$tmp/demo.db" "SELECT count(*) FROM credit_record")
Z import sheet0.csv > imp0 2>&1 && Z import sheet1.csv > imp1 2>&1
check "imported back into the same office: every row a duplicate" \
	grep -q "imported 0, duplicate $((persons))," imp1
check "and nothing added" test "$(sqlite3 "$tmp/demo.db" "SELECT count(*) FROM credit_record")" = "$before"
# a second office with the same catalog takes the same records from it
"$CD" --db "$tmp/other.db" --password-file "$tmp/pw" init --admin admin2 --name 管理员 \
	--unit 另一个中心 --division 231100 --level county > /dev/null
"$CD" --db "$tmp/other.db" --user admin2 --password-file "$tmp/pw" user add clerk2 --name 职员 \
	--role clerk --unit 另一个中心 --new-password-file "$tmp/pw" > /dev/null
O() { "$CD" --db "$tmp/other.db" --user clerk2 --password-file "$tmp/pw" "$@"; }
O import sheet0.csv > /dev/null 2>&1
O import sheet1.csv > /dev/null 2>&1
records() {
	sqlite3 "$1" "SELECT s.id_number, s.name, c.code, r.polarity, r.matter, r.doc_kind, r.doc_number, r.doc_date, coalesce(r.doc_issuer, ''), coalesce(r.consent_ref, ''), r.reporting_unit, coalesce(r.affiliated_unit, '') FROM credit_record r JOIN subject s ON s.id = r.subject_id JOIN catalog_item c ON c.id = r.item_id WHERE r.status = 'active' ORDER BY 1, 3, 7, 8"
}
records "$tmp/demo.db" > a.txt
records "$tmp/other.db" > b.txt
check "another office importing the file has the same records" cmp -s a.txt b.txt

# -- the lists for publication ----------------------------------------------
echo 'demo-supervisor-1' > "$tmp/spw"
black=$(sqlite3 "$tmp/demo.db" "SELECT id FROM workcase WHERE kind = 'black_list'")
# the party told first (rule 12), the decision after its window
Z case doc "$black" notice --out notice.pdf > /dev/null 2>&1
Z case served "$black" > /dev/null 2>&1
"$CDL" --db "$tmp/demo.db" --user shenhe --password-file "$tmp/spw" case approve "$black" \
	--note 同意 > /dev/null 2>&1
Z report lists --out lists.xlsx > out 2>&1
check "report lists writes the lists in force" grep -q "0 on the red list, 1 on the black list" out
check "a sheet for each list" test "$(xl lists.xlsx "'|'.join(wb.sheetnames)")" = "红名单|黑名单"
check "the listing with its name, masked number, scope in Chinese, date and term" \
	test "$(xl lists.xlsx "[r[1:4] + r[4:5] + r[6:8] for r in wb['黑名单'].iter_rows(min_row=2, values_only=True)]")" = \
	"[('丁宇', '451002********9303', '有履行能力而拒不履行生效行政处罚决定', '有履行能力但拒不履行法律文书确定的义务', '2026-12-01', '长期')]"
check "the header row of the publication list" \
	test "$(xl lists.xlsx "'|'.join(c.value for c in wb['黑名单'][1])")" = \
	"序号|主体名称|证件号码|列入事由|认定依据|惩戒措施|列入日期|有效期至|认定单位"
echo 'demo-admin-1' > "$tmp/apw"
"$CD" --db "$tmp/demo.db" --user admin --password-file "$tmp/apw" central set dir "$tmp/usb" \
	--reason U盘 > /dev/null 2>&1
Z report lists --out lists2.xlsx > out 2>&1
check "a black listing the central store has not accepted is not published" \
	grep -q "0 on the black list" out

# -- statistics --------------------------------------------------------------
Z report stats --out stats.xlsx > out 2>&1
check "report stats: the twelve weeks to today" grep -q "2026-09-07 to 2026-11-23" out
check "sheets by week, item, unit, cases and lists" \
	test "$(xl stats.xlsx "'|'.join(wb.sheetnames)")" = "按周|按目录事项|按单位|名单与案件|名单在册"
check "every week listed, this week's records counted by kind" \
	test "$(xl stats.xlsx "(wb['按周'].max_row - 1, [r for r in wb['按周'].iter_rows(values_only=True)][-1])")" = \
	"(12, ('2026-11-23', '2026-11-29', $(sqlite3 "$tmp/demo.db" "SELECT sum(polarity = 'good') || ', ' || sum(polarity = 'bad') || ', ' || count(*) FROM credit_record WHERE status = 'active'")))"
check "a native chart of the weeks and one of the items" \
	test "$(xl stats.xlsx "[len(ws._charts) for ws in wb]")" = "[1, 1, 0, 0, 0]"
check "objections and repairs received, on time, late, open, overdue" \
	test "$(xl stats.xlsx "[r for r in wb['名单与案件'].iter_rows(min_row=2, values_only=True)]")" = \
	"[('异议', 2, 0, 0, 2, 1), ('信用修复', 1, 0, 0, 1, 0)]"

# -- search results as a file for other systems ------------------------------
Z search --records --purpose internal_duty --ref 报送市平台 --out res.csv --encoding gb18030 \
	--full-ids > out 2>&1
all=$(sqlite3 "$tmp/demo.db" "SELECT count(*) FROM credit_record")
check "search --out writes every record found" grep -q "Exported $all records to res.csv" out
check "GB18030 with CRLF, the import's Chinese headers" \
	test "$(head -n 1 res.csv | iconv -f GB18030 -t UTF-8 | od -c | head -n 1 | cut -c1-3)$(head -n 1 res.csv | iconv -f GB18030 -t UTF-8)" = \
	"$(printf '000')名称,证件类型,证件号码,事项,目录编码,数据类型,填报单位,所属单位,文书类型,文书号,决定日期,决定机关,同意书编号,状态$(printf '\r')"
check "a cell that would be a formula starts with an apostrophe" \
	grep -q "'=1+1防疫物资企业拒不履行合约,YQ-B05,不良,'@某某镇市场监管所" "$(iconv -f GB18030 -t UTF-8 res.csv > res.utf8 && echo res.utf8)"
check "the export is logged with its purpose, filters and count" \
	test "$(sqlite3 "$tmp/demo.db" "SELECT purpose_ref, query, results FROM query_log ORDER BY seq DESC LIMIT 1")" = \
	"报送市平台|export  full identifiers|$all"
"$CD" --db "$tmp/third.db" --password-file "$tmp/pw" init --admin admin3 --name 管理员 \
	--unit 第三个中心 --division 231100 --level county > /dev/null
"$CD" --db "$tmp/third.db" --user admin3 --password-file "$tmp/pw" user add clerk3 --name 职员 \
	--role clerk --unit 第三个中心 --new-password-file "$tmp/pw" > /dev/null
"$CD" --db "$tmp/third.db" --user clerk3 --password-file "$tmp/pw" import res.csv > imp 2>&1
check "the CSV imports back at another office, every row" grep -q "imported $all, duplicate 0, rejected 0" imp
records "$tmp/third.db" > c.txt
check "with the same records (formula-like text restored)" cmp -s a.txt c.txt
Z search --records --purpose internal_duty --ref 核对 --out res8.csv > /dev/null 2>&1
check "UTF-8 with a BOM by default; identifiers masked without --full-ids" \
	test "$(head -c 3 res8.csv | od -An -tx1 | tr -d ' ')$(grep -c '\*\*\*\*' res8.csv)" = "efbbbf$all"
Z search --records --purpose authorised --ref 授权书001 --out res9.csv --full-ids > out 2>&1
check "full identifiers are refused to a third party's authorisation" \
	test $? -ne 0 -a ! -e res9.csv
Z search --records --purpose internal_duty --ref 核对 --out res.xlsx > /dev/null 2>&1
check "or an xlsx, written as a stream, the same rows" \
	test "$(xl res.xlsx "(wb.sheetnames, wb.active.max_row - 1, wb.active['B1'].value)")" = "(['检索结果'], $all, '证件类型')"

# -- the credit report of one subject -----------------------------------------
$PY -c "
import struct, zlib, sys
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
raw = b''.join(b'\\x00' + b'\\xcc\\x00\\x00' * 40 for _ in range(40))
open(sys.argv[1], 'wb').write(b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 40, 40, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))" seal.png
A() { "$CD" --db "$tmp/demo.db" --user admin --password-file "$tmp/apw" "$@"; }
Z report seal seal.png --reason 新印章 > out 2>&1
check "a clerk cannot set the seal" test $? -ne 0
A report seal week.xlsx --reason 新印章 > out 2>&1
check "a seal that is no PNG is refused, saying so" grep -q "not a PNG" out
A report seal seal.png --reason 启用新印章 > out 2>&1
check "an administrator sets the seal, audited" \
	test "$(sqlite3 "$tmp/demo.db" "SELECT count(*) FROM audit_log WHERE op = 'seal_set'")" = 1
# a repaired record is left out: the repair case approved
repair=$(sqlite3 "$tmp/demo.db" "SELECT id FROM workcase WHERE kind = 'repair'")
repaired=$(sqlite3 "$tmp/demo.db" "SELECT r.doc_number FROM workcase k JOIN credit_record r ON r.id = k.record_id WHERE k.kind = 'repair'")
"$CD" --db "$tmp/demo.db" --user shenhe --password-file "$tmp/spw" case approve "$repair" --note 同意 > /dev/null 2>&1
# what a third party sees: not the repaired record (rules 22, 24)
Z search 913410219UQEU70753 --records --purpose official_letter --ref 公函〔2026〕1号 --format tsv > out 2>&1
st=$?
check "an official letter's search does not list the repaired record" sh -c "test $st -eq 0 && ! grep -q '$repaired' out"
Z search 913410219UQEU70753 --records --purpose internal_duty --ref 核查 --format tsv > out 2>&1
check "staff on duty see it" grep -q "$repaired" out
Z report credit 913410219UQEU70753 --purpose internal_duty --ref 核查001 --out cr.xlsx > out 2>&1
check "report credit writes the report, sealed, with a verification code" \
	grep -qE "Credit report XYBG-20261123-0001 of .*, sealed; verification code [2-9A-HJ-NP-Z]{16}: cr.xlsx" out
code=$(sed -n 's/.*verification code \([A-Z0-9]*\):.*/\1/p' out)
check "the sections of the national report, in its order" \
	test "$(xl cr.xlsx "'|'.join(r[0] for r in wb.active.iter_rows(values_only=True) if r[0] and r[0][:2] in ('一、', '二、', '三、', '四、', '五、', '六、', '七、'))")" = \
	"一、基本信息|二、行政管理信息|三、荣誉和优良信息|四、红黑名单信息|五、信用承诺信息|六、司法信息|七、其他信息"
check "the purpose printed, the identity masked for a duty" \
	test "$(xl cr.xlsx "[r[1] for r in wb.active.iter_rows(values_only=True) if r[0] in ('查询事由', '证件号码')]")" = "['履职查询', '913410********0753']"
check "the repaired record is not in it" \
	test "$(xl cr.xlsx "any('$repaired' in str(c) for r in wb.active.iter_rows(values_only=True) for c in r)")" = False
check "the seal is on it" test "$(xl cr.xlsx "len(wb.active._images)")" = 1
check "the query is logged with the subject and the purpose" \
	test "$(sqlite3 "$tmp/demo.db" "SELECT l.purpose || ' ' || l.purpose_ref || ' ' || s.id_number FROM query_log l JOIN subject s ON s.id = l.subject_id ORDER BY l.seq DESC LIMIT 1")" = "internal_duty 核查001 913410219UQEU70753"
Z report credit 440785199603255526 --purpose self --ref 440785199603255526 --out self.xlsx > out 2>&1
check "to the subject itself the number in full; a record under objection marked" \
	test "$(xl self.xlsx "([r[1] for r in wb.active.iter_rows(values_only=True) if r[0] == '证件号码'], any(r[5] == '异议处理中' for r in wb.active.iter_rows(values_only=True)))")" = "(['440785199603255526'], True)"
Z report verify "$(echo "$code" | cut -c1-4)-$(echo "$code" | cut -c5-16 | tr 'A-Z' 'a-z')" > out 2>&1
check "report verify: genuine, as typed off the paper" grep -q "Genuine: credit report XYBG-20261123-0001" out
# a new record about the subject: the report no longer tells all
Z record add --id 913410219UQEU70753 --name 云溪区金桥物业管理合作社 --item YQ-B05 \
	--matter 防疫物资企业拒不履行合约 --reporting-unit 某某镇市场监管所 \
	--doc-number 镇罚〔2026〕77号 --doc-date 2026-02-01 > /dev/null 2>&1
Z report verify "$code" > out 2>&1
check "after a record changed, the report no longer verifies" test $? -eq 1
check "and the reader is told to ask for a new one" grep -q "records have changed since" out
Z report verify 2345678923456789 > out 2>&1
check "a code this office never issued: said so" grep -q "No credit report of this office has the code" out

# -- bad input changes nothing ---------------------------------------------
Z report weekly --from 2026-11-30 --to 2026-11-01 --out bad.xlsx > out 2>&1
check "a week that ends before it starts is refused" test $? -ne 0
check "saying how to fix it" grep -q -- "--from before --to" out
check "and no file is written" test ! -e bad.xlsx
Z report weekly --from 2026-13-01 --out bad.xlsx > out 2>&1
check "a date that is no date is refused, with the form" grep -q "YYYY-MM-DD" out
Z report weekly --out "$tmp/no/such/dir/w.xlsx" > out 2>&1
check "a directory that does not exist: a clear error" test $? -ne 0 -a -s out
finish
