"""bench/merge_scan.py XLSX: what the .xlsx reader's search for merged
cells costs by itself (core/sheetin.c merges_scan): each worksheet part
inflated again in 64 KiB reads and searched for "mergeCell", timed, with
Debian's python3 (zlib, as libzip uses).  Prints the bytes and seconds."""
import sys
import time
import zipfile

z = zipfile.ZipFile(sys.argv[1])
total, found, t = 0, 0, time.perf_counter()
for name in z.namelist():
    if not name.startswith("xl/worksheets/") or not name.endswith(".xml"):
        continue
    tail = b""
    with z.open(name) as f:
        while True:
            b = f.read(1 << 16)
            if not b:
                break
            total += len(b)
            found += (tail + b).count(b"mergeCell")
            tail = b[-16:]
print(f"{total} bytes of sheet XML, {found} mergeCell, {time.perf_counter() - t:.2f} s")
