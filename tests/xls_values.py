"""tests/xls_values.py: an .xls whose formulas keep the values Excel
keeps.  python3-xlwt writes every formula's value as an empty text (Excel
works it out on opening); Excel keeps a number in the FORMULA record
itself, a text in a STRING record after it, an error as its code.
save(wb, path, values) writes wb's workbook stream with those values put
in (stream(wb, values): that stream alone): values maps (sheet, row, col), 0-based, to a number, a str, or
("error", code) (0x17 #REF!, 0x2A #N/A).  Records are only added after a
sheet's BOF, so the sheets' offsets stay right for the first sheet only:
the formulas given must be on it."""
import struct

from xlwt import CompoundDoc


def stream(wb, values):
    data = bytes(wb.get_biff_data())
    out = bytearray()
    i, bofs = 0, 0
    while i + 4 <= len(data):
        kind, n = struct.unpack_from("<HH", data, i)
        rec = bytearray(data[i:i + 4 + n])
        after = b""
        if kind == 0x0809:  # BOF: the globals', then each sheet's
            bofs += 1
        if kind == 0x0006:  # FORMULA: row, col, format, its 8-byte value
            r, c = struct.unpack_from("<HH", rec, 4)
            v = values.get((bofs - 2, r, c))
            if isinstance(v, str):
                rec[10:18] = b"\x00\x00\x00\x00\x00\x00\xff\xff"
                body = struct.pack("<HB", len(v), 1) + v.encode("utf-16-le")
                after = struct.pack("<HH", 0x0207, len(body)) + body  # STRING
            elif isinstance(v, tuple):
                rec[10:18] = bytes([2, 0, v[1], 0, 0, 0, 0xFF, 0xFF])
            elif v is not None:
                rec[10:18] = struct.pack("<d", float(v))
        out += rec + after
        i += 4 + n
    assert all(s == 0 for s, _, _ in values), "formulas of the first sheet only"
    return bytes(out)


def save(wb, path, values):
    CompoundDoc.XlsDoc().save(path, stream(wb, values))
