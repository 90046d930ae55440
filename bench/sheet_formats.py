#!/usr/bin/python3
# bench/sheet_formats.py CSV ODS XML [HTML [MHT]]: the rows of bench/gen's CSV as an
# OpenDocument spreadsheet (as LibreOffice writes one: each row padded
# with a repeated empty cell, the sheet ending in a million empty rows
# in one element) and as an XML Spreadsheet 2003 (what systems' "export
# to Excel" write), and as a web page named .xls (what other systems'
# "export to Excel" write: one table, in GBK under <meta charset=gb2312>),
# and as the same page in Excel's single-file web page (MIME, the page's
# part quoted-printable in gb2312), for bench/sheet_bench.sh.  The 序号 as numbers, the dates as date cells,
# the rest as text; all written as streams.
import csv
import quopri
import sys
import zipfile
from xml.sax.saxutils import escape

src, ods, x03 = sys.argv[1:4]
page = sys.argv[4] if len(sys.argv) > 4 else None
mht = sys.argv[5] if len(sys.argv) > 5 else None


def rows():
    with open(src, encoding="utf-8-sig", newline="") as f:
        yield from csv.reader(f)


head = next(rows())
di = head.index("决定日期")


def body():
    """The rows, the header's as text."""
    for n, r in enumerate(rows()):
        yield [(-1 if n == 0 else i, v) for i, v in enumerate(r)]


def ods_cell(i, v):
    if not v:
        return "<table:table-cell/>"
    if i == 0 and v.isdigit():
        return (f'<table:table-cell office:value-type="float" office:value="{v}">'
                f"<text:p>{v}</text:p></table:table-cell>")
    if i == di:
        return (f'<table:table-cell office:value-type="date" office:date-value="{v}">'
                f"<text:p>{v}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'


def x03_cell(i, v, col):
    if not v:
        return ""
    at = f' ss:Index="{col + 1}"'
    if i == 0 and v.isdigit():
        return f'<Cell{at}><Data ss:Type="Number">{v}</Data></Cell>'
    if i == di:
        return f'<Cell{at}><Data ss:Type="DateTime">{v}T00:00:00.000</Data></Cell>'
    return f'<Cell{at}><Data ss:Type="String">{escape(v)}</Data></Cell>'


with zipfile.ZipFile(ods, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
    with z.open("content.xml", "w", force_zip64=True) as f:
        f.write(b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                b'<office:body><office:spreadsheet><table:table table:name="Sheet1">')
        for r in body():
            f.write(("<table:table-row>" + "".join(ods_cell(i, v) for i, v in r) +
                     '<table:table-cell table:number-columns-repeated="1014"/></table:table-row>').encode())
        f.write(b'<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
                b'table:number-columns-repeated="1024"/></table:table-row>'
                b"</table:table></office:spreadsheet></office:body></office:document-content>")

with open(x03, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"><Table>\n')
    for r in body():
        f.write("<Row>" + "".join(x03_cell(i, v, c) for c, (i, v) in enumerate(r)) + "</Row>\n")
    f.write("</Table></Worksheet></Workbook>\n")

if page:
    with open(page, "w", encoding="gb18030") as f:
        f.write('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
                '<title>导出</title></head><body><table border="1">\n')
        for n, r in enumerate(rows()):
            td = "th" if n == 0 else "td"
            f.write("<tr>" + "".join(f"<{td}>{escape(v)}</{td}>" for v in r) + "</tr>\n")
        f.write("</table></body></html>\n")

if mht:
    with open(page, "rb") as p, open(mht, "wb") as f:
        b = b"----=_NextPart_01DB4700.5A8F2B10"
        f.write(b'MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\nContent-Type: multipart/related; boundary="'
                + b + b'"\r\n\r\n--' + b + b"\r\nContent-Location: file:///C:/X/gen.htm\r\n"
                b"Content-Transfer-Encoding: quoted-printable\r\n"
                b'Content-Type: text/html; charset="gb2312"\r\n\r\n')
        for line in p:
            f.write(quopri.encodestring(line).replace(b"\n", b"\r\n"))
        f.write(b"\r\n--" + b + b"--\r\n")
