#!/bin/sh
# tests/docs.sh: the manual page and the rules the code cites stay in
# step with the program: every command it lists has its entry in
# doc/creditdesk.1, the page formats without warnings, and every
# "DOMAIN rule N" in the code and the messages is a rule of doc/DOMAIN.md.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
man="$top_srcdir/doc/creditdesk.1"
"$CD" --help > "$tmp/help"
cmds=$(sed -n '/^Commands:/,/^$/p' "$tmp/help" | awk 'NR > 1 && NF { print $1 }')
[ -n "$cmds" ] || { echo "Bail out! --help lists no commands"; exit 1; }
for c in $cmds; do
	if grep -q "^\.B $c\( \|$\)" "$man"; then
		ok "the manual page has the command $c"
	else
		not_ok "the manual page has the command $c"
	fi
	# COMMAND --help: its usage on standard output, nothing opened,
	# nobody asked to sign in
	out=$(LC_ALL=C.UTF-8 LANGUAGE=en "$CD" --db "$tmp/none/x.db" "$c" --when x --help 2> "$tmp/err")
	rc=$?
	if [ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && [ ! -e "$tmp/none" ] &&
		printf '%s\n' "$out" | head -1 | grep -q "^Usage: creditdesk $c\( \|$\)" &&
		printf '%s\n' "$out" | grep -qxF "$(sed -n "s/^  $c  *//p" "$tmp/help")"; then
		ok "$c --help prints its usage and line, opening nothing"
	else
		not_ok "$c --help prints its usage and line, opening nothing (exit $rc)"
		printf '%s\n' "$out" | sed 's/^/# /'
		sed 's/^/# /' "$tmp/err"
	fi
done
# every form of a command on its own line
LC_ALL=C.UTF-8 LANGUAGE=en "$CD" record --help > "$tmp/rh"
if [ "$(grep -c '^ *\(Usage: \)\?creditdesk record [a-z]' "$tmp/rh")" -eq 4 ]; then
	ok "record --help: add, show, correct and withdraw each on a line"
else
	not_ok "record --help: add, show, correct and withdraw each on a line"
	sed 's/^/# /' "$tmp/rh"
fi
# record add's every option is in its usage (it said "..." for them)
missing=""
for o in $(sed -n '/^static const struct option record_opts/,/^};/s/^\t{"\([a-z-]*\)".*/\1/p' \
	"$top_srcdir/tui/cli/record.c"); do
	grep -q -- "--$o\b" "$tmp/rh" || missing="$missing --$o"
done
if [ -z "$missing" ] && ! grep -qF '...' "$tmp/rh" &&
	[ "$(awk 'length > 79' "$tmp/rh" | grep -c '^ *\(Usage: \)\?creditdesk\|^  *\[\?--')" -eq 0 ]; then
	ok "record --help names every option of record add, in lines of 79 columns"
else
	not_ok "record --help names every option of record add, in lines of 79 columns:$missing"
	sed 's/^/# /' "$tmp/rh"
fi
if LC_ALL=C.UTF-8 groff -k -man -Tutf8 -ww -z "$man" > "$tmp/groff" 2>&1 &&
	[ ! -s "$tmp/groff" ]; then
	ok "the manual page formats without warnings"
else
	not_ok "the manual page formats without warnings"
	sed 's/^/# /' "$tmp/groff"
fi
# every rule cited, ranges included
grep -rhoE --include="*.[ch]" --include="*.po" --include=README "DOMAIN rules? [0-9]+(-[0-9]+)?" "$top_srcdir/core" "$top_srcdir/forms" \
	"$top_srcdir/tui" "$top_srcdir/po" "$top_srcdir/README" |
	sed -E 's/DOMAIN rules? //; s/-/ /' | tr ' ' '\n' | sort -un > "$tmp/cited"
missing=""
while read -r n; do
	grep -q "^$n\. " "$top_srcdir/doc/DOMAIN.md" || missing="$missing $n"
done < "$tmp/cited"
if [ -s "$tmp/cited" ] && [ -z "$missing" ]; then
	ok "every DOMAIN rule the code cites is in doc/DOMAIN.md ($(wc -l < "$tmp/cited") rules)"
else
	not_ok "DOMAIN rules cited but not in doc/DOMAIN.md:$missing"
fi
# every source with a message for the clerk is in po/POTFILES.in, so
# that no new file's messages stay untranslated
missing=""
for f in $(cd "$top_srcdir" && grep -lE '^[^*/]*\b(N_|P_|_)\("' core/*.[ch] forms/*.[ch] tui/*.[ch] \
	tui/cli/*.[ch] tui/screens/*.[ch]); do
	grep -qx "$f" "$top_srcdir/po/POTFILES.in" || missing="$missing $f"
done
if [ -z "$missing" ]; then
	ok "every source with messages is listed in po/POTFILES.in"
else
	not_ok "sources with messages missing from po/POTFILES.in:$missing"
fi
# every message of the sources has its Chinese (the clerks' language):
# a message changed in the code and not in po/zh_CN.po shows in English
if command -v xgettext > /dev/null && command -v msgcmp > /dev/null; then
	(cd "$top_srcdir" && xgettext --keyword=_ --keyword=N_ --keyword=P_:1,2 \
		--keyword=_:2,2t --from-code=UTF-8 -o "$tmp/now.pot" -f po/POTFILES.in) 2> "$tmp/xg"
	if msgcmp "$top_srcdir/po/zh_CN.po" "$tmp/now.pot" > "$tmp/cmp" 2>&1; then
		ok "every message of the sources is translated in po/zh_CN.po"
	else
		not_ok "messages without their Chinese in po/zh_CN.po (see README, Translations)"
		sed 's/^/# /' "$tmp/cmp" | head -20
	fi
else
	not_ok "xgettext and msgcmp (gettext) are needed to check the translations"
fi
plan $tap_n
finish
