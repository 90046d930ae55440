#!/bin/sh
# tests/layering.sh: the house's rules, checked on the built objects and
# the sources: no two files call each other in a loop (a file-level call
# graph from nm); core/ and forms/ know no curses; core/ knows no form
# and no screen; tui/ reaches the store only through core/ (no SQL);
# the two rooms of tui/ call each other for nothing.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
cd "$top_builddir" || exit 1
# the objects the program is linked from (not stale ones lying around)
objs=""
for lib in core/libcore.a forms/libforms.a tui/libtui.a tui/cli/libcli.a \
	tui/screens/libscreens.a; do
	for m in $(ar t "$lib"); do objs="$objs ${lib%/*}/$m"; done
done
if python3 "$top_srcdir/build-aux/callgraph.py" $objs > "$tmp/cycles" 2>&1; then
	ok "no two files call each other in a loop ($(echo "$objs" | wc -w) objects)"
else
	not_ok "no two files call each other in a loop"
	sed 's/^/# /' "$tmp/cycles"
fi
src=$top_srcdir
if grep -ln '#include <curses.h>\|#include <ncurses' "$src"/core/*.[ch] "$src"/forms/*.[ch] > "$tmp/curses"; then
	not_ok "core/ and forms/ include no curses"
	sed 's/^/# /' "$tmp/curses"
else
	ok "core/ and forms/ include no curses"
fi
if grep -ln '#include "forms/\|#include "tui/' "$src"/core/*.[ch] > "$tmp/up"; then
	not_ok "core/ includes nothing of forms/ or tui/"
	sed 's/^/# /' "$tmp/up"
else
	ok "core/ includes nothing of forms/ or tui/"
fi
if grep -n 'sqlite3_\|#include <sqlite3.h>\|->h\b' "$src"/tui/*.[ch] "$src"/tui/cli/*.[ch] \
	"$src"/tui/screens/*.[ch] "$src"/forms/*.[ch] > "$tmp/sql"; then
	not_ok "tui/ and forms/ reach the store only through core/"
	sed 's/^/# /' "$tmp/sql"
else
	ok "tui/ and forms/ reach the store only through core/"
fi
# symbols each room defines, and whether the other uses them
defs() { nm -P --defined-only "$@" 2> /dev/null | awk '$2 ~ /[TDBR]/ { print $1 }' | sort -u; }
undefs() { nm -P --undefined-only "$@" 2> /dev/null | awk '{ print $1 }' | sort -u; }
defs tui/cli/libcli.a > "$tmp/cli.def"
defs tui/screens/libscreens.a > "$tmp/scr.def"
undefs tui/cli/libcli.a > "$tmp/cli.use"
undefs tui/screens/libscreens.a > "$tmp/scr.use"
cross=$(comm -12 "$tmp/cli.def" "$tmp/scr.use"; comm -12 "$tmp/scr.def" "$tmp/cli.use")
if [ -z "$cross" ]; then
	ok "the batch commands and the screens share nothing but tui/, forms/ and core/"
else
	not_ok "the batch commands and the screens call each other: $cross"
fi
# every header compiles on its own: it includes what it uses
bad=""
for h in "$src"/core/*.h "$src"/forms/forms.h "$src"/tui/tui.h "$src"/tui/cli/cli.h; do
	rel=${h#"$src"/}
	printf '#include "config.h"\n#include "%s"\n' "$rel" > "$tmp/h.c"
	${CC:-cc} -std=c11 -fsyntax-only -I"$top_builddir" -I"$src" -I"$src/core" \
		$(pkg-config --cflags sqlite3 2> /dev/null) "$tmp/h.c" > "$tmp/h.out" 2>&1 ||
		bad="$bad $rel"
done
if [ -z "$bad" ]; then ok "every header compiles on its own"; else not_ok "headers that do not compile alone:$bad"; fi
plan $tap_n
finish
