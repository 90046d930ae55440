#!/bin/sh
# fuzz/run.sh [SECONDS]: build the fuzz harnesses with clang's libFuzzer
# (AddressSanitizer and UBSan on) and run each for SECONDS (30 unless
# given; CI runs 20 each): the import parser (fuzz_import), the Excel
# and web page readers (fuzz_sheet), the bundle reader (fuzz_bundle) and the
# identifier checks (fuzz_ident).  Each first replays its regression
# inputs (fuzz/regress/NAME/: every finding goes there once fixed) and
# starts from its seeds (fuzz/corpus/NAME/, and a small .xlsx, .xls
# and .ods made here); the corpus grows in _build/fuzz/corpus.  A crash, a leak
# or a timeout stops the run: its input is in _build/fuzz/artifacts.
# The longer run (an hour each, two jobs): see README, "Fuzzing".
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-30}
b=$top/_build/fuzz
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
mkdir -p "$b"
cd "$top"
[ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi > /dev/null 2>&1
cd "$b"
if [ ! -f Makefile ]; then
	"$top/configure" CC=clang CFLAGS="-O1 -g $san -fsanitize=fuzzer-no-link" \
		LDFLAGS="$san" > configure.out 2>&1 || { cat configure.out; exit 1; }
fi
make -j2 core/libcore.a > make.out 2>&1 || { tail -30 make.out; exit 1; }
libs=$(printf 'print-libs:\n\t@echo $(TEST_LIBS) $(XLSXWRITER_LIBS) $(PANGOCAIRO_LIBS) $(QRENCODE_LIBS)\n' |
	make -s -f Makefile -f - print-libs)
mkdir -p corpus artifacts
# seeds that are binary files are made, not kept: an .xlsx, an .xls, an .ods
# and an XML Spreadsheet 2003
# (Debian's python3 with python3-openpyxl, python3-xlwt and python3-odf, as the tests)
/usr/bin/python3 - "$b/seeds" "$top/tests" <<'PY'
import os, sys
d = sys.argv[1]; os.makedirs(d, exist_ok=True)
rows = [["主体名称", "统一社会信用代码", "事项", "目录编码", "填报单位", "数据类型", "文书号", "决定日期"],
        ["某某公司", "91110000600037341L", "拒不履行合约", "YQ-B05", "某局", "不良", "罚〔2026〕1号", 46000]]
try:
    import openpyxl
    wb = openpyxl.Workbook(); ws = wb.active
    ws.merge_cells("A1:H1"); ws["A1"] = "信用信息归集表"
    for r in rows: ws.append(r)
    # a formula with no value, a cell merged down over the next row
    ws.append(["=A3", "=B3", "拒不履行合约", "YQ-B05", None, "#N/A", "罚〔2026〕2号", 46001])
    ws.merge_cells("E3:E4")
    wb.save(os.path.join(d, "seed.xlsx"))
    # its parts stored, not deflated: the mutations reach the XML
    import zipfile
    src = zipfile.ZipFile(os.path.join(d, "seed.xlsx"))
    with zipfile.ZipFile(os.path.join(d, "stored.xlsx"), "w", zipfile.ZIP_STORED) as z:
        for n in src.namelist():
            z.writestr(n, src.read(n))
except ImportError:
    pass
try:
    import xlwt
    wb = xlwt.Workbook(); ws = wb.add_sheet("法人")
    for i, r in enumerate(rows):
        for j, v in enumerate(r): ws.write(i, j, v)
    # what core/biff.c reads: a cell merged down, a hidden row, an error
    # pasted as a value, a boolean, a formula, a hidden sheet
    ws.write_merge(2, 3, 4, 4, "某局"); ws.row(3).hidden = True
    ws.row(2).set_cell_error(0, 0x2A); ws.write(2, 1, True); ws.write(3, 0, xlwt.Formula("1/0"))
    ws.write(3, 7, xlwt.Formula("1"), xlwt.easyxf(num_format_str='yyyy"年"m"月"d"日"'))
    wb.add_sheet("字典").visibility = 1
    # the formulas' values as Excel keeps them: a number, a text after it
    sys.path.insert(0, sys.argv[2])
    import xls_values
    values = {(0, 3, 0): "某局", (0, 3, 7): 46000}
    xls_values.save(wb, os.path.join(d, "seed.xls"), values)
    # its workbook stream alone, as biff_read_stream reads it
    open(os.path.join(d, "seed.biff"), "wb").write(xls_values.stream(wb, values))
except ImportError:
    pass
try:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow, TableCell
    from odf.text import P
    doc = OpenDocumentSpreadsheet(); t = Table(name="自然人")
    for r in rows:
        tr = TableRow(numberrowsrepeated=2) if r is rows[-1] else TableRow()
        for v in r:
            c = TableCell(valuetype="float", value=v) if isinstance(v, int) else TableCell(valuetype="string")
            c.addElement(P(text=str(v))); tr.addElement(c)
        t.addElement(tr)
    doc.spreadsheet.addElement(t); doc.save(os.path.join(d, "seed.ods"))
    # its parts stored, not deflated: the mutations reach the XML
    import zipfile
    src = zipfile.ZipFile(os.path.join(d, "seed.ods"))
    with zipfile.ZipFile(os.path.join(d, "stored.ods"), "w", zipfile.ZIP_STORED) as z:
        for n in src.namelist():
            z.writestr(n, src.read(n))
except ImportError:
    pass
# an XML Spreadsheet 2003 (what systems' "export to Excel" write)
with open(os.path.join(d, "seed-2003.xls"), "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="导出"><Table>'
            '<Row><Cell ss:MergeAcross="7"><Data ss:Type="String">信用信息归集表</Data></Cell></Row>')
    for r in rows:
        f.write('<Row ss:Index="3">' if r is rows[0] else "<Row>")
        for v in r:
            t = "Number" if isinstance(v, int) else "String"
            f.write(f'<Cell><Data ss:Type="{t}">{v}</Data><Comment><Data>注</Data></Comment></Cell>')
        f.write("</Row>")
    # a second sheet that says after its rows that it is hidden
    f.write("</Table></Worksheet><Worksheet ss:Name=\"字典\"><Table><Row><Cell><Data ss:Type=\"String\">"
            "自然人</Data></Cell></Row></Table><WorksheetOptions xmlns=\"urn:schemas-microsoft-com:office:excel\">"
            "<Visible>SheetHidden</Visible></WorksheetOptions></Worksheet></Workbook>")
# the same in UTF-16 (its BOM decides how it is read)
x = open(os.path.join(d, "seed-2003.xls"), encoding="utf-8").read()
open(os.path.join(d, "seed-2003-u16.xls"), "wb").write(b"\xff\xfe" + x.encode("utf-16-le"))
# a web page named .xls (core/sheethtml.c): a title merged across, a
# cell merged down, a table in a cell, a hidden row, rows left open
page = ('<html><head><title>导出</title><script>var t="<td>";</script></head><body><h3>信用信息</h3>'
        '<table><tr><td colspan="8">信用信息归集表')
for r in rows:
    page += "<tr>" + "".join(f"<td>{v}" for v in r)
page += ('<tr style="display:none"><td rowspan="2">某某公司<td><table><tr><td>内<td>表</table>'
         '<td>拒不履行合约<br>第二行<tr><td>&nbsp;91110000600037341L</table><p>制表人</p>')
open(os.path.join(d, "seed-web.xls"), "wb").write(page.encode("gbk"))
# a single-file web page (core/sheetmht.c): a frame page listing two
# sheets (one hidden), their parts in gb2312 quoted-printable and in
# UTF-8 base64, a part that is no sheet
import base64, quopri
B = "----=_NextPart_01DB"
frame = ('<html><head><![if !supportTabStrip]><link href="a.files/sheet001.htm"><![endif]>'
         '<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets>'
         '<x:ExcelWorksheet><x:Name>第一批</x:Name><x:WorksheetSource HRef="a.files/sheet001.htm"/></x:ExcelWorksheet>'
         '<x:ExcelWorksheet><x:Name>字典</x:Name><x:WorksheetSource HRef="a.files/sheet002.htm"/>'
         '<x:Visible>SheetHidden</x:Visible></x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]-->'
         '</head><frameset><frame src="a.files/sheet001.htm"><noframes><p>框架</p></noframes></frameset></html>')
sheet = "<table>" + "".join("<tr>" + "".join(f"<td>{v}</td>" for v in r) + "</tr>\n" for r in rows) + "</table>"
def qp(t):
    return quopri.encodestring(t.encode("gbk")).replace(b"\n", b"\r\n").decode("ascii")
mht = (f'MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\tboundary="{B}"\r\n\r\nnote\r\n'
       f'--{B}\r\nContent-Location: file:///C:/a.htm\r\nContent-Transfer-Encoding: quoted-printable\r\n'
       f'Content-Type: text/html; charset="gb2312"\r\n\r\n{qp(frame)}\r\n'
       f'--{B}\r\nContent-Location: file:///C:/a.files/sheet001.htm\r\nContent-Transfer-Encoding: quoted-printable\r\n'
       f'Content-Type: text/html; charset="gb2312"\r\n\r\n{qp(sheet)}\r\n'
       f'--{B}\r\nContent-Location: file:///C:/a.files/sheet002.htm\r\nContent-Transfer-Encoding: base64\r\n'
       f'Content-Type: text/html; charset="utf-8"\r\n\r\n{base64.encodebytes("<table><tr><td>自然人</table>".encode()).decode()}\r\n'
       f'--{B}\r\nContent-Location: file:///C:/a.files/filelist.xml\r\nContent-Type: text/xml\r\n\r\n<xml/>\r\n'
       f'--{B}--\r\n')
open(os.path.join(d, "seed-mht.xls"), "w", newline="").write(mht)
PY
failed=0
# leaks inside libgsf on a damaged compound file (fuzz/findings/README)
export LSAN_OPTIONS="suppressions=$top/fuzz/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
for name in import sheet bundle ident; do
	h=$b/fuzz_$name
	# shellcheck disable=SC2086
	clang -O1 -g $san -fsanitize=fuzzer -I"$top" -I"$top/core" -I"$b" \
		"$top/fuzz/fuzz_$name.c" -o "$h" $libs -lm
	mkdir -p "corpus/$name"
	regress=$(find "$top/fuzz/regress/$name" -type f ! -name '.*' 2> /dev/null | sort)
	if [ -n "$regress" ]; then
		# shellcheck disable=SC2086
		if ! "$h" $regress > "regress-$name.log" 2>&1; then
			echo "FAIL: fuzz_$name: a regression input fails again"
			tail -30 "regress-$name.log"
			failed=$((failed + 1))
			continue
		fi
	fi
	# the seeds there are (git keeps no empty directory)
	seeds=""
	for d in "$top/fuzz/corpus/$name" "$b/seeds"; do
		[ "$d" = "$b/seeds" ] && [ "$name" != sheet ] && continue
		[ -d "$d" ] && [ -n "$(ls -A "$d")" ] && seeds="$seeds $d"
	done
	# shellcheck disable=SC2086
	if "$h" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
		-artifact_prefix="$b/artifacts/$name-" -print_final_stats=1 \
		"corpus/$name" $seeds > "fuzz-$name.log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "fuzz-$name.log")
		echo "PASS: fuzz_$name: ${runs:-?} inputs in ${secs} s, no crash"
	else
		echo "FAIL: fuzz_$name: see $b/fuzz-$name.log; the input is in $b/artifacts"
		grep -E "ERROR|SUMMARY|==[0-9]+==" "fuzz-$name.log" | head -20
		failed=$((failed + 1))
	fi
done
[ "$failed" -eq 0 ]
