#!/usr/bin/python3
"""bench/xlsx_python.py ROWS.tsv OUT.xlsx: the same rows written by Python
XlsxWriter in constant-memory mode (Debian's python3-xlsxwriter), the
issue's point of comparison for bench/export_bench.sh."""
import sys

import xlsxwriter

wb = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
ws = wb.add_worksheet()
with open(sys.argv[1], encoding="utf-8") as f:
    for r, line in enumerate(f):
        for c, v in enumerate(line.rstrip("\n").split("\t")):
            ws.write_string(r, c, v)
wb.close()
