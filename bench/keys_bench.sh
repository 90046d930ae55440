#!/bin/sh
# bench/keys_bench.sh [SUBJECTS]: keystroke to updated screen on the
# search screen at SUBJECTS subjects (default 1000000), ours next to a
# full repaint per key (issue 4).  Uses the database of
# bench/search_bench.sh (bench/out/search-N.db, made when missing) and
# adds a clerk 'keys' to it.  Needs a build in _build/main.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/_build/main}
out=${OUT:-$top/bench/out}
n=${1:-1000000}
db="$out/search-$n.db"
[ -f "$db" ] || QUERIES=1 SCANS=1 sh "$top/bench/search_bench.sh" "$n" > /dev/null
echo 'keys-bench-1' > "$out/keys.pw"
"$build/creditdesk" --db "$db" --user admin --password-file "$out/pw" user add keys \
	--name 基准 --role clerk --unit 黑河市公共信用信息中心 \
	--new-password-file "$out/keys.pw" > /dev/null 2>&1 || true
CREDITDESK_LOCALEDIR="$build/locale" "$build/bench/keys_bench" "$build/creditdesk" "$db" \
	keys keys-bench-1 --queries "${QUERIES:-60}"
