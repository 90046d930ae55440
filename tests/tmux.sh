# tests/tmux.sh: the clerk's terminal driven for real (sourced after
# tests/lib.sh and init_db): the program runs in tmux at 80x24, keys go
# in with send-keys, and each step polls capture-pane for the expected
# screen (never a fixed sleep), printing the screen when it does not
# come.  LANG, TERM, TZ and HOME are pinned; the program's stderr goes to
# $tmp/stderr (no_sanitizer_report checks it).
if ! command -v tmux > /dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed (.ci/deps installs it)"
	exit 0
fi

# Each start gets its own tmux server: killing a server and starting
# another on the same socket at once races ("server exited unexpectedly").
runs=0
sock="cdtest$$-0"
T() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'T kill-server 2> /dev/null; rm -rf "$tmp"' EXIT

# start [ENV=VALUE...]: the program on $db in a fresh 80x24 terminal.
start() {
	T kill-server 2> /dev/null
	runs=$((runs + 1))
	sock="cdtest$$-$runs"
	cat > "$tmp/run.sh" <<EOF
cd "$tmp"
export HOME="$HOME" TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen \
  CREDITDESK_LOCALEDIR="$CREDITDESK_LOCALEDIR" \
  LANGUAGE= XDG_CONFIG_HOME="$XDG_CONFIG_HOME" XDG_DATA_HOME="$XDG_DATA_HOME" $*
"$CD" --db "$db" 2>> "$tmp/stderr"
echo "EXITED \$?"
sleep 600
EOF
	T new-session -d -s cd -x 80 -y 24 "sh $tmp/run.sh"
	T set-option -t cd status off > /dev/null
}
screen() { T capture-pane -p -t cd; }
keys() { T send-keys -t cd "$@"; }
text() { T send-keys -t cd -l "$1"; }
# wait_for TEXT [SECONDS]: true once TEXT is on the screen; else false,
# with the screen printed as TAP comments.
wait_for() {
	i=0
	limit=$((${2:-10} * 10))
	while [ $i -lt $limit ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# expected on the screen: $1"
	screen | sed 's/^/# |/'
	return 1
}
# see DESCRIPTION TEXT [SECONDS]: ok once TEXT is on the screen.
see() {
	if wait_for "$2" "${3:-10}"; then ok "$1"; else not_ok "$1"; fi
}
# gone DESCRIPTION TEXT: ok once TEXT has left the screen.
gone() {
	i=0
	while [ $i -lt 100 ]; do
		if ! screen | grep -qF -- "$2"; then
			ok "$1"
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	not_ok "$1"
	screen | sed 's/^/# |/'
	return 1
}
# login [USER PASSWORD]: the clerk zhangwei unless said.
login() {
	wait_for "creditdesk  " # the title line: the program is up
	text "${1:-zhangwei}"; keys Enter; text "${2:-clerk-pass-1}"; keys Enter
}

# ok unless the program's stderr has a sanitizer's report.
no_sanitizer_report() {
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$tmp/stderr" 2> /dev/null; then
		not_ok "no sanitizer report"
		sed 's/^/# /' "$tmp/stderr" | head -60
	else
		ok "no sanitizer report"
	fi
}
