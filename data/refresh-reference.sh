#!/bin/sh
# data/refresh-reference.sh [SHARED_DATA_DIR]: copy the reference tables
# the program compiles in from the shared data folder, with their licenses.
set -eu
src=${1:-$(dirname "$0")/../../shared/data}
dst=$(dirname "$0")
for f in divisions.tsv CHINA-DIVISION-LICENSE.txt pinyin.tsv UNICODE-LICENSE.txt \
	holidays.tsv CHINESE-DAYS-LICENSE.txt; do
	cp "$src/$f" "$dst/$f"
done
echo "copied divisions.tsv ($(wc -l < "$dst/divisions.tsv") lines), pinyin.tsv ($(wc -l < "$dst/pinyin.tsv") lines), holidays.tsv ($(wc -l < "$dst/holidays.tsv") lines); rebuild to compile them in"
