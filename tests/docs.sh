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
done
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
plan $tap_n
finish
