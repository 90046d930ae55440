#!/bin/sh
# tests/sheet_import.sh: importing Excel workbooks as units send them
# (issue 15): the same rows as .xlsx (shared strings, as openpyxl and
# Excel write them; inline strings, as XlsxWriter and WPS's streaming
# writer do) and as .xls (BIFF8, written by python3-xlwt) give exactly
# the records the CSV gives; dates as Excel date cells; an 18-digit ID
# Excel kept as a number is refused row by row; a title row merged over
# the header; two sheets; a file cut short; the reject file's reason
# column; the weekly template we write, imported back.  An .ods
# (OpenDocument, as LibreOffice and offices on domestic systems save
# it: written by python3-odf, and as LibreOffice writes its repeated
# rows and cells) gives the same records too.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 142
PY=/usr/bin/python3
for m in openpyxl xlwt xlsxwriter odf; do
	if ! $PY -c "import $m" 2> /dev/null; then
		echo "Bail out! python3-$m is not installed (sh .ci/deps test)"
		exit 1
	fi
done
init_db
add_clerk zhangwei
cd "$tmp" || exit 1
export PYTHONPATH="$top_srcdir/tests" # odf_cells.py, xls_values.py
sqlite3 "$db" "VACUUM INTO '$tmp/empty.db'"
fresh() { cp "$tmp/empty.db" "$tmp/$1.db"; }
I() { "$CD" --db "$tmp/$1.db" --user zhangwei --password-file "$tmp/clerk.pw" import "$2"; }
# the records of a database, in an order of their own
dump() {
	sqlite3 "$tmp/$1.db" "SELECT s.id_type, s.id_number, s.name, c.code, r.polarity, r.matter, r.doc_number, r.doc_date, r.reporting_unit, coalesce(r.affiliated_unit, '') FROM credit_record r JOIN subject s ON s.id = r.subject_id JOIN catalog_item c ON c.id = r.item_id ORDER BY 2, 7, 6"
}
"$top_builddir/bench/gen" --rows 300 --seed 5 > rows.csv
# the same rows as workbooks: dates as date cells, numbers (序号) as
# numbers, the rest as text
$PY - rows.csv << 'PY'
import csv, datetime, sys
import openpyxl, xlsxwriter, xlwt
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
head, data = rows[0], rows[1:]
di = head.index("决定日期")
def typed(r):
    out = []
    for i, v in enumerate(r):
        if i == 0 and v.isdigit():
            out.append(int(v))
        elif i == di and v:
            out.append(datetime.date.fromisoformat(v))
        else:
            out.append(v)
    return out
# openpyxl: shared strings, a title row merged over the header
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "法人和其他组织"
ws.append(["公共信用信息归集表（测试）"])
ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
ws.append(head)
for r in data:
    ws.append(typed(r))
    ws.cell(row=ws.max_row, column=di + 1).number_format = "yyyy\"年\"m\"月\"d\"日\""
wb.save("rows.xlsx")
# XlsxWriter in constant-memory mode: inline strings
wb = xlsxwriter.Workbook("inline.xlsx", {"constant_memory": True})
ws = wb.add_worksheet("数据")
df = wb.add_format({"num_format": "yyyy-mm-dd"})
ws.write_row(0, 0, head)
for n, r in enumerate(data, 1):
    for i, v in enumerate(typed(r)):
        if isinstance(v, datetime.date):
            ws.write_datetime(n, i, datetime.datetime.combine(v, datetime.time()), df)
        else:
            ws.write(n, i, v)
wb.close()
# xlwt: Excel 97-2003
wb = xlwt.Workbook(encoding="utf-8")
ws = wb.add_sheet("Sheet1")
ds = xlwt.easyxf(num_format_str="YYYY-MM-DD")
for i, v in enumerate(head):
    ws.write(0, i, v)
for n, r in enumerate(data, 1):
    for i, v in enumerate(typed(r)):
        if isinstance(v, datetime.date):
            ws.write(n, i, v, ds)
        else:
            ws.write(n, i, v)
wb.save("rows.xls")
# odfpy: an OpenDocument spreadsheet, a title merged over the header (its
# covered cells), a comment on each name (not the name's text)
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, CoveredTableCell
from odf.text import P
from odf.office import Annotation
from odf_cells import row, text
doc = OpenDocumentSpreadsheet()
t = Table(name="法人和其他组织")
title = text("公共信用信息归集表（测试）", numbercolumnsspanned=len(head))
row(t, [title] + [CoveredTableCell() for _ in head[1:]])
row(t, [text(h) for h in head])
for r in data:
    cells = []
    for i, v in enumerate(r):
        if i == 0 and v.isdigit():
            c = TableCell(valuetype="float", value=v)
            c.addElement(P(text=v))
        elif i == di and v:
            c = TableCell(valuetype="date", datevalue=v)
            c.addElement(P(text=v[8:] + "/" + v[5:7] + "/" + v[:4]))
        elif v:
            c = text(v)
            if i == 2:
                a = Annotation()
                a.addElement(P(text="核对名称"))
                c.addElement(a)
        else:
            c = TableCell()
        cells.append(c)
    row(t, cells)
doc.spreadsheet.addElement(t)
doc.save("rows.ods")
# XML Spreadsheet 2003, as Excel 2003 saves it and many systems' "export
# to Excel" write it (named .xls): a title merged across, a row left out
# (ss:Index), the name in HTML runs with a comment, dates as DateTime
from xml.sax.saxutils import escape
def c(v, i):
    if i == 0 and v.isdigit():
        return f'<Cell><Data ss:Type="Number">{v}</Data></Cell>'
    if i == di and v:
        return f'<Cell ss:Index="{i + 1}" ss:StyleID="d"><Data ss:Type="DateTime">{v}T00:00:00.000</Data></Cell>'
    if i == 2 and v:
        return (f'<Cell ss:Index="{i + 1}"><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>{escape(v[:1])}</B>'
                f'{escape(v[1:])}</ss:Data><Comment ss:Author="录入"><ss:Data><B>录入:</B>核对</ss:Data></Comment></Cell>')
    return f'<Cell ss:Index="{i + 1}"><Data ss:Type="String">{escape(v)}</Data></Cell>' if v else ""
with open("rows-2003.xls", "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:html="http://www.w3.org/TR/REC-html40">'
            '<Styles><Style ss:ID="d"><NumberFormat ss:Format="Short Date"/></Style></Styles>'
            '<Worksheet ss:Name="导出数据"><Table>'
            f'<Row><Cell ss:MergeAcross="{len(head) - 1}"><Data ss:Type="String">公共信用信息（导出）</Data></Cell></Row>'
            '<Row ss:Index="3">' + "".join(f'<Cell><Data ss:Type="String">{h}</Data></Cell>' for h in head) + "</Row>")
    for r in data:
        f.write("<Row>" + "".join(c(v, i) for i, v in enumerate(r)) + "</Row>\n")
    f.write("</Table></Worksheet></Workbook>\n")
# the same in GBK, saying encoding="GB2312" as Java systems' exports do
x = open("rows-2003.xls", encoding="utf-8").read().replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="GB2312"?>', 1)
open("rows-2003-gbk.xls", "wb").write(x.encode("gbk"))
# and in UTF-16 (Excel's "Unicode" saves), little-endian after its BOM
x = open("rows-2003.xls", encoding="utf-8").read().replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>', 1)
open("rows-2003-u16.xls", "wb").write(b"\xff\xfe" + x.encode("utf-16-le"))
# a web page named .xls, as systems that "export to Excel" write it: in
# GBK under <meta charset=gb2312>, a title merged across, the header in
# <th>, the cells padded with &nbsp; and marked text (mso-number-format),
# a script that writes a table and a comment that holds one, a line of
# text under the table; the same page in UTF-16
from html import escape as hesc
page = ('<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        '<title>信用信息导出</title><style>td {mso-number-format:"\\@"}</style>'
        '<script>document.write("<table><tr><td>姓名</td></tr></table>")</script></head>\n'
        f'<body><table border="1"><tr><td colspan="{len(head)}" align="center"><b>公共信用信息归集表（导出）</b></td></tr>\n'
        '<tr>' + "".join(f"<th>{hesc(h)}</th>" for h in head) + "</tr>\n<!-- <tr><td>注释</td></tr> -->\n")
for r in data:
    page += "<tr>" + "".join(f"<td style=\"mso-number-format:'\\@'\">&nbsp;{hesc(v)}</td>" for v in r) + "</tr>\n"
page += "</table><p>制表人：王五&nbsp;&nbsp;审核：李四</p></body></html>\n"
open("rows-web.xls", "wb").write(page.encode("gbk"))
open("web-u16.xls", "wb").write(b"\xff\xfe" + page.replace("gb2312", "utf-16").encode("utf-16-le"))
# the same rows as Excel's single-file web page (File -> Save As ->
# Single File Web Page, sent on as .xls): MIME parts in gb2312, quoted-
# printable with CRLF and soft breaks (some padded with white space); the frame page lists the sheets
# (第一批, 第二批, and a hidden 字典), each sheet a part of its own, then
# the tab strip (a table of the sheets' names) and the file list
import base64, quopri
def sheet_page(rows):
    h = ('<html xmlns:x="urn:schemas-microsoft-com:office:excel">\n<head>\n'
         '<meta http-equiv=Content-Type content="text/html; charset=gb2312">\n'
         '<link id=Main-File rel=Main-File href="../week.htm">\n</head>\n'
         '<body link=blue vlink=purple>\n<table x:str border=0 cellpadding=0 cellspacing=0>\n')
    for r in rows:
        h += " <tr height=18 style='height:13.5pt'>\n" + "".join(f"  <td class=xl65>{hesc(v)}</td>\n" for v in r) + " </tr>\n"
    return h + "</table>\n</body>\n</html>\n"
def qp(text, cs):
    return quopri.encodestring(text.encode(cs)).replace(b"\n", b"\r\n").decode("ascii")
sheets = [("第一批", [head] + data[:150], False), ("第二批", [head] + data[150:], False),
          ("字典", [["自然人"], ["法人及非法人组织"]], True)]
frame = ('<html xmlns:v="urn:schemas-microsoft-com:vml"\nxmlns:o="urn:schemas-microsoft-com:office:office"\n'
         'xmlns:x="urn:schemas-microsoft-com:office:excel"\nxmlns="http://www.w3.org/TR/REC-html40">\n\n<head>\n'
         '<meta name="Excel Workbook Frameset">\n<meta http-equiv=Content-Type content="text/html; charset=gb2312">\n'
         '<meta name=ProgId content=Excel.Sheet>\n<meta name=Generator content="Microsoft Excel 15">\n'
         '<link rel=File-List href="week.files/filelist.xml">\n<![if !supportTabStrip]>\n'
         + "".join(f'<link id="shLink" href="week.files/sheet00{i + 1}.htm">\n' for i in range(3))
         + '\n<link id="shLink">\n\n<script language="JavaScript">\n<!--\n var c_lTabs=3;\n//-->\n</script>\n<![endif]>\n'
         '<!--[if gte mso 9]><xml>\n <x:ExcelWorkbook>\n  <x:ExcelWorksheets>\n')
for i, (n, _, hidden) in enumerate(sheets):
    frame += (f'   <x:ExcelWorksheet>\n    <x:Name>{n}</x:Name>\n    <x:WorksheetSource HRef="week.files/sheet00{i + 1}.htm"/>\n'
              + ('    <x:WorksheetOptions>\n     <x:Visible>SheetHidden</x:Visible>\n    </x:WorksheetOptions>\n' if hidden else '')
              + '   </x:ExcelWorksheet>\n')
frame += ('  </x:ExcelWorksheets>\n  <x:Stylesheet HRef="week.files/stylesheet.css"/>\n </x:ExcelWorkbook>\n</xml><![endif]-->\n</head>\n'
          '<frameset rows="*,39" border=0 width=0 frameborder=no framespacing=0>\n'
          ' <frame src="week.files/sheet001.htm" name="frSheet">\n'
          ' <frame src="week.files/tabstrip.htm" name="frTabs" marginwidth=0 marginheight=0>\n'
          ' <noframes>\n  <body>\n   <p>此页面使用了框架，而您的浏览器不支持框架。</p>\n  </body>\n </noframes>\n</frameset>\n</html>\n')
tabstrip = ('<html>\n<head>\n<meta http-equiv=Content-Type content="text/html; charset=gb2312">\n</head>\n<body topmargin=0 leftmargin=0 bgcolor="#808080">\n'
            '<table border=0 cellspacing=1>\n <tr>\n'
            + "".join(f'<td bgcolor="#FFFFFF" nowrap><b><small><small>&nbsp;<a href="sheet00{i + 1}.htm" target="frSheet"><font face="宋体" color="#000000">{n}</font></a>&nbsp;</small></small></b></td>\n' for i, (n, _, _) in enumerate(sheets))
            + ' </tr>\n</table>\n</body>\n</html>\n')
B = "----=_NextPart_01DB4700.5A8F2B10"
def part(loc, ctype, body, te="quoted-printable"):
    return f"--{B}\r\nContent-Location: file:///C:/D6C5E3E6/{loc}\r\nContent-Transfer-Encoding: {te}\r\nContent-Type: {ctype}\r\n\r\n{body}\r\n"
html_gb = 'text/html; charset="gb2312"'
mht = ("MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\nContent-Type: multipart/related; boundary=\"" + B + "\"\r\n\r\n"
       "This document is a Single File Web Page, also known as a Web Archive file.\r\n\r\n"
       + part("week.htm", html_gb, qp(frame, "gbk"))
       # (the second sheet's soft breaks padded with white space, as a
       # mail system may pass them on)
       + "".join(part(f"week.files/sheet00{i + 1}.htm", html_gb,
                      qp(sheet_page(rows), "gbk").replace("=\r\n", "= \t \r\n" if i == 1 else "=\r\n"))
                 for i, (_, rows, _) in enumerate(sheets))
       + part("week.files/tabstrip.htm", html_gb, qp(tabstrip, "gbk"))
       + part("week.files/stylesheet.css", 'text/css; charset="gb2312"', qp(".xl65 {mso-number-format:\"\\@\";}\n", "gbk"))
       + part("week.files/filelist.xml", 'text/xml; charset="utf-8"', '<xml xmlns:o="urn:schemas-microsoft-com:office:office">\r\n <o:MainFile HRef="../week.htm"/>\r\n</xml>')
       + f"--{B}--\r\n")
open("rows-mht.xls", "w", newline="").write(mht)
# the same with its sheets' parts naming no charset, or one iconv does
# not know: their GBK bytes tell
cs = "Content-Transfer-Encoding: quoted-printable\r\nContent-Type: " + html_gb
def sheet_cs(i, ctype):
    return "sheet00%d.htm\r\n%s" % (i, cs), "sheet00%d.htm\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: %s" % (i, ctype)
nocs = mht
for i, ctype in ((1, "text/html"), (2, 'text/html; charset="x-no-such-charset"')):
    old, new = sheet_cs(i, ctype)
    assert old in nocs
    nocs = nocs.replace(old, new)
open("nocs-mht.xls", "w", newline="").write(nocs)
# the same workbook saved as a web page of several files: the frame page
# and its folder, the sheets' pages in it
import os
os.makedirs("week.files", exist_ok=True)
# (the hidden sheet said in its own page, as its <x:WorksheetOptions>;
# its name in character references, as a page in us-ascii writes it)
open("week.htm", "wb").write(frame.replace("    <x:WorksheetOptions>\n     <x:Visible>SheetHidden</x:Visible>\n    </x:WorksheetOptions>\n", "")
                             .replace("<x:Name>字典</x:Name>", "<x:Name>&#23383;&#x5178;</x:Name>").encode("gbk"))
for i, (_, rows, hidden) in enumerate(sheets):
    own = sheet_page(rows)
    if hidden:
        own = own.replace("</head>", "<!--[if gte mso 9]><xml>\n <x:WorksheetOptions>\n  <x:Visible>SheetHidden</x:Visible>\n </x:WorksheetOptions>\n</xml><![endif]-->\n</head>")
    open(f"week.files/sheet00{i + 1}.htm", "wb").write(own.encode("gbk"))
open("week.files/tabstrip.htm", "wb").write(tabstrip.encode("gbk"))
# a page a browser saved as one file (.mht): its own headers first, the
# boundary on a folded line, the page in UTF-8 (a BOM first) and base64,
# one sheet
b64 = base64.encodebytes("\ufeff".encode() + sheet_page([head] + data).replace("gb2312", "utf-8").encode("utf-8")).decode("ascii").replace("\n", "\r\n")
saved = ("From: <Saved by Blink>\r\nSnapshot-Content-Location: http://xyxx.example.gov.cn/export?week=48\r\n"
         "Subject: =?utf-8?Q?=E5=AF=BC=E5=87=BA?=\r\nDate: Sat, 5 Dec 2026 09:00:00 +0800\r\nMIME-Version: 1.0\r\n"
         "Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--x7Yq----\"\r\n\r\n"
         "------MultipartBoundary--x7Yq----\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
         "Content-Transfer-Encoding: base64\r\nContent-Location: http://xyxx.example.gov.cn/export?week=48\r\n\r\n"
         + b64 + "\r\n------MultipartBoundary--x7Yq------\r\n")
open("saved.mht", "w", newline="").write(saved)
PY
fresh csv; I csv rows.csv > out.csv 2>&1
fresh xlsx; I xlsx rows.xlsx > out.xlsx 2>&1
check "an .xlsx imports (the summary names it)" grep -q "(Excel .xlsx): 300 rows" out.xlsx
check "a title row merged over the header is passed over" grep -q "imported 300" out.xlsx
check "the .xlsx gives exactly the records the CSV gives" test "$(dump xlsx)" = "$(dump csv)"
check "and some records at all" test "$(dump csv | wc -l)" -eq 300
check "dates in Excel's Chinese date format read as dates" \
	test "$(sqlite3 "$tmp/xlsx.db" "SELECT count(*) FROM credit_record WHERE doc_date GLOB '20[0-9][0-9]-[01][0-9]-[0-3][0-9]'")" = 300
fresh inline; I inline inline.xlsx > out.inline 2>&1
check "inline strings (XlsxWriter, streaming writers): the same records" test "$(dump inline)" = "$(dump csv)"
fresh xls; I xls rows.xls > out.xls 2>&1
check "an .xls (Excel 97-2003) imports" grep -q "(Excel 97-2003 .xls): 300 rows" out.xls
check "the .xls gives exactly the records the CSV gives" test "$(dump xls)" = "$(dump csv)"
I xls rows.xls > out.xls2 2>&1
check "a second import of the same workbook adds nothing" grep -q "imported 0, duplicate 300" out.xls2
fresh x03; I x03 rows-2003.xls > out.x03 2>&1
check "an XML Spreadsheet 2003 named .xls imports" grep -q "(XML Spreadsheet 2003): 300 rows" out.x03
check "and gives exactly the records the CSV gives (HTML runs read, comments not)" \
	test "$(dump x03)" = "$(dump csv)"
fresh x03gbk; I x03gbk rows-2003-gbk.xls > out.x03gbk 2>&1
check "the same in GBK (encoding=\"GB2312\"): the same records" test "$(dump x03gbk)" = "$(dump csv)"
fresh x03u16; I x03u16 rows-2003-u16.xls > out.x03u16 2>&1
check "the same in UTF-16 (a BOM): read as XML, the same records" test "$(dump x03u16)" = "$(dump csv)"
# a web page named .xls (an HTML table), as systems "export to Excel"
fresh web; I web rows-web.xls > out.web 2>&1
check "a web page named .xls imports (the summary names it)" \
	grep -q "(HTML): 300 rows; imported 300" out.web
check "and gives exactly the records the CSV gives (GBK under gb2312, &nbsp;, no script, no comment)" \
	test "$(dump web)" = "$(dump csv)"
check "the title above the table and the line below it are no records" \
	grep -q "2 blank, title or note lines skipped" out.web
fresh webu16; I webu16 web-u16.xls > out.webu16 2>&1
check "the same page in UTF-16: the same records" test "$(dump webu16)" = "$(dump csv)"
# tag soup as older systems write it: cells and rows never closed, tags
# in capitals, a comment before <html>, the data table inside a layout
# table, a caption, a 填报单位 merged down two rows (rowspan), a matter
# broken by <br>, a row hidden by a filter (display: none), an ID split
# by &nbsp;, dates as the page shows them
cat > soup.xls << 'EOF2'
<!-- saved from url=(0040)http://10.1.1.1/credit/export.do -->
<HTML><HEAD><META charset=utf-8><TITLE>导出</TITLE>
<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet><x:Name>第48周</x:Name></x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]--></HEAD>
<BODY><H3>某区卫健委 行政处罚信息</H3>
<table width=100%><tr><td>
<TABLE border=1>
<CAPTION>第 48 周</CAPTION>
<THEAD><TR><TH>姓名<TH>身份证号<TH>事项<TH>填报单位<TH>数据类型<TH>文书类型<TH>文书号<TH>决定日期
<TBODY>
<TR><TD>赵六<TD>110105&nbsp;1949 1231002X<TD>逃避隔离<br>医学观察<TD rowspan=2>某区卫健委<TD>不良<TD>行政处罚决定书<TD>卫罚〔2026〕9号<TD>2026/1/6
<TR><TD>钱七<TD>110105194912310038<TD>哄抬口罩价格<TD>不良<TD>行政处罚决定书<TD>卫罚〔2026〕10号<TD>2026年1月6日
<TR style="DISPLAY: none"><TD>孙八<TD>110105194912310046<TD>哄抬口罩价格<TD>某区住建局<TD>不良<TD>行政处罚决定书<TD>卫罚〔2026〕11号<TD>2026-01-06
<TR><TD>吴十<TD>110105194912310062<TD>哄抬口罩价格<TD>某区住建局<TD>不良<TD>行政处罚决定书<TD>卫罚〔2026〕12号<TD>2026-13-06
</TABLE>
</td></tr></table>
</BODY></HTML>
EOF2
fresh soup; I soup soup.xls > out.soup 2>&1
check "tag soup: every record read, the merged 填报单位 taken down, the ID's &nbsp; and the <br> in a matter passed over" \
	test "$(sqlite3 "$tmp/soup.db" "SELECT group_concat(s.name || '/' || s.id_number || '/' || r.reporting_unit || '/' || c.code || '/' || r.doc_date, ' ') FROM (SELECT * FROM credit_record ORDER BY doc_number) r JOIN subject s ON s.id = r.subject_id JOIN catalog_item c ON c.id = r.item_id")" = \
	"钱七/110105194912310038/某区卫健委/YQ-B07/2026-01-06 孙八/110105194912310046/某区住建局/YQ-B07/2026-01-06 赵六/11010519491231002X/某区卫健委/YQ-B02/2026-01-06"
check "the rows numbered as Excel shows the page (the heading and the caption are rows 1 and 2), the sheet named as Excel names it (x:Name)" \
	grep -q "the first row 6 of sheet 第48周" out.soup
sed -e 's/<x:Name>[^<]*//' soup.xls > 第48周导出.xls
fresh soup2; I soup2 第48周导出.xls > out.soup2 2>&1
check "a page with no x:Name: the sheet named after the file, as Excel does (not its <title>)" \
	grep -q "the first row 6 of sheet 第48周导出\." out.soup2
gbk=$(printf '\265\274\263\366.xls') # 导出.xls, its name in GBK (a stick from Windows)
cp 第48周导出.xls "$gbk"
fresh soup3; I soup3 "$gbk" > out.soup3 2>&1
check "a file name that is no UTF-8: the sheet is Sheet1, not bytes no one can read" \
	grep -q "the first row 6 of sheet Sheet1\." out.soup3
check "and the bad date rejected, on its row" \
	sh -c "grep -q '1 row (7): The decision date: .2026-13-06. has no month 13' out.soup && grep -q '^吴十,.*2026-13-06' soup.rejects.csv"
# a rowspan past the sheet's last row (found by fuzz_sheet): the merge
# ends at the sheet's end, the rows below take the value as a browser
# shows them
sed 's/rowspan=2/rowspan=99999999/' soup.xls > tall.xls
fresh tall; I tall tall.xls > out.tall 2>&1
check "a rowspan past the last row: read, the value taken down" \
	test "$(sqlite3 "$tmp/tall.db" "SELECT r.reporting_unit FROM credit_record r JOIN subject s ON s.id = r.subject_id WHERE s.name = '钱七'")" = 某区卫健委
# Excel's own page (File -> Save As -> Web Page, one sheet): <col>s,
# x:str and x:num, a long number Excel kept as one (shown 1.10105E+17),
# its "downlevel-revealed" block of a hidden empty row
cat > excel.htm << 'EOF2'
<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:x="urn:schemas-microsoft-com:office:excel"
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Excel.Sheet>
<style>
<!--table {mso-displayed-decimal-separator:"\.";}
.xl65 {mso-number-format:"\@";}
-->
</style>
<!--[if gte mso 9]><xml>
 <x:ExcelWorkbook>
  <x:ExcelWorksheets>
   <x:ExcelWorksheet>
    <x:Name>十一月</x:Name>
    <x:WorksheetOptions><x:Selected/></x:WorksheetOptions>
   </x:ExcelWorksheet>
  </x:ExcelWorksheets>
 </x:ExcelWorkbook>
</xml><![endif]-->
</head>
<body link=blue vlink=purple>
<table x:str border=0 cellpadding=0 cellspacing=0 width=576 style='border-collapse:
 collapse;table-layout:fixed;width:432pt'>
 <col width=72 span=8 style='width:54pt'>
 <tr height=18 style='height:13.5pt'>
  <td height=18 width=72 style='height:13.5pt;width:54pt'>姓名</td>
  <td width=72 style='width:54pt'>身份证号</td>
  <td width=72 style='width:54pt'>事项</td>
  <td width=72 style='width:54pt'>填报单位</td>
  <td width=72 style='width:54pt'>数据类型</td>
  <td width=72 style='width:54pt'>文书类型</td>
  <td width=72 style='width:54pt'>文书号</td>
  <td width=72 style='width:54pt'>决定日期</td>
 </tr>
 <tr height=18 style='height:13.5pt'>
  <td height=18 style='height:13.5pt'>赵六</td>
  <td class=xl65>11010519491231002X</td>
  <td>逃避隔离医学观察</td>
  <td>某区卫健委</td>
  <td>不良</td>
  <td>行政处罚决定书</td>
  <td>卫罚〔2026〕9号</td>
  <td align=right x:num="46028">2026/1/6</td>
 </tr>
 <tr height=18 style='height:13.5pt'>
  <td height=18 style='height:13.5pt'>钱七</td>
  <td align=right x:num="1.1010519491231E+17">1.10105E+17</td>
  <td>哄抬口罩价格</td>
  <td>某区卫健委</td>
  <td>不良</td>
  <td>行政处罚决定书</td>
  <td>卫罚〔2026〕10号</td>
  <td align=right x:num="46028">2026/1/6</td>
 </tr>
 <![if supportMisalignedColumns]>
 <tr height=0 style='display:none'>
  <td width=72 style='width:54pt'></td>
  <td width=72 style='width:54pt'></td>
 </tr>
 <![endif]>
</table>
</body>
</html>
EOF2
fresh excel; I excel excel.htm > out.excel 2>&1
check "Excel's own web page: the record read, the ID Excel kept as a number refused on its row" \
	sh -c "grep -q '(HTML): 2 rows; imported 1, duplicate 0, rejected 1' out.excel &&
	grep -q '1 row (3): The number 1.10105E+17 was kept as a number' out.excel"
# a fragment a program wrote: no <html>, the table in a <div>
{ echo '<div class="export">'; sed -n '/^<TABLE border=1>/,/^<.TABLE>/p' soup.xls; echo '</div>'; } > frag.xls
fresh frag; I frag frag.xls > out.frag 2>&1
check "a fragment (<div><table>, no <html>): read as a page" grep -q "(HTML): 4 rows; imported 3" out.frag
# Excel's single-file web page (MHTML), named .xls: each sheet its
# part, the same records; the tab strip no sheet; the hidden sheet said
fresh mht; I mht rows-mht.xls > out.mht 2>&1
check "Excel's single-file web page (MHTML) imports, its two sheets' rows" \
	grep -q "(MHTML): 300 rows; imported 300" out.mht
check "and gives exactly the records the CSV gives (gb2312, quoted-printable)" \
	test "$(dump mht)" = "$(dump csv)"
check "its sheets named as its frame page lists them, the hidden one said, the tab strip no sheet" \
	sh -c "grep -q 'Sheets with no header row, nothing imported from them: 字典 (hidden, 2 lines)\$' out.mht &&
	! grep -q 'tabstrip\|此页面' out.mht"
fresh nocs; I nocs nocs-mht.xls > out.nocs 2>&1
check "sheets' parts naming no charset or an unknown one: all their rows imported" \
	grep -q "(MHTML): 300 rows; imported 300" out.nocs
check "read as their bytes are (GBK): the same records as the CSV" test "$(dump nocs)" = "$(dump csv)"
fresh frames; I frames week.htm > out.frames 2>&1
check "a workbook saved as a web page of several files: its frame page reads the sheets' pages beside it" \
	sh -c "grep -q '(HTML): 300 rows; imported 300' out.frames &&
	grep -q 'Sheets with no header row, nothing imported from them: 字典 (hidden, 2 lines)\$' out.frames"
check "the same records as the CSV" test "$(dump frames)" = "$(dump csv)"
# the workbook is the frame page and its sheets' files: a sheet saved
# again (the frame page the same bytes) is another workbook, as an edited
# CSV is another file (what --withdraw FILE and a killed import's
# taking up go by)
mkdir -p again && cp -r week.htm week.files again/
fresh frk; I frk again/week.htm > /dev/null 2>&1
check "its batch is known by more than its frame page's bytes" \
	test "$(sqlite3 "$tmp/frk.db" "SELECT file_sha256 FROM import_batch")" != "$(sha256sum again/week.htm | cut -c1-64)"
cp again/week.files/sheet002.htm sheet002.kept
echo '<!-- saved again -->' >> again/week.files/sheet002.htm
W() { "$CD" --db "$tmp/frk.db" --user zhangwei --password-file "$tmp/clerk.pw" import --withdraw again/week.htm --reason 填错了; }
W > out.frk 2>&1
check "one of its sheets saved again: not the workbook imported" \
	sh -c "grep -q 'No import of again/week.htm as it is now in this office: the file imported under that name (.*, batch [0-9a-f-]*) held something else' out.frk && test \"\$(sqlite3 '$tmp/frk.db' \"SELECT count(*) FROM credit_record WHERE status = 'active'\")\" = 300"
cp sheet002.kept again/week.files/sheet002.htm
W > out.frk 2>&1
check "the workbook as it was imported: its records withdrawn" grep -q "Withdrew the 300 records of the import of week.htm" out.frk
mkdir -p alone && cp week.htm alone/
fresh frames2; I frames2 alone/week.htm > out.frames2 2>&1
check "the frame page without its folder: said which sheet's page is missing, and what to do" \
	grep -q "alone/week.htm is the frame page of a workbook Excel saved as a web page; its sheet 第一批 is the file week.files/sheet001.htm beside it, which is not there. Copy the folder that came with it (week.files)" out.frames2
check "and nothing imported" test "$(dump frames2)" = ""
fresh saved; I saved saved.mht > out.saved 2>&1
check "a page a browser saved as one file (.mht, UTF-8 in base64): the same records" \
	sh -c "grep -q '(MHTML): 300 rows; imported 300' out.saved && test \"\$(sqlite3 '$tmp/saved.db' 'SELECT count(*) FROM credit_record')\" = 300"
check "and exactly the CSV's" test "$(dump saved)" = "$(dump csv)"
check "its BOM no line of text (libxml2 passes over it)" sh -c "! grep -q 'lines skipped' out.saved"
# a page with no table; a table that would make more cells than bytes;
# a single-file web page naming no parts
printf 'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart"\r\n' > web.mht.xls
printf '<html><body><p>本周无数据</p></body></html>\n' > notable.xls
$PY -c 'open("wide.xls", "w").write("<table>" + "<tr><td colspan=16384>a</td><td>b</td></tr>" * 200 + "</table>")'
fresh web2; I web2 web.mht.xls > out.web2 2>&1
printf 'MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\n<table><tr><td>x</td></tr></table>\r\n' > nob.mht
I web2 nob.mht > out.web6 2>&1
check "a single-file web page naming no boundary: damaged, said so, with what to do" \
	grep -q "nob.mht starts as a single-file web page (MHTML) but names no parts (its Content-Type has no boundary): it is damaged" out.web6
check "a single-file web page with no parts: no table in it, said so" \
	grep -q "is a single-file web page (MHTML) with no table in it" out.web2
I web2 notable.xls > out.web3 2>&1
check "a web page with no table: said so" grep -q "is a web page (HTML) with no table in it" out.web3
I web2 wide.xls > out.web4 2>&1
check "a colspan of thousands on every row: refused, not billions of cells" \
	grep -q "would make more cells than the file has bytes" out.web4
# a page with a UTF-8 BOM and GBK bytes further on: damaged, said as a
# page (not a CSV's "save it as CSV UTF-8")
printf '\357\273\277<html><table><tr><td>\271\372</td></tr></table></html>\n' > mixed.xls
I web2 mixed.xls > out.web5 2>&1
check "a page mixing UTF-8 and GBK: refused as a damaged page, with a page's advice" \
	sh -c "grep -q 'mixed.xls is a web page that starts as UTF-8 but has bytes that are not UTF-8' out.web5 &&
	! grep -q 'CSV UTF-8' out.web5"
fresh ods; I ods rows.ods > out.ods 2>&1
check "an .ods (OpenDocument) imports" grep -q "(OpenDocument .ods): 300 rows" out.ods
check "the .ods gives exactly the records the CSV gives (dates by their value, comments not read)" \
	test "$(dump ods)" = "$(dump csv)"

# -- an .ods as LibreOffice writes it: a row or cell like the one before
# written once with a repeat count, the sheet ending in a million empty
# rows of a thousand empty cells; spaces as <text:s/>; an 18-digit ID
# kept as a number; its mimetype entry not first in the package
$PY - << 'PY'
import zipfile
def cell(v=None, t="string", rep=None):
    r = f' table:number-columns-repeated="{rep}"' if rep else ""
    if v is None:
        return f"<table:table-cell{r}/>"
    if t == "float":
        return f'<table:table-cell office:value-type="float" office:value="{v}" calcext:value-type="float"{r}><text:p>{v}</text:p></table:table-cell>'
    if t == "date":
        return f'<table:table-cell office:value-type="date" office:date-value="{v}T00:00:00" calcext:value-type="date"{r}><text:p>{v[:4]}年{int(v[5:7])}月{int(v[8:])}日</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string" calcext:value-type="string"{r}><text:p>{v}</text:p></table:table-cell>'
def row(cells, rep=None):
    r = f' table:number-rows-repeated="{rep}"' if rep else ""
    return f"<table:table-row{r}>" + "".join(cells) + cell(None, rep=1014) + "</table:table-row>"
def rec(n, name, ident, num, day, kind="string"):
    who = cell(name)
    if "<text:s/>" in name:  # a picture anchored to the cell, with a caption
        who = who.replace("<text:p>", "<draw:frame><draw:text-box><text:p>图注</text:p>"
                          "</draw:text-box></draw:frame><text:p>", 1)
    return [cell(n, "float"), who, cell(ident, kind), cell("逃避隔离医学观察"), cell("YQ-B02"),
            cell("某区卫健委"), cell("不良"), cell("行政处罚决定书"), cell(num), cell(day, "date")]
head = ["序号", "姓名", "身份证号", "事项", "目录编码", "填报单位", "数据类型", "文书类型", "文书号", "决定日期"]
rows = [row([cell("2026年第3周 信用信息报送表")]),
        row([cell(None, rep=10)], 2),
        row([cell(h) for h in head]),
        row(rec("1", "张<text:s/>三", "110105194912310038", "卫罚〔2026〕1号", "2026-01-05")),
        row(rec("2", "李四", "1.10105194912310E+017", "卫罚〔2026〕2号", "2026-01-05", "float")),
        row(rec("3", "王五", "110105194912310046", "卫罚〔2026〕3号", "2026-01-06"), 2),
        row(rec("4", "赵六", "110105194912310047", "卫罚〔2026〕4号", "2026-01-07"), 2),
        row([cell(None, rep=10)], 1048569)]
content = ('<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0">'
    '<office:body><office:spreadsheet><table:table table:name="自然人">'
    '<table:table-column table:number-columns-repeated="1024"/>' + "".join(rows) +
    "</table:table></office:spreadsheet></office:body></office:document-content>")
manifest = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '%s</manifest:manifest>')
z = zipfile.ZipFile("lo.ods", "w", zipfile.ZIP_DEFLATED)
z.writestr("content.xml", content)
z.writestr("META-INF/manifest.xml", manifest % "")
z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
z.close()
# a password: content.xml encrypted, the manifest says so
z = zipfile.ZipFile("locked.ods", "w")
z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
z.writestr("content.xml", bytes(range(256)) * 8)
z.writestr("META-INF/manifest.xml", manifest % '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry>')
z.close()
# a few hundred bytes that repeat a cell 16384 times in a row repeated
# a million times; a paragraph of a billion spaces (<text:s text:c=>)
for name, inner in (("bomb.ods", '<table:table-row table:number-rows-repeated="1048576">'
                     '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
                     "</table:table-row>"),
                    ("spaces.ods", '<table:table-row><table:table-cell office:value-type="string">'
                     '<text:p>a<text:s text:c="999999999"/>b</text:p></table:table-cell></table:table-row>')):
    z = zipfile.ZipFile(name, "w")
    z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("content.xml", content.split("<table:table-column")[0] + inner +
               "</table:table></office:spreadsheet></office:body></office:document-content>")
    z.close()
z = zipfile.ZipFile("letter.odt", "w")
z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
z.writestr("content.xml", "<x/>")
z.close()
PY
fresh lo; I lo lo.ods > out.lo 2>&1
check "LibreOffice's repeated rows: a row written once for two is two rows" \
	grep -q "(OpenDocument .ods): 6 rows; imported 2, duplicate 1, rejected 3; 1 blank" out.lo
check "its records: the spaces of <text:s/> tidied out of the name, a picture's caption not in it, dates by their value" \
	test "$(sqlite3 "$tmp/lo.db" "SELECT group_concat(x, ' ') FROM (SELECT s.name || '/' || r.doc_date AS x FROM credit_record r JOIN subject s ON s.id = r.subject_id ORDER BY 1)")" = "张三/2026-01-05 王五/2026-01-06"
check "an ID kept as a number: refused on its own row, saying it lost its digits" \
	grep -q "^  1 row (6): The number 110105194912310000 was kept .* lost its last digits" out.lo
check "the repeated rows numbered as the sheet shows them" grep -q "^  2 rows (9, 10), as row 9: Resident ID" out.lo
check "and both in the reject file" test "$(grep -c '^4,赵六,"=""110105194912310047""",' lo.rejects.csv)" = 2
fresh locked; I locked locked.ods > out.locked 2>&1
check "an .ods with a password: refused, saying to remove it" grep -q "protected by a password" out.locked
fresh odt; I odt letter.odt > out.odt 2>&1
check "an OpenDocument text (.odt): no table, said so" grep -q "letter.odt is an OpenDocument text or presentation (text), not a table" out.odt
fresh bomb; I bomb bomb.ods > out.bomb 2>&1
check "an .ods whose repeat counts would make billions of cells: refused at once" \
	grep -q "bomb.ods: row 1 would make more cells than the file has bytes" out.bomb
fresh spaces; I spaces spaces.ods > out.spaces 2>&1
check "a cell of a billion spaces: refused as too long" grep -q "row 1, column 1 has a cell longer than 128 KiB" out.spaces
head -c 2500 rows.ods > cut.ods
fresh cuto; I cuto cut.ods > out.cuto 2>&1
check "an .ods cut short: refused as damaged" grep -q "damaged or cut short" out.cuto
check "and nothing of those is imported" \
	test "$(sqlite3 "$tmp/locked.db" "SELECT count(*) FROM credit_record")$(sqlite3 "$tmp/odt.db" "SELECT count(*) FROM credit_record")$(sqlite3 "$tmp/cuto.db" "SELECT count(*) FROM credit_record")" = 000

# -- a remark typed beside the table (beyond the header): not a fault in
# a workbook, where no comma moves a cell; not copied to the reject file
$PY - << 'PY'
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["姓名", "身份证号", "事项", "目录编码", "填报单位", "数据类型", "文书类型", "文书号", "决定日期"])
ws.append(["李四", "11010519491231002X", "逃避隔离医学观察", "YQ-B02", "某区卫健委", "不良", "行政处罚决定书", "卫罚〔2026〕2号", "2026-01-05", None, "已电话通知"])
ws.append(["王五", "110105194912310046", "逃避隔离医学观察", "YQ-B02", "某区卫健委", "不良", "行政处罚决定书", "卫罚〔2026〕3号", "2026-13-05", "已电话通知"])
wb.save("remark.xlsx")
PY
fresh remark; I remark remark.xlsx > out.remark 2>&1
check "a workbook's remark beside the table: its row imports" grep -q "imported 1, duplicate 0, rejected 1" out.remark
check "the other row's reject line: the header's columns and the reason, no remark" \
	sh -c "grep '^王五,' remark.rejects.csv | grep -qv '已电话通知'"
check "so the reason stands under the reason column and the file imports back" \
	test "$(grep '^王五,' remark.rejects.csv | awk -F, '{print NF}')" = 10

# -- an ID Excel kept as a number, a good row beside it ------------------------
$PY - << 'PY'
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["姓名", "身份证号", "事项", "目录编码", "填报单位", "数据类型", "文书类型", "文书号", "决定日期"])
ws.append(["张三", 110105194912310038, "逃避隔离医学观察", "YQ-B02", "某区卫健委", "不良", "行政处罚决定书", "卫罚〔2026〕1号", "2026-01-05"])
ws.append(["李四", "11010519491231002X", "逃避隔离医学观察", "YQ-B02", "某区卫健委", "不良", "行政处罚决定书", "卫罚〔2026〕2号", "2026-01-05"])
ws.append(["王五", 110105194912, "逃避隔离医学观察", "YQ-B02", "某区卫健委", "不良", "行政处罚决定书", "卫罚〔2026〕3号", "2026-01-05"])
wb.save("numid.xlsx")
PY
fresh numid; I numid numid.xlsx > out.numid 2>&1
check "the good row beside it imports" grep -q "imported 1" out.numid
check "an 18-digit ID kept as a number: refused, saying it lost its digits" \
	grep -q "lost its last digits" numid.rejects.csv
check "and how to fix it" grep -q "设置单元格格式" numid.rejects.csv
check "the number shown as Excel shows it: 15 digits, then zeros" grep -q '^张三,"=""110105194912310000""",' numid.rejects.csv
check "a short number kept as a number is read in full (and refused for its length)" \
	grep -q '^王五,"=""110105194912""",' numid.rejects.csv
check "the reject file of a workbook is CSV in UTF-8 with a BOM" \
	test "$(head -c 3 numid.rejects.csv | od -An -tx1 | tr -d ' ')" = efbbbf
# the reject file, corrected, imports back: its reason column is not a column it does not know
sed -i 's/^张三,[^,]*,/张三,110105194912310038,/' numid.rejects.csv
I numid numid.rejects.csv > out.back 2>&1
check "the corrected reject file imports back" grep -q "imported 1" out.back
check "its reason column is not reported as unknown" sh -c "! grep -q 'not understood\|ignored' out.back"

# -- dates typed into cells that are not formatted as dates --------------------
$PY - << 'PY'
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["姓名", "身份证号", "事项", "目录编码", "填报单位", "数据类型", "文书类型", "文书号", "决定日期"])
ws.append(["张三", "110105194912310038", "逃避隔离医学观察", "YQ-B02", "某区卫健委", "不良", "行政处罚决定书", "卫罚〔2026〕1号", 46027])
ws.append(["李四", "11010519491231002X", "逃避隔离医学观察", "YQ-B02", "某区卫健委", "不良", "行政处罚决定书", "卫罚〔2026〕2号", 20260105])
ws.append(["王五", "110105194912310039", "逃避隔离医学观察", "YQ-B02", "某区卫健委", "不良", "行政处罚决定书", "卫罚〔2026〕3号", 46027])
wb.save("serial.xlsx")
PY
fresh serial; I serial serial.xlsx > out.serial 2>&1
check "a date typed as 20260105 into a number cell imports" grep -q "imported 1," out.serial
check "a date serial left as a number: refused, naming the date it would be" \
	grep -q "^张三,.*46027 is a number, not a date.*46027 as 2026-01-05" serial.rejects.csv
check "told with the row's other faults, not instead of them" \
	sh -c "grep '^王五,' serial.rejects.csv | grep 'check character' | grep -q '46027 is a number'"

# -- the unit a sheet's title line names ----------------------------------------
# the first sheet's title names the unit (填报单位（盖章）：... in a merged
# title cell beside the date); the second sheet has no title: its row
# is not given the first's unit
$PY - << 'PY'
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "行政处罚"
ws.merge_cells("A1:H1")
ws["A1"] = "行政处罚信息报送表"
ws.merge_cells("A2:H2")
ws["A2"] = "填报单位（盖章）：某区市场监管局      填报日期：2026年1月20日"
ws.append(["主体名称", "统一社会信用代码", "处罚事由", "目录编码", "数据类型", "文书类型", "处罚决定书文号", "处罚决定日期"])
ws.append(["某某医疗器械有限公司", "91110000600037341L", "销售过期口罩", "XZCF-2", "不良", "行政处罚决定书", "市监罚〔2026〕6号", "2026-01-15"])
ws = wb.create_sheet("自然人")
ws.append(["姓名", "身份证号", "事项", "目录编码", "数据类型", "文书类型", "文书号", "决定日期"])
ws.append(["赵六", "11010519491231002X", "逃避隔离医学观察", "YQ-B02", "不良", "行政处罚决定书", "卫罚〔2026〕8号", "2026-01-06"])
wb.save("titled.xlsx")
PY
fresh titled; I titled titled.xlsx > out.titled 2>&1
check "a sheet's title line gives its rows their reporting unit" \
	test "$(sqlite3 "$tmp/titled.db" "SELECT group_concat(reporting_unit) FROM credit_record")" = 某区市场监管局
check "another sheet's rows do not take it: rejected, saying what to add" \
	grep -q "^赵六,.*The reporting unit (填报单位) is missing: name the unit" titled.rejects.csv

# each sheet's title its own unit: the summary names each once
$PY - << 'PY'
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "法人"
ws.append(["填报单位：某区市场监管局"])
ws.append(["主体名称", "统一社会信用代码", "事项", "目录编码", "数据类型", "文书类型", "文书号", "决定日期"])
ws.append(["某某医疗器械有限公司", "91110000600037341L", "销售过期口罩", "XZCF-2", "不良", "行政处罚决定书", "市监罚〔2026〕16号", "2026-01-15"])
ws.append(["某某医疗器械有限公司", "91110000600037341L", "销售过期口罩", "XZCF-2", "不良", "行政处罚决定书", "市监罚〔2026〕17号", "2026-01-16"])
ws = wb.create_sheet("自然人")
ws.append(["填报单位：某区卫健委"])
ws.append(["姓名", "身份证号", "事项", "目录编码", "数据类型", "文书类型", "文书号", "决定日期"])
ws.append(["赵六", "11010519491231002X", "逃避隔离医学观察", "YQ-B02", "不良", "行政处罚决定书", "卫罚〔2026〕18号", "2026-01-06"])
wb.save("units.xlsx")
PY
fresh units; I units units.xlsx > out.units 2>&1
check "two sheets, two title units: the summary names both, once each" \
	grep -q "of 3 rows that name none is the one their title line names: 某区市场监管局、某区卫健委$" out.units
check "and each sheet's rows have their own" \
	test "$(sqlite3 "$tmp/units.db" "SELECT group_concat(reporting_unit || ':' || n, ' ') FROM (SELECT reporting_unit, count(*) AS n FROM credit_record GROUP BY 1 ORDER BY 1)")" = "某区卫健委:1 某区市场监管局:2"
# five sheets, five units of 60 characters: more than the summary's
# line holds; it ends in "…", no unit cut in two
$PY - << 'PY'
import openpyxl
wb = openpyxl.Workbook()
for n in range(5):
    ws = wb.active if n == 0 else wb.create_sheet()
    ws.title = f"第{n + 1}批"
    ws.append([f"填报单位：{'一二三四五'[n] * 57}市场所"])
    ws.append(["主体名称", "统一社会信用代码", "事项", "目录编码", "数据类型", "文书类型", "文书号", "决定日期"])
    ws.append(["某某医疗器械有限公司", "91110000600037341L", "销售过期口罩", "XZCF-2", "不良", "行政处罚决定书", f"市监罚〔2026〕{30 + n}号", "2026-01-15"])
wb.save("units5.xlsx")
PY
fresh units5; I units5 units5.xlsx > out.units5 2>&1
u() { printf "%.0s$1" $(seq 57); printf 市场所; }
check "units beyond the summary's room: the list ends in …, the units before it whole" \
	grep -q "of 5 rows that name none is the one their title line names: $(u 一)、$(u 二)、$(u 三)…$" out.units5

# -- two sheets: organisations and persons -------------------------------------
$PY - << 'PY'
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "法人和其他组织"
ws.append(["序号", "主体名称", "统一社会信用代码", "事项", "目录编码", "填报单位", "数据类型", "文书类型", "文书号", "决定日期"])
ws.append([1, "某某医疗器械有限公司", "91110000600037341L", "销售过期口罩", "XZCF-2", "某区市场监管局", "不良", "行政处罚决定书", "市监罚〔2026〕5号", "2026-01-15"])
ws = wb.create_sheet("自然人")
ws.append(["序号", "姓名", "身份证号", "事项", "目录编码", "所属单位", "填报单位", "数据类型", "文书类型", "文书号", "决定日期"])
ws.append([1, "赵六", "11010519491231002X", "逃避隔离医学观察", "YQ-B02", "某社区", "某区卫健委", "不良", "行政处罚决定书", "卫罚〔2026〕9号", "2026-01-06"])
wb.save("two.xlsx")
PY
fresh two; I two two.xlsx > out.two 2>&1
check "both sheets of the template are read" grep -q "imported 2" out.two
check "each sheet with its own columns" \
	test "$(sqlite3 "$tmp/two.db" "SELECT group_concat(s.name || '/' || s.id_type, ' ') FROM (SELECT s.name, s.id_type FROM credit_record r JOIN subject s ON s.id = r.subject_id ORDER BY 1) s")" = "某某医疗器械有限公司/uscc 赵六/resident"

# -- a header of two rows, as Excel templates group their columns -------------
$PY - << 'PY'
import openpyxl
# 主体信息 merged over the name and the code; the other names merged
# down into the row below, which holds only the two
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["公共信用信息归集表"])
ws.merge_cells("A1:J1")
ws.append(["序号", "主体信息", None, "事项", "目录编码", "填报单位", "数据类型", "文书类型", "文书号", "决定日期"])
ws.append([None, "主体名称", "统一社会信用代码"] + [None] * 7)
ws.merge_cells("B2:C2")
for c in "ADEFGHIJ":
    ws.merge_cells(f"{c}2:{c}3")
ws.append([1, "某某医疗器械有限公司", "91110000600037341L", "销售过期口罩", "XZCF-2", "某区市场监管局", "不良", "行政处罚决定书", "市监罚〔2026〕5号", "2026-01-15"])
ws.append([2, "某某物流有限公司", "915001109RT6PKWL9X", "销售过期口罩", "XZCF-2", "某区市场监管局", "不良", "行政处罚决定书", "市监罚〔2026〕6号", "2026-01-15"])
wb.save("group-above.xlsx")
# 处罚决定 merged over the document's number and date, named in the row
# below; the rest merged down
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["序号", "主体名称", "统一社会信用代码", "事项", "目录编码", "填报单位", "数据类型", "处罚决定", None])
ws.append([None] * 7 + ["文书号", "决定日期"])
ws.merge_cells("H1:I1")
for c in "ABCDEFG":
    ws.merge_cells(f"{c}1:{c}2")
ws.append([1, "某某医疗器械有限公司", "91110000600037341L", "销售过期口罩", "XZCF-2", "某区市场监管局", "不良", "市监罚〔2026〕5号", "2026-01-15"])
wb.save("group-below.xlsx")
PY
fresh above; I above group-above.xlsx > out.above 2>&1
check "a two-row header: the names merged down from the upper row are read" \
	test "$(sqlite3 "$tmp/above.db" "SELECT s.name || '/' || r.matter || '/' || r.doc_number || '/' || r.doc_date FROM credit_record r JOIN subject s ON s.id = r.subject_id")" = "某某医疗器械有限公司/销售过期口罩/市监罚〔2026〕5号/2026-01-15"
check "and its reject file has every column's name, so it imports back" \
	grep -q "序号,主体名称,统一社会信用代码,事项,目录编码,填报单位,数据类型,文书类型,文书号,决定日期,Reject reason" group-above.rejects.csv
check "no column is reported unused" sh -c "! grep -q 'Columns not used' out.above"
fresh below; I below group-below.xlsx > out.below 2>&1
check "a group cell of the header named in the row below: its columns are read" \
	test "$(sqlite3 "$tmp/below.db" "SELECT r.doc_number || '/' || r.doc_date FROM credit_record r")" = "市监罚〔2026〕5号/2026-01-15"
check "and the row of names is no row of data" grep -q "1 rows; imported 1, duplicate 0, rejected 0" out.below

# -- a sheet of rows without a header of its own ------------------------------
$PY - << 'PY'
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "一月"
ws.append(["序号", "主体名称", "统一社会信用代码", "事项", "目录编码", "填报单位", "数据类型", "文书类型", "文书号", "决定日期"])
ws.append([1, "某某医疗器械有限公司", "91110000600037341L", "销售过期口罩", "XZCF-2", "某区市场监管局", "不良", "行政处罚决定书", "市监罚〔2026〕5号", "2026-01-15"])
ws = wb.create_sheet("二月")
ws.append([2, "某某物流有限公司", "915001109RT6PKWL9Y", "销售过期口罩", "XZCF-2", "某区市场监管局", "不良", "行政处罚决定书", "市监罚〔2026〕6号", "2026-02-15"])
ws = wb.create_sheet("填报说明")
ws.append(["填报说明"])
ws.append([1, "XXX 有限公司", "912xxxxxxxxxxxxxx1", "捐赠医疗器械"])
# the drop-down lists a template keeps out of sight
ws = wb.create_sheet("字典")
for v in ["法人及非法人组织", "自然人", "个体工商户"]:
    ws.append([v])
ws.sheet_state = "hidden"
wb.save("noheader.xlsx")
PY
fresh nohdr; I nohdr noheader.xlsx > out.nohdr 2>&1
check "a sheet's rows without a header row: rejected, not passed over as titles" \
	grep -q "imported 1, duplicate 0, rejected 1" out.nohdr
check "the reason names the sheet and says what to do" \
	grep -q "^2,某某物流有限公司,.*Row 1 of sheet '二月' looks like a record, but no header row above it" noheader.rejects.csv
check "a template's example (912xxxx...) in its notes is no record" \
	sh -c "! grep -q '912xxxx' noheader.rejects.csv"
check "the sheets that gave nothing are named, with their lines (a sheet with a record is not)" \
	grep -qx "Sheets with no header row, nothing imported from them: 填报说明 (2 lines)、字典 (hidden, 3 lines)" out.nohdr
# two sheets whose header names columns otherwise than the template: each
# name said once as it was read
$PY - << 'PY'
import openpyxl
wb = openpyxl.Workbook()
head = ["当事人名称", "统一社会信用代码", "处罚事由", "目录编码", "填报部门", "数据类型", "文书类型", "文书号", "处罚日期"]
for n, (name, code, num) in enumerate([("某某医疗器械有限公司", "91110000600037341L", "5"), ("某某物流有限公司", "915001109RT6PKWL9Y", "6")]):
    ws = wb.active if n == 0 else wb.create_sheet()
    ws.title = ["一月", "二月"][n]
    ws.append(head)
    ws.append([name, code, "销售过期口罩", "XZCF-2", "某区市场监管局", "不良", "行政处罚决定书", f"市监罚〔2026〕{num}号", f"2026-0{n + 1}-15"])
wb.save("named.xlsx")
PY
fresh named; I named named.xlsx > out.named 2>&1
check "two sheets naming columns otherwise: both import" grep -q "imported 2, duplicate 0, rejected 0" out.named
check "and each name is said once as it was read" \
	grep -qx "Columns read as the template's: 当事人名称→名称、处罚事由→事项、填报部门→填报单位、处罚日期→决定日期" out.named
# a hidden sheet with rows: read like the others, and said, since the
# clerk does not see it in Excel
$PY - << 'PY'
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "本月"
head = ["序号", "主体名称", "统一社会信用代码", "事项", "目录编码", "填报单位", "数据类型", "文书类型", "文书号", "决定日期"]
ws.append(head)
ws.append([1, "某某医疗器械有限公司", "91110000600037341L", "销售过期口罩", "XZCF-2", "某区市场监管局", "不良", "行政处罚决定书", "市监罚〔2026〕5号", "2026-01-15"])
ws = wb.create_sheet("上月")
ws.append(head)
ws.append([1, "某某物流有限公司", "915001109RT6PKWL9Y", "销售过期口罩", "XZCF-2", "某区市场监管局", "不良", "行政处罚决定书", "市监罚〔2025〕9号", "2025-12-15"])
ws.append([2, "某某物流有限公司", "915001109RT6PKWL9Y", "销售过期口罩", "XZCF-2", "某区市场监管局", "不良", "行政处罚决定书", "市监罚〔2025〕10号", "2025-12-16"])
ws.sheet_state = "hidden"
wb.save("hiddenrows.xlsx")
# the same as an .xls (Excel 97-2003): the sheet hidden in its BOUNDSHEET
import xlwt
xb = xlwt.Workbook(encoding="utf-8")
for sheet in wb.worksheets:
    xs = xb.add_sheet(sheet.title)
    for i, r in enumerate(sheet.iter_rows(values_only=True)):
        for j, v in enumerate(r):
            xs.write(i, j, v)
    xs.visibility = 1 if sheet.sheet_state == "hidden" else 0
xb.save("hiddenrows.xls")
PY
fresh hid; I hid hiddenrows.xlsx > out.hid 2>&1
check "a hidden sheet's rows are read as the others" grep -q "3 rows; imported 3," out.hid
check "and the summary says which sheet the clerk does not see held how many" \
	grep -q "^Rows read from sheets the workbook hides .*: 上月 (2 rows)$" out.hid
fresh hidxls; I hidxls hiddenrows.xls > out.hidxls 2>&1
check "an .xls's hidden sheet: read, and said the same" \
	sh -c "grep -q '3 rows; imported 3,' out.hidxls && grep -q '^Rows read from sheets the workbook hides .*: 上月 (2 rows)$' out.hidxls"
# the same in an .ods, as LibreOffice hides a sheet: its table style
# (an automatic style, before the body) says table:display="false"
$PY - << 'PY'
import zipfile
def table(name, style, rows):
    cells = lambda r: "".join(f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>' for v in r)
    return (f'<table:table table:name="{name}" table:style-name="{style}">' +
            "".join(f"<table:table-row>{cells(r)}</table:table-row>" for r in rows) + "</table:table>")
head = ["序号", "主体名称", "统一社会信用代码", "事项", "目录编码", "填报单位", "数据类型", "文书类型", "文书号", "决定日期"]
rec = lambda n, num, day, name="某某物流有限公司", code="915001109RT6PKWL9Y": [n, name, code, "销售过期口罩", "XZCF-2", "某区市场监管局", "不良", "行政处罚决定书", num, day]
styles = "".join(f'<style:style style:name="{n}" style:family="table" style:master-page-name="Default">'
                 f'<style:table-properties table:display="{d}" style:writing-mode="lr-tb"/></style:style>'
                 for n, d in (("ta1", "true"), ("ta2", "false")))
content = ('<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
    '<office:automatic-styles>' + styles + '</office:automatic-styles><office:body><office:spreadsheet>' +
    table("本月", "ta1", [head, rec(1, "市监罚〔2026〕5号", "2026-01-15", "某某医疗器械有限公司", "91110000600037341L")]) +
    table("上月", "ta2", [head, rec(1, "市监罚〔2025〕9号", "2025-12-15"), rec(2, "市监罚〔2025〕10号", "2025-12-16")]) +
    table("字典", "ta2", [["法人及非法人组织"], ["自然人"], ["个体工商户"]]) +
    "</office:spreadsheet></office:body></office:document-content>")
z = zipfile.ZipFile("hiddenrows.ods", "w")
z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
z.writestr("content.xml", content)
z.close()
PY
fresh hido; I hido hiddenrows.ods > out.hido 2>&1
check "an .ods: the hidden sheet's rows read, and said" \
	test "$(grep -c -e "3 rows; imported 3," -e "^Rows read from sheets the workbook hides .*: 上月 (2 rows)$" out.hido)" = 2
check "and its hidden sheet of lists named as hidden" \
	grep -qx "Sheets with no header row, nothing imported from them: 字典 (hidden, 3 lines)" out.hido
# the same in an XML 2003 workbook, which says a sheet is hidden only
# after its rows (<WorksheetOptions><Visible>SheetHidden)
$PY - << 'PY'
head = ["序号", "主体名称", "统一社会信用代码", "事项", "目录编码", "填报单位", "数据类型", "文书类型", "文书号", "决定日期"]
rec = lambda n, num, day, name="某某物流有限公司", code="915001109RT6PKWL9Y": [str(n), name, code, "销售过期口罩", "XZCF-2", "某区市场监管局", "不良", "行政处罚决定书", num, day]
row = lambda r: "<Row>" + "".join(f'<Cell><Data ss:Type="String">{v}</Data></Cell>' for v in r) + "</Row>"
def sheet(name, rows, visible=None):
    opts = ('<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">'
            f"<Visible>{visible}</Visible></WorksheetOptions>") if visible else ""
    return f'<Worksheet ss:Name="{name}"><Table>' + "".join(row(r) for r in rows) + "</Table>" + opts + "</Worksheet>"
open("hiddenrows-2003.xls", "w", encoding="utf-8").write(
    '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">' +
    sheet("本月", [head, rec(1, "市监罚〔2026〕5号", "2026-01-15", "某某医疗器械有限公司", "91110000600037341L")]) +
    sheet("上月", [head, rec(1, "市监罚〔2025〕9号", "2025-12-15"), rec(2, "市监罚〔2025〕10号", "2025-12-16")], "SheetHidden") +
    sheet("字典", [["法人及非法人组织"], ["自然人"], ["个体工商户"]], "SheetVeryHidden") +
    "</Workbook>\n")
PY
fresh hidx; I hidx hiddenrows-2003.xls > out.hidx 2>&1
check "an XML 2003 workbook: the hidden sheet's rows read, and said" \
	test "$(grep -c -e "3 rows; imported 3," -e "^Rows read from sheets the workbook hides .*: 上月 (2 rows)$" out.hidx)" = 2
check "and its very hidden sheet of lists named as hidden" \
	grep -qx "Sheets with no header row, nothing imported from them: 字典 (hidden, 3 lines)" out.hidx
sed -i 's/,"Row 1 of sheet.*//' noheader.rejects.csv
I nohdr noheader.rejects.csv > out.nohdr2 2>&1
check "under the header the reject file gives it, the row imports" grep -q "imported 1," out.nohdr2

# -- line breaks inside cells (Alt+Enter), header and rows --------------------
$PY - << 'PY'
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["序号", "主体名称", "统一社会\n信用代码", "事项", "目录编码", "填报单位", "数据类型", "文书类型", "文书号", "决定日期"])
ws.append([1, "某某医疗器械\n有限公司", "91110000600037341L", "销售过期口罩\r\n三百只", "XZCF-2", "某区市场 \n 监管局", "不良", "行政处罚决定书", "Case\nNo. 5", "2026-01-15"])
wb.save("breaks.xlsx")
PY
fresh breaks; I breaks breaks.xlsx > out.breaks 2>&1
check "line breaks inside cells: the row imports, the header's broken name read" grep -q "imported 1," out.breaks
check "a break between Chinese characters goes, one between Latin words is a space" \
	test "$(sqlite3 "$tmp/breaks.db" "SELECT s.name || '/' || r.matter || '/' || r.reporting_unit || '/' || r.doc_number FROM credit_record r JOIN subject s ON s.id = r.subject_id")" = "某某医疗器械有限公司/销售过期口罩三百只/某区市场监管局/Case No. 5"

# a sheet's rows are numbered in the sheet: with two sheets, the sheet is
# said (two.xlsx with bad check characters, and a second person)
$PY - << 'PY'
import openpyxl
wb = openpyxl.load_workbook("two.xlsx")
wb["法人和其他组织"]["C2"] = "91110000600037341X"
ws = wb["自然人"]
ws["C2"] = "110105194912310021"
ws.append([2, "钱七", "110105194912310022", "逃避隔离医学观察", "YQ-B02", "某社区", "某区卫健委", "不良", "行政处罚决定书", "卫罚〔2026〕10号", "2026-01-06"])
wb.save("twobad.xlsx")
PY
fresh twobad; I twobad twobad.xlsx > out.twobad 2>&1
check "two sheets: a reason's rows say their sheet" \
	grep -q "2 rows (2, 3), as row 2 of sheet 自然人: Resident ID" out.twobad
check "and a single row's too" grep -q "1 row (2, sheet 法人和其他组织): Unified social credit code" out.twobad
# one reason on rows of two sheets: each sheet's rows said with it
$PY - << 'PY'
import openpyxl
wb = openpyxl.load_workbook("two.xlsx")
wb["法人和其他组织"]["F2"] = None
wb["自然人"]["G2"] = None
wb.save("twounit.xlsx")
PY
fresh twounit; I twounit twounit.xlsx > out.twounit 2>&1
check "one reason on two sheets: the rows listed by sheet" \
	grep -q "2 rows (sheet 法人和其他组织: 2; sheet 自然人: 2), as row 2 of sheet 法人和其他组织: The reporting unit" out.twounit

# -- damaged files change nothing ---------------------------------------------
head -c 3000 rows.xlsx > cut.xlsx
fresh cut; I cut cut.xlsx > out.cut 2>&1
st=$?
check "a workbook cut short: refused" test $st -ne 0
check "saying it is damaged or cut short" grep -q "damaged\|cut short" out.cut
check "and nothing is imported" test "$(sqlite3 "$tmp/cut.db" "SELECT count(*) FROM credit_record")" = 0
head -c 2000 rows.xls > cut.xls
fresh cutx; I cutx cut.xls > out.cutx 2>&1
check "an .xls cut short: refused with the reason" grep -q "damaged or cut short" out.cutx
# an .xlsx locked with a password is an OLE2 file holding an
# EncryptedPackage (not a zip): made here by renaming the Workbook
# stream of rows.xls in its directory; and an Excel binary workbook
$PY - << 'PY'
import zipfile
b = bytearray(open("rows.xls", "rb").read())
at = b.find("Workbook".encode("utf-16-le") + b"\0\0")
assert at > 0 and at % 128 == 0, at
name = "EncryptedPackage".encode("utf-16-le") + b"\0\0"
b[at:at + 64] = name + bytes(64 - len(name))
b[at + 64:at + 66] = len(name).to_bytes(2, "little")
open("locked.xlsx", "wb").write(bytes(b))
with zipfile.ZipFile("binary.xlsb", "w") as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/workbook.bin", bytes(64))
PY
# a cell in the last column (XFD) of every row: the columns before it
# would be filled with empty cells, 16,383 a row
$PY - << 'PY'
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
for r in range(1, 301):
    ws.cell(row=r, column=16384, value="x")
wb.save("far.xlsx")
PY
fresh far; I far far.xlsx > out.far 2>&1
check "an .xlsx with cells far apart in every row: refused, not billions of empty cells" \
	grep -q "far.xlsx: row [0-9]* would make more cells than the file has bytes" out.far
fresh lockx; I lockx locked.xlsx > out.lockx 2>&1
check "an .xlsx locked with a password: said so, not called a damaged .xls" \
	grep -q "locked.xlsx is protected by a password: remove the password" out.lockx
fresh xlsb; I xlsb binary.xlsb > out.xlsb 2>&1
check "an .xlsb: named, and how to save it as .xlsx" grep -q "binary.xlsb is an Excel binary workbook (.xlsb)" out.xlsb

# -- the weekly template we write imports back -----------------------------------
echo 'demo-clerk-1' > "$tmp/cpw"
"$CD" --db "$tmp/demo.db" demo > /dev/null 2>&1
"$CD" --db "$tmp/demo.db" --user zhangwei --password-file "$tmp/cpw" report weekly --out week.xlsx > /dev/null 2>&1
"$CD" --db "$tmp/demo.db" --user zhangwei --password-file "$tmp/cpw" import week.xlsx > out.week 2>&1
check "our own weekly .xlsx imported at home adds nothing" grep -q "imported 0, duplicate" out.week
fresh other; I other week.xlsx > out.other 2>&1
want=$(sqlite3 "$tmp/demo.db" "SELECT count(*) FROM credit_record WHERE status = 'active'")
check "at another office it gives the week's records" grep -q "imported $want," out.other
# a damaged .xls the fuzzer found (fuzz/findings/): libfreexl refuses it;
# the import says the file is damaged and adds nothing
fresh damaged
I damaged "$top_srcdir/fuzz/findings/libfreexl-1.0.6-iconv-overread.xls" > "$tmp/out.damaged" 2>&1
if ldd "$top_builddir/creditdesk" 2> /dev/null | grep -q libasan; then
	# the sanitizer build stops at libfreexl's own over-read: it must be
	# libfreexl's, not ours
	check "under AddressSanitizer, a damaged .xls stops in libfreexl, not in our code" \
		grep -q "libfreexl" "$tmp/out.damaged"
else
	check "a damaged .xls is refused as damaged, saying what to do" \
		grep -q "damaged or cut short" "$tmp/out.damaged"
fi
check "and nothing of it is imported" \
	test "$(sqlite3 "$tmp/damaged.db" "SELECT count(*) FROM credit_record")" = 0

# cells with no value of their own: formulas a program wrote and nothing
# worked out (openpyxl, odfpy and a system's XML 2003 write the formula
# alone; Excel and WPS work it out when they save), and the errors a
# formula shows (#N/A of a VLOOKUP that found nothing), in a workbook or
# a CSV saved from one.  Each such row is rejected naming the columns,
# never imported as "#N/A" or without the value; the rows beside it stand.
$PY - << 'PY'
import openpyxl
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell
from odf_cells import row, text
head = ["主体名称", "统一社会信用代码", "事项", "填报单位", "数据类型", "文书号", "决定日期", "备注"]
good = ["北京某某医疗器械有限公司", "91110000600037341L", "防疫物资制假售假", "黑河市市场监督管理局", "不良", "黑市监罚〔2020〕1号", "2020-03-01", ""]
wb = openpyxl.Workbook()
ws = wb.active
ws.append(head)
ws.append(good)
ws.append(["某某公司", "=B2", "防疫物资制假售假", "黑河市市场监督管理局", "不良", "黑市监罚〔2020〕2号", "2020-03-01", "=H2"])
ws.append(["#N/A", "9123010000000000XC", "防疫物资制假售假", "#REF!", "不良", "黑市监罚〔2020〕3号", "2020-03-01", "#N/A"])
wb.save("formula.xlsx")
doc = OpenDocumentSpreadsheet()
t = Table(name="Sheet1")
row(t, [text(h) for h in head])
row(t, [text(v) for v in good])
row(t, [TableCell(formula="of:=[.A2]")] + [text(v) for v in good[1:5]] + [text("黑市监罚〔2020〕4号"), text("2020-03-01")])
doc.spreadsheet.addElement(t)
doc.save("formula.ods")
# an .xls: a #N/A pasted as a value (a BOOLERR record, which freexl
# reads as the number 1), a formula whose value Excel kept is an error
# (#REF!: freexl reads it as empty), a boolean in the remark column
import xlwt
xb = xlwt.Workbook(encoding="utf-8")
xs = xb.add_sheet("Sheet1")
for j, v in enumerate(head):
    xs.write(0, j, v)
for j, v in enumerate(good[:7]):
    xs.write(1, j, v)
xs.write(1, 7, True)
xs.row(2).set_cell_error(0, 0x2A)
for j, v in enumerate(["9123010000000000XC", "防疫物资制假售假", "黑河市市场监督管理局", "不良", "黑市监罚〔2020〕8号", "2020-03-01"], 1):
    xs.write(2, j, v)
for j, v in enumerate(["黑河市某某商贸有限公司", "9123010000000000XC", "防疫物资制假售假"]):
    xs.write(3, j, v)
xs.write(3, 3, xlwt.Formula("1/0"))
for j, v in enumerate(["不良", "黑市监罚〔2020〕9号", "2020-03-01"], 4):
    xs.write(3, j, v)
import xls_values
xls_values.save(xb, "formula.xls", {(0, 3, 3): ("error", 0x17)})
PY
fresh formula; I formula formula.xlsx > out.formula 2>&1
sed 's/^/# /' out.formula
check "a formula no program worked out: the row rejected naming its column and the formula" \
	grep -q "A formula never worked out, so with no value: 统一社会信用代码 (column B, =B2)" out.formula
check "and what to do" grep -q "open it in Excel or WPS, save it, and import it again" out.formula
check "errors formulas show: the columns the import reads, each named" \
	grep -q "Errors formulas show, not values: 主体名称 (column A, #N/A), 填报单位 (column D, #REF!)" \
	formula.rejects.csv
check "no subject named #N/A, no record without its code; the good row stands" \
	test "$(sqlite3 "$tmp/formula.db" "SELECT count(*) FROM subject WHERE name = '#N/A'"),$(sqlite3 "$tmp/formula.db" "SELECT count(*) FROM credit_record")" = "0,1"
check "the reject file: such cells empty, to be filled in" \
	sh -c "grep -q '^某某公司,,防疫物资制假售假,.*2020-03-01,,' formula.rejects.csv && grep -q '^,9123010000000000XC,防疫物资制假售假,,不良,' formula.rejects.csv"
check "a remark column's formula or error is no fault" sh -c "! grep -q '备注 (column' formula.rejects.csv"
fresh fxls; I fxls formula.xls > out.fxls 2>&1
check "an .xls: a #N/A pasted as a value and a formula's #REF! rejected, naming the column" \
	sh -c "grep -q 'An error a formula shows, not a value: 主体名称 (column A, #N/A)\.' formula.rejects.csv && grep -q 'An error a formula shows, not a value: 填报单位 (column D, #REF!)\.' formula.rejects.csv"
check "no subject named 1 (freexl's #N/A), no record without its unit; the good row stands" \
	test "$(sqlite3 "$tmp/fxls.db" "SELECT count(*) FROM subject WHERE name = '1'"),$(sqlite3 "$tmp/fxls.db" "SELECT count(*) FROM credit_record")" = "0,1"
fresh fods; I fods formula.ods > out.fods 2>&1
check "an .ods: a formula with no value type, the same" \
	grep -q "A formula never worked out, so with no value: 主体名称 (column A, of:=\[.A2\])" out.fods
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
	'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table>' \
	'<Row><Cell><Data ss:Type="String">主体名称</Data></Cell><Cell><Data ss:Type="String">统一社会信用代码</Data></Cell><Cell><Data ss:Type="String">事项</Data></Cell><Cell><Data ss:Type="String">填报单位</Data></Cell><Cell><Data ss:Type="String">数据类型</Data></Cell><Cell><Data ss:Type="String">文书号</Data></Cell><Cell><Data ss:Type="String">决定日期</Data></Cell></Row>' \
	'<Row><Cell><Data ss:Type="String">某某公司</Data></Cell><Cell ss:Formula="=R[-1]C"/><Cell><Data ss:Type="String">防疫物资制假售假</Data></Cell><Cell><Data ss:Type="String">黑河市市场监督管理局</Data></Cell><Cell><Data ss:Type="String">不良</Data></Cell><Cell><Data ss:Type="String">黑市监罚〔2020〕5号</Data></Cell><Cell ss:Formula="=TODAY()"><Data ss:Type="DateTime">2020-03-01T00:00:00.000</Data></Cell></Row>' \
	'</Table></Worksheet></Workbook>' > formula-2003.xls
fresh fx03; I fx03 formula-2003.xls > out.fx03 2>&1
check "an XML 2003: a formula without its data, the same; one with its data is its value" \
	sh -c "grep -q 'so with no value: 统一社会信用代码 (column B, =R\[-1\]C)\.' out.fx03 && ! grep -q '决定日期 (column' out.fx03"
printf '主体名称,统一社会信用代码,事项,填报单位,数据类型,文书号,决定日期\n某某公司,#N/A,防疫物资制假售假,黑河市市场监督管理局,不良,黑市监罚〔2020〕6号,2020-03-01\n北京某某医疗器械有限公司,91110000600037341L,防疫物资制假售假,Err:502,不良,黑市监罚〔2020〕7号,2020-03-01\n' > errors.csv
fresh ferr; I ferr errors.csv > out.ferr 2>&1
check "a CSV saved from such a sheet: #N/A and LibreOffice's Err:502 rejected, naming the column" \
	sh -c "grep -q '统一社会信用代码 (column B, #N/A)' errors.rejects.csv && grep -q '填报单位 (column D, Err:502)' errors.rejects.csv"
check "and nothing of them imported" test "$(sqlite3 "$tmp/ferr.db" "SELECT count(*) FROM credit_record")" = 0

# cells merged down over a unit's rows (合并单元格: one 填报单位 and one
# 数据类型 over them, as offices lay out a list): each record takes the
# value Excel shows it under, in an .xlsx (the merges listed after the
# rows), an .ods (rows spanned, covered cells) and an XML 2003
# (ss:MergeDown): the same records as the CSV with every cell filled in.
# A merge in the header (a name merged down over a two-row header) and a
# title merged across stay as they were read.
$PY - << 'PY'
import csv, openpyxl
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, CoveredTableCell
from odf_cells import row, text
from xml.sax.saxutils import escape
head = ["序号", "主体名称", "统一社会信用代码", "事项", "填报单位", "数据类型", "文书号", "决定日期"]
rows = [
    ["1", "北京某某医疗器械有限公司", "91110000600037341L", "防疫物资制假售假", "黑河市市场监督管理局", "不良", "黑市监罚〔2020〕11号", "2020-03-01"],
    ["2", "黑河市某某商贸有限公司", "9123010000000000XC", "哄抬口罩价格", "黑河市市场监督管理局", "不良", "黑市监罚〔2020〕12号", "2020-03-02"],
    ["3", "某某医药连锁有限公司", "91110000600037341L", "哄抬物价", "黑河市市场监督管理局", "不良", "黑市监罚〔2020〕13号", "2020-03-03"],
    ["4", "某某超市有限公司", "9123010000000000XC", "防疫物资制假售假", "爱辉区市场监督管理局", "不良", "爱市监罚〔2020〕1号", "2020-03-04"],
]
rows[2][1] = rows[0][1]
rows[3][1] = rows[1][1]
with open("merged.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(head)
    w.writerows(rows)
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["某某局行政处罚信息"])
ws.merge_cells("A1:H1")
ws.append(head)
for r in rows:
    ws.append(r)
for c in ("E4", "E5", "F4", "F5", "F6"):
    ws[c] = None
ws.merge_cells("E3:E5")
ws.merge_cells("F3:F6")
wb.save("merged.xlsx")
doc = OpenDocumentSpreadsheet()
t = Table(name="Sheet1")
row(t, [text(h) for h in head])
for i, r in enumerate(rows):
    row(t, [text(v, numberrowsspanned=3) if j == 4 and i == 0
            else CoveredTableCell() if j == 4 and i in (1, 2) else text(v)
            for j, v in enumerate(r)])
doc.spreadsheet.addElement(t)
doc.save("merged.ods")
out = ['<?xml version="1.0" encoding="UTF-8"?>',
       '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table>',
       "<Row>" + "".join(f'<Cell><Data ss:Type="String">{h}</Data></Cell>' for h in head) + "</Row>"]
for i, r in enumerate(rows):
    cells = []
    for j, v in enumerate(r):
        if j == 4 and i == 0:
            cells.append(f'<Cell ss:MergeDown="2"><Data ss:Type="String">{escape(v)}</Data></Cell>')
        elif j == 4 and i in (1, 2):
            continue
        else:
            idx = f' ss:Index="{j + 1}"' if j == 5 and i in (1, 2) else ""
            cells.append(f'<Cell{idx}><Data ss:Type="String">{escape(v)}</Data></Cell>')
    out.append("<Row>" + "".join(cells) + "</Row>")
out.append("</Table></Worksheet></Workbook>")
open("merged-2003.xls", "w", encoding="utf-8").write("\n".join(out))
# an .xls (BIFF8: its MERGEDCELLS records), as the .xlsx: a title merged
# across, the unit merged over three rows and the kind over four
import xlwt
xb = xlwt.Workbook(encoding="utf-8")
xs = xb.add_sheet("Sheet1")
xs.write_merge(0, 0, 0, 7, "某某局行政处罚信息")
for j, h in enumerate(head):
    xs.write(1, j, h)
for i, r in enumerate(rows):
    for j, v in enumerate(r):
        if i == 0 and j in (4, 5):
            xs.write_merge(2, 4 if j == 4 else 5, j, j, v)
        elif not ((j == 4 and i in (1, 2)) or (j == 5 and i in (1, 2, 3))):
            xs.write(2 + i, j, v)
xb.save("merged-97.xls")
PY
fresh mcsv; I mcsv merged.csv > out.mcsv 2>&1
fresh mx; I mx merged.xlsx > out.mx 2>&1
sed 's/^/# /' out.mx
check "cells merged down: every row of the .xlsx imported" grep -q "4 rows; imported 4, duplicate 0, rejected 0" out.mx
check "with the records of the CSV filled in" test "$(dump mx)" = "$(dump mcsv)"
check "the summary says how many cells took a merged cell's value" \
	grep -q "^5 cells of records took the value of the cell merged over them" out.mx
fresh mods; I mods merged.ods > out.mods 2>&1
check "an .ods's rows spanned: the same records" test "$(dump mods)" = "$(dump mcsv)"
fresh mx03; I mx03 merged-2003.xls > out.mx03 2>&1
check "an XML 2003's ss:MergeDown: the same records" test "$(dump mx03)" = "$(dump mcsv)"
fresh mxls; I mxls merged-97.xls > out.mxls 2>&1
check "an .xls's merged cells: the same records, and counted" \
	sh -c "test \"\$(sqlite3 '$tmp/mxls.db' 'SELECT count(*) FROM credit_record')\" = 4 && grep -q '^5 cells of records took the value of the cell merged over them' out.mxls"
check "with the CSV's values" test "$(dump mxls)" = "$(dump mcsv)"
# many merges, listed over several 64 KiB reads of the sheet (a tag may
# be cut between two): each found
"$top_builddir/bench/gen" --rows 15000 --seed 8 > many.csv
$PY - << 'PY'
import csv, openpyxl
rows = list(csv.reader(open("many.csv", encoding="utf-8")))
head, data = rows[0], rows[1:]
u = head.index("填报单位")
wb = openpyxl.Workbook()
ws = wb.active
ws.append(head)
for i, r in enumerate(data):
    if i % 3:
        r[u] = data[i - i % 3][u]
    ws.append(r)
with open("many-filled.csv", "w", encoding="utf-8", newline="") as f:
    csv.writer(f).writerows([head] + data)
for i in range(len(data) // 3):
    top = 2 + 3 * i
    for k in (1, 2):
        ws.cell(row=top + k, column=u + 1).value = None
    ws.merge_cells(start_row=top, start_column=u + 1, end_row=top + 2, end_column=u + 1)
wb.save("many.xlsx")
PY
fresh many; I many many.xlsx > out.many 2>&1
fresh manycsv; I manycsv many-filled.csv > out.manycsv 2>&1
check "5,000 merges over the sheet's reads: 10,000 cells took their value" \
	grep -q "^10000 cells of records took the value" out.many
check "and the records are the CSV's with every cell filled in" test "$(dump many)" = "$(dump manycsv)"

# rows the sheet hides (an AutoFilter's filtered-out rows: another
# district's, say) are in the file and read as any other, but the
# summary says how many and where the first is
$PY - << 'PY'
import openpyxl
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table
from odf_cells import row, text
head = ["主体名称", "统一社会信用代码", "事项", "填报单位", "数据类型", "文书号", "决定日期"]
rows = [["北京某某医疗器械有限公司", "91110000600037341L", "防疫物资制假售假", "黑河市市场监督管理局", "不良", "黑市监罚〔2020〕21号", "2020-03-01"],
        ["黑河市某某商贸有限公司", "9123010000000000XC", "防疫物资制假售假", "爱辉区市场监督管理局", "不良", "爱市监罚〔2020〕22号", "2020-03-02"],
        ["黑河市某某商贸有限公司", "9123010000000000XC", "哄抬物价", "爱辉区市场监督管理局", "不良", "爱市监罚〔2020〕23号", "2020-03-03"]]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "法人"
ws.append(["某市行政处罚信息"])
ws.append(head)
for r in rows:
    ws.append(r)
ws.auto_filter.ref = "A2:G5"
ws.row_dimensions[1].hidden = True  # a title: no record
ws.row_dimensions[4].hidden = True
ws.row_dimensions[5].hidden = True
wb.save("filtered.xlsx")
doc = OpenDocumentSpreadsheet()
t = Table(name="法人")
row(t, [text(h) for h in head])
for i, r in enumerate(rows):
    row(t, [text(v) for v in r], **({"visibility": "filter"} if i else {}))
doc.spreadsheet.addElement(t)
doc.save("filtered.ods")
out = ['<?xml version="1.0" encoding="UTF-8"?>',
       '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="法人"><Table>']
for i, r in enumerate([head] + rows):
    out.append(('<Row ss:Hidden="1">' if i == 3 else "<Row>") +
               "".join(f'<Cell><Data ss:Type="String">{v}</Data></Cell>' for v in r) + "</Row>")
out.append("</Table></Worksheet></Workbook>")
open("filtered-2003.xls", "w", encoding="utf-8").write("\n".join(out))
# an .xls: the ROW records' hidden flag (the title's too)
import xlwt
xb = xlwt.Workbook(encoding="utf-8")
xs = xb.add_sheet("法人")
for i, r in enumerate([["某市行政处罚信息"], head] + rows):
    for j, v in enumerate(r):
        xs.write(i, j, v)
for i in (0, 3, 4):
    xs.row(i).hidden = True
xb.save("filtered-97.xls")
PY
fresh hx; I hx filtered.xlsx > out.hx 2>&1
sed 's/^/# /' out.hx
check "rows an AutoFilter hides: read, and said with the first one's row and sheet" \
	sh -c "grep -q 'imported 3,' out.hx && grep -q '^Records read from rows the sheet hides (filtered out or hidden in Excel or WPS): 2, the first row 4 of sheet 法人\.' out.hx"
fresh hods; I hods filtered.ods > out.hods 2>&1
check "an .ods's rows filtered out: the same" grep -q "sheet hides (filtered out or hidden in Excel or WPS): 2, the first row 3 of sheet 法人" out.hods
fresh hx03; I hx03 filtered-2003.xls > out.hx03 2>&1
check "an XML 2003's ss:Hidden row: the same" grep -q "sheet hides (filtered out or hidden in Excel or WPS): 1, the first row 4 of sheet 法人" out.hx03
fresh hxls; I hxls filtered-97.xls > out.hxls 2>&1
check "an .xls's hidden rows: the same" \
	sh -c "grep -q 'imported 3,' out.hxls && grep -q 'sheet hides (filtered out or hidden in Excel or WPS): 2, the first row 4 of sheet 法人\.' out.hxls"

# an .xls's formulas, as Excel keeps them: their values (a 填报单位 and a
# code worked out as text, a date in the format of its cell, a 序号 as a
# number), which libfreexl does not read at all: the CSV's records
$PY - << 'PY'
import csv, datetime, xlwt
import xls_values
rows = list(csv.reader(open("rows.csv", encoding="utf-8")))[:21]
head, data = rows[0], rows[1:]
unit, date, code = head.index("填报单位"), head.index("决定日期"), head.index("证件号码")
xb = xlwt.Workbook(encoding="utf-8")
xs = xb.add_sheet("Sheet1")
ymd = xlwt.easyxf(num_format_str='yyyy"年"m"月"d"日"')
values = {}
for j, h in enumerate(head):
    xs.write(0, j, h)
for i, r in enumerate(data, 1):
    for j, v in enumerate(r):
        if j == 0 and v.isdigit():
            xs.write(i, j, xlwt.Formula("ROW()-1"))
            values[(0, i, j)] = int(v)
        elif j in (unit, code) and v:
            xs.write(i, j, xlwt.Formula('"x"'))
            values[(0, i, j)] = v
        elif j == date and v:
            xs.write(i, j, xlwt.Formula("1"), ymd)
            values[(0, i, j)] = (datetime.date.fromisoformat(v) - datetime.date(1899, 12, 30)).days
        else:
            xs.write(i, j, v)
xls_values.save(xb, "values.xls", values)
with open("values.csv", "w", encoding="utf-8", newline="") as f:
    csv.writer(f).writerows(rows)
PY
fresh vxls; I vxls values.xls > out.vxls 2>&1
fresh vcsv; I vcsv values.csv > out.vcsv 2>&1
sed 's/^/# /' out.vxls
check "an .xls's formulas read as the values Excel kept: the CSV's records" \
	sh -c "test \"\$(sqlite3 '$tmp/vxls.db' 'SELECT count(*) FROM credit_record')\" -gt 0 && test \"\$(sed 's/^values.xls (Excel 97-2003 .xls)/values.csv (UTF-8)/' out.vxls)\" = \"\$(cat out.vcsv)\""
check "with the same values" test "$(dump vxls)" = "$(dump vcsv)"

# a template formatted ahead (borders and heights down to row 2,000)
# holds rows with no value: none is a line passed over, in an .xlsx
# (its rows' heights) or an .xls (its blank cells with a border)
$PY - << 'PY'
import openpyxl, xlwt
head = ["主体名称", "统一社会信用代码", "事项", "填报单位", "数据类型", "文书号", "决定日期"]
rec = ["北京某某医疗器械有限公司", "91110000600037341L", "防疫物资制假售假", "黑河市市场监督管理局", "不良", "黑市监罚〔2020〕31号", "2020-03-01"]
wb = openpyxl.Workbook()
ws = wb.active
ws.append(head)
ws.append(rec)
for r in range(3, 2001):
    ws.row_dimensions[r].height = 20
wb.save("ahead.xlsx")
xb = xlwt.Workbook(encoding="utf-8")
xs = xb.add_sheet("Sheet1")
border = xlwt.easyxf("borders: left thin, right thin, top thin, bottom thin")
for i, r in enumerate([head, rec]):
    for j, v in enumerate(r):
        xs.write(i, j, v, border)
for i in range(2, 2000):
    for j in range(len(head)):
        xs.write(i, j, None, border)
xb.save("ahead.xls")
PY
fresh ahx; I ahx ahead.xlsx > out.ahx 2>&1
fresh ahs; I ahs ahead.xls > out.ahs 2>&1
check "rows a template's formatting put in the file are no lines skipped" \
	sh -c "grep -qx 'ahead.xlsx (Excel .xlsx): 1 rows; imported 1, duplicate 0, rejected 0; 1 new subjects.' out.ahx && grep -qx 'ahead.xls (Excel 97-2003 .xls): 1 rows; imported 1, duplicate 0, rejected 0; 1 new subjects.' out.ahs"
finish
