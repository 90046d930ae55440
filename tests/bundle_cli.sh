#!/bin/sh
# tests/bundle_cli.sh: a township without a network syncs by USB stick.
# Its bundle is signed with its key and sealed to the central store's;
# the county (a courier, online) imports it into a real PostgreSQL store
# started here and writes the return bundle; the township applies that.
# A bundle read twice, carried out of order, lost, cut, changed, signed
# by a key nobody registered, or meant for another office is harmless.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 39
echo 'admin-pass-1' > "$tmp/pw"
need_pg
stick="$tmp/stick"
mkdir -p "$stick"

# -- the store, the county (online, a courier), the township (a stick) ----
"$CD" central init "$PG user=postgres" > "$tmp/o" 2>&1
store_key=$(sed -n 's/.*: \([A-Za-z0-9+/]\{43\}=\)$/\1/p' "$tmp/o")
check "central init prints the store's key" test -n "$store_key"
"$CD" central office add county 某某县公共信用信息中心 --courier --conninfo "$PG user=postgres" > /dev/null 2>&1
office_db county.db admin 某某县公共信用信息中心 county
office_db town.db tadmin 某某镇人民政府 township
office_db other.db oadmin 另一镇人民政府 township
C() { as_office county.db admin "$@"; }
T() { as_office town.db tadmin "$@"; }
C central set postgres "$PG user=county" --reason 县中心 > /dev/null 2>&1
C unit add 某某镇人民政府 --division 231100 --level township --parent 某某县公共信用信息中心 > /dev/null
C record add --id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-3 \
	--matter 未按规定公示 --reporting-unit 县市场监督管理局 \
	--doc-number 县罚〔2026〕3号 --doc-date 2026-02-15 > /dev/null
"$CD" --db "$tmp/county.db" sync > /dev/null 2>&1
check "the county is online and synced" test $? -eq 0

T central set dir "$stick" --reason 县里每周取U盘 > /dev/null 2>&1
T record add --id 11010519491231002X --name 张伟 --item XZCF-3 \
	--matter 无证经营 --reporting-unit 某某镇市场监管所 \
	--doc-number 镇罚〔2026〕1号 --doc-date 2026-01-15 > "$tmp/one"
recA=$(last_id)
"$CD" --db "$tmp/town.db" sync > "$tmp/o" 2>&1
check "without the store's key the township is told how to set it" \
	grep -q "central trust" "$tmp/o"
check "and nothing is written to the stick" test -z "$(ls "$stick")"
T central trust "not-a-key" --reason 县里来函 > "$tmp/o" 2>&1
check "a key that is not one is refused, saying what to copy" grep -q "44" "$tmp/o"
T central trust "$store_key" --reason 县里来函 > /dev/null 2>&1
check "the administrator sets the store's key (audited)" \
	test "$(sqlite3 "$tmp/town.db" "SELECT count(*) FROM audit_log WHERE op = 'central.trust'")" = 1

# -- the first bundle -------------------------------------------------------
"$CD" --db "$tmp/town.db" sync > "$tmp/o" 2>&1
rc=$?
up1=$(ls "$stick"/cd-up-*.cdb 2> /dev/null)
check "sync with a stick writes one bundle" test "$(echo "$up1" | wc -w)" = 1
check "and does not exit 0: its ops wait for the county's answer" test $rc -ne 0
check "saying so" grep -q "wait for the central store" "$tmp/o"
check "the bundle is readable by its owner only" test "$(stat -c %a "$up1")" = 600
check "no temporary file is left" test -z "$(ls -A "$stick" | grep '^\.')"
check "the bundle names no record in clear" sh -c "! grep -q 张伟 '$up1' && ! grep -q 11010519491231002X '$up1'"

# the county cannot take it before the township's key is registered
C sync import-bundle "$up1" > "$tmp/o" 2>&1
check "an unregistered office's bundle is refused" test $? -ne 0
check "saying the key is unknown and how to register it" grep -q "central office add" "$tmp/o"
office_key=$(T central key | sed -n 's/.*: \([A-Za-z0-9+/]\{43\}=\)$/\1/p')
"$CD" central office add town01 某某镇人民政府 --key "$office_key" --conninfo "$PG user=postgres" > /dev/null 2>&1
check "nothing of it reached the store" \
	test "$(psql_as postgres -c "SELECT count(*) FROM cd.op WHERE node = '$(sqlite3 "$tmp/town.db" "SELECT value FROM meta WHERE key = 'node_id'")'")" = 0

# a bundle changed on the way, or cut short
cp "$up1" "$tmp/changed.cdb"
size=$(stat -c %s "$up1")
# one byte changed: flipped, never written over with what it may hold
# already (the bundle's bytes are random: 'X' was there one run in 256)
byte=$(od -An -tu1 -j $((size - 40)) -N1 "$up1" | tr -d ' ')
printf "\\$(printf %o $(((byte + 1) % 256)))" | dd of="$tmp/changed.cdb" bs=1 seek=$((size - 40)) conv=notrunc 2> /dev/null
check "the changed copy differs from the bundle in one byte" \
	test "$(cmp -l "$up1" "$tmp/changed.cdb" | wc -l)" = 1
C sync import-bundle "$tmp/changed.cdb" > "$tmp/o" 2>&1
check "a changed bundle is refused" grep -q "changed on the way" "$tmp/o"
head -c $((size - 100)) "$up1" > "$tmp/cut.cdb"
C sync import-bundle "$tmp/cut.cdb" > "$tmp/o" 2>&1
check "a cut bundle is refused" grep -q "cut short" "$tmp/o"
check "neither reached the store" test "$(psql_as postgres -c "SELECT count(*) FROM cd.op WHERE node NOT IN (SELECT node FROM cd.node WHERE role = 'county')")" = 0

# a township role may not carry bundles
psql_as town01 -c "SELECT cd.bundle_push('town01', 'x', '[]')" > "$tmp/o" 2>&1
check "an office that is not a courier cannot import bundles" grep -q "permission denied" "$tmp/o"

C sync import-bundle "$up1" > "$tmp/o" 2>&1
check "the county imports the bundle" test $? -eq 0
down1=$(ls "$stick"/cd-down-*.cdb 2> /dev/null)
check "and writes the return bundle beside it" test -n "$down1"
check "the township's record is at the store" \
	test "$(psql_as postgres -c "SELECT count(*) FROM cd.row WHERE entity = 'credit_record' AND id = '$recA'")" = 1
C sync import-bundle "$up1" > "$tmp/o" 2>&1
check "the same bundle again: everything already there" grep -q " 0 accepted, 0 merged" "$tmp/o"
check "and nothing doubled" \
	test "$(psql_as postgres -c "SELECT count(*) FROM cd.row WHERE entity = 'credit_record' AND id = '$recA'")" = 1

# -- back at the township: the answer, lost and found again ----------------
mkdir -p "$tmp/held"
mv "$down1" "$tmp/held/"   # this return bundle is delayed
T record add --id 11010519491231002X --name 张伟 --item XZCF-3 \
	--matter 无照经营 --reporting-unit 某某镇市场监管所 \
	--doc-number 镇罚〔2026〕2号 --doc-date 2026-01-20 > "$tmp/one"
recB=$(last_id)
"$CD" --db "$tmp/town.db" sync > /dev/null 2>&1
up2=$(ls "$stick"/cd-up-*.cdb)
check "a new bundle replaces the older one (it holds all that waits)" \
	test "$(echo "$up2" | wc -w)" = 1 -a "$up2" != "$up1"
C sync import-bundle "$up2" > /dev/null 2>&1
"$CD" --db "$tmp/town.db" sync > "$tmp/o" 2>&1
check "the township applies the return bundle: nothing waits, exit 0" test $? -eq 0
check "its work is acknowledged" \
	test "$(sqlite3 "$tmp/town.db" "SELECT count(*) FROM sync_op o WHERE NOT EXISTS (SELECT 1 FROM sync_ack a WHERE a.seq = o.seq)")" = 0
check "the county's record about its jurisdiction came down" \
	test "$(sqlite3 "$tmp/town.db" "SELECT count(*) FROM credit_record WHERE matter = '未按规定公示'")" = 1
town_node=$(sqlite3 "$tmp/town.db" "SELECT value FROM meta WHERE key = 'node_id'")
check "the township's audit checkpoints reached the store in its bundle" \
	test "$(psql_as postgres -c "SELECT count(*) FROM cd.audit_seal WHERE node = '$town_node'")" -ge 1
check "and the return bundle says the store has them" \
	test "$(sqlite3 "$tmp/town.db" "SELECT count(*) FROM audit_checkpoint WHERE sent = 0")" = 0
check "the applied return bundle is set aside" test -n "$(ls "$stick"/*.applied 2> /dev/null)"
before=$(sqlite3 "$tmp/town.db" "SELECT value FROM meta WHERE key = 'sync.pulled'")
T sync import-bundle "$tmp/held/$(basename "$down1")" > "$tmp/o" 2>&1
check "the delayed return bundle arrives late: harmless" test $? -eq 0
check "what came down later is not taken back" \
	test "$(sqlite3 "$tmp/town.db" "SELECT value FROM meta WHERE key = 'sync.pulled'")" = "$before"
check "both records are at the store once" \
	test "$(psql_as postgres -c "SELECT count(*) FROM cd.row WHERE entity = 'credit_record' AND id IN ('$recA', '$recB')")" = 2

# -- bundles that are not for this place ------------------------------------
"$CD" --db "$tmp/other.db" --user oadmin --password-file "$tmp/pw" central trust "$store_key" --reason x > /dev/null 2>&1
cp "$tmp/held/$(basename "$down1")" "$tmp/forother.cdb"
"$CD" --db "$tmp/other.db" sync import-bundle "$tmp/forother.cdb" > "$tmp/o" 2>&1
check "another office's return bundle is refused" test $? -ne 0
T sync import-bundle "$up2" > "$tmp/o" 2>&1
check "a township cannot import bundles going up" grep -q "county" "$tmp/o"
echo "not a bundle" > "$tmp/junk.cdb"
C sync import-bundle "$tmp/junk.cdb" > "$tmp/o" 2>&1
check "a file that is no bundle is named as such" grep -q "not a creditdesk bundle" "$tmp/o"
finish
