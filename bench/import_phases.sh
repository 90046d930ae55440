#!/bin/sh
# bench/import_phases.sh [ROWS]: where an import's time goes, step by
# step (reading and checking the file, writing the records, the new
# names' search keys, publishing), as the import's own progress tells
# it: the terminal's bar (import on a tty, in tmux) read every 0.2 s,
# each step's start printed in seconds since the import began, then
# the seconds each step took.  Needs a build in _build/main and tmux.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/bench/lib.sh"
rows=${1:-1000000}
command -v tmux > /dev/null || { echo "installing tmux"; apt-get install -y -qq tmux > /dev/null; }
echo 'admin-bench-1' > "$out/pw"
csv="$out/gen-$rows.csv"
[ -f "$csv" ] || "$build/bench/gen" --rows "$rows" --seed 1 > "$csv"
cat "$csv" > /dev/null # warm the page cache
rm -f "$out/phases.db"*
bench_db "$build/creditdesk" "$out/phases.db" "$out/pw"
sock=cd-phases-$$
T() { tmux -L "$sock" -f /dev/null "$@"; }
T new-session -d -s p -x 160 -y 6 "$build/creditdesk --db $out/phases.db --user clerk \
	--password-file $out/pw import $csv; sleep 600"
t0=$(date +%s.%N)
last=""
: > "$out/phases"
while :; do
	# the bar on the first line; the summary below it once done
	pane=$(T capture-pane -p -t p 2>/dev/null) || { echo "the import's terminal is gone"; exit 1; }
	l=$(printf '%s\n' "$pane" | head -n 1)
	now=$(date +%s.%N)
	case "$pane" in *" rows; imported "*) echo "done $now" >> "$out/phases"; break ;; esac
	step=$(printf '%s\n' "$l" | sed -n 's/.*%  \([a-z ]*\):.*/\1/p; s/.*%  \(publishing\).*/\1/p')
	if [ -n "$step" ] && [ "$step" != "$last" ]; then
		echo "$step $now" >> "$out/phases"
		last=$step
	fi
	sleep 0.2
done
T capture-pane -p -t p | sed -n 2p
T kill-server
awk -v t0="$t0" '{ name[NR] = $1 ($2 ~ /^[0-9.]+$/ ? "" : " " $2); at[NR] = $NF }
	END { for (i = 1; i <= NR; i++) printf "%-12s starts %7.2f s%s\n", name[i], at[i] - t0,
		i < NR ? sprintf("  takes %6.2f s", at[i + 1] - at[i]) : "" }' "$out/phases"
