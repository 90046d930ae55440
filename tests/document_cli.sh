#!/bin/sh
# tests/document_cli.sh: what goes to a citizen on paper, as PDF (read
# back with poppler's pdftotext, pdffonts, pdfimages; the QR code decoded
# with zbarimg): the credit report, and the documents of the cases: the
# receipt, the objection's result, the advance notice of a black listing,
# the listing decision, the repair decision; their numbers in the
# office's format; the short case number; printing with lp.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 58
for t in pdftotext pdffonts pdfimages pdfinfo pdftoppm zbarimg sqlite3; do
	if ! command -v $t > /dev/null; then
		echo "Bail out! $t is not installed (sh .ci/deps test)"
		exit 1
	fi
done
PY=/usr/bin/python3
echo 'demo-clerk-1' > "$tmp/pw"
echo 'demo-supervisor-1' > "$tmp/spw"
echo 'demo-admin-1' > "$tmp/apw"
echo 'demo-auditor-1' > "$tmp/upw"
"$CD" --db "$tmp/demo.db" demo > /dev/null 2>&1
Z() { "$CD" --db "$tmp/demo.db" --user zhangwei --password-file "$tmp/pw" "$@"; }
S() { "$CD" --db "$tmp/demo.db" --user shenhe --password-file "$tmp/spw" "$@"; }
A() { "$CD" --db "$tmp/demo.db" --user admin --password-file "$tmp/apw" "$@"; }
U() { "$CD" --db "$tmp/demo.db" --user shenji --password-file "$tmp/upw" "$@"; }
q() { sqlite3 "$tmp/demo.db" "$1"; }
txt() { pdftotext -layout "$1" - 2> /dev/null | tr -d '\f'; }
# the text with the spaces and line breaks of the layout taken out
flat() { pdftotext "$1" - 2> /dev/null | tr -d ' \n'; }
# has FILE PATTERN: the PDF's flattened text matches; in_text: its layout
has() { flat "$1" | grep -q "$2"; }
in_text() { txt "$1" | grep -q "$2"; }
cd "$tmp" || exit 1
# a seal: a red ring on a transparent ground
$PY -c "
import struct, zlib, sys, math
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
W = 120
raw = b''.join(b'\\x00' + b''.join(bytes([220, 0, 0, 255 if W/2 - 10 < math.hypot(x - W/2, y - W/2) < W/2 - 2 else 0]) for x in range(W)) for y in range(W))
open(sys.argv[1], 'wb').write(b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', W, W, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))" seal.png
A report seal seal.png --reason 启用新印章 > /dev/null 2>&1

# -- the credit report as PDF -------------------------------------------------
Z report credit 440785199603255526 --purpose self --ref 440785199603255526 --out cr.pdf > out 2>&1
check "report credit writes a PDF, sealed" grep -q "sealed; verification code .*: cr.pdf" out
code=$(sed -n 's/.*verification code \([A-Z0-9]*\):.*/\1/p' out)
check "the file is its owner's only (0600)" test "$(stat -c %a cr.pdf)" = 600
check "it is a PDF (pdftotext reads it)" in_text cr.pdf "公共信用信息报告"
check "the sections of the national report, in its order" \
	test "$(txt cr.pdf | grep -o '^[一二三四五六七]、[^ ]*' | tr '\n' '|')" = \
	"一、基本信息|二、行政管理信息|三、荣誉和优良信息|四、红黑名单信息|五、信用承诺信息|六、司法信息|七、其他信息|"
check "to the subject itself the number in full" has cr.pdf "证件号码：440785199603255526"
check "a record under objection is marked" has cr.pdf "异议处理中"
check "a table's dates are whole, never broken over two lines" \
	sh -c "pdftotext -layout cr.pdf - | grep -q '20[0-9][0-9]-[01][0-9]-[0-3][0-9]' && ! pdftotext -layout cr.pdf - | grep -q '20[0-9][0-9]-[01][0-9]-[0-3]\( \|\$\)'"
check "every font is embedded" test "$(pdffonts cr.pdf | awk 'NR > 2 && $(NF-4) != "yes"' | wc -l)" = 0
pdffonts cr.pdf > fonts 2>&1
check "and the fonts are the Noto CJK ones" grep -q "NotoSerifCJK" fonts
check "the seal is printed on it" test "$(pdfimages -list cr.pdf | awk 'NR > 2' | wc -l)" -ge 1
pdftoppm -r 100 -png -f 1 -l 1 cr.pdf page > /dev/null 2>&1
check "its QR code reads as the verification code" \
	test "$(zbarimg -q --raw page*.png 2> /dev/null)" = "$code"
check "each page's foot says which page of how many" \
	test "$(txt cr.pdf | grep -c '第 *[0-9]* *页 *共 *[0-9]* *页')" = "$(pdfinfo cr.pdf 2> /dev/null | awk '/^Pages:/ {print $2}')"
Z report verify "$code" > out 2>&1
check "the code of the PDF verifies" grep -q "Genuine" out
Z report credit 913410219UQEU70753 --purpose internal_duty --ref 核查002 --out cr2.pdf > /dev/null 2>&1
check "for a duty the identity is masked" has cr2.pdf "证件号码：913410\*\*\*\*\*\*\*\*0753"
Z report credit 913410219UQEU70753 --purpose internal_duty --ref 核查003 --out cr.doc > out 2>&1
check "a file that is neither .pdf nor .xlsx is refused, saying which" grep -q "\.pdf (to print) or .xlsx" out
check "and nothing is logged for it" test "$(q "SELECT count(*) FROM query_log WHERE purpose_ref = '核查003'")" = 0
printf '<?xml version="1.0"?>\n<fontconfig><dir>%s/nofonts</dir><cachedir>%s/fccache</cachedir></fontconfig>\n' "$tmp" "$tmp" > nofonts.conf
mkdir -p nofonts
FONTCONFIG_FILE="$tmp/nofonts.conf" Z report credit 913410219UQEU70753 --purpose internal_duty --ref 核查004 --out nf.pdf > out 2>&1
check "without the CJK font: refused, naming the package, not boxes printed" grep -q "fonts-noto-cjk" out
check "and no file, no report issued" test ! -e nf.pdf -a "$(q "SELECT count(*) FROM report_issued")" = 2

# -- printing ---------------------------------------------------------------
mkdir -p bin nolp badlp
printf '#!/bin/sh\n[ "$1" = -- ] && shift\ncp "$1" "%s/printed.pdf"\necho "request id is Office-7 (1 file(s))"\n' "$tmp" > bin/lp
printf '#!/bin/sh\necho "lp: Error - No default destination." >&2\nexit 1\n' > badlp/lp
chmod +x bin/lp badlp/lp
PATH="$tmp/bin:$PATH" Z report credit 913410219UQEU70753 --purpose internal_duty --ref 核查005 --out p.pdf --print > out 2>&1
check "--print hands the PDF to lp" cmp -s p.pdf printed.pdf
check "and says what lp answered" grep -q "Sent to the printer (request id is Office-7" out
PATH="$tmp/nolp" Z report credit 913410219UQEU70753 --purpose internal_duty --ref 核查006 --out p2.pdf --print > out 2>&1
check "no printer set up: the path is shown" grep -q "No printer is set up.*p2.pdf" out
PATH="$tmp/badlp:$PATH" Z report credit 913410219UQEU70753 --purpose internal_duty --ref 核查007 --out p3.pdf --print > out 2>&1
st=$?
check "lp refusing: exit status 1" test $st -eq 1
check "with its reason and the path" grep -q "No default destination.*p3.pdf" out

# -- the office's document numbers -------------------------------------------
Z docno > out 2>&1
check "the default format until one is set" grep -q "信用办〔{year}〕{n}号" out
Z docno set '爱信用办〔{year}〕{n}号' --reason 本办发文字号 > out 2>&1
check "a clerk cannot set it" test $? -ne 0
A docno set '爱信用办{n}〔{n}〕' --reason 试 > out 2>&1
check "a format with {n} twice is refused, with an example" grep -q "例\|for example" out
A docno set '爱信用办〔{year}〕{n}号' --reason 本办发文字号 > out 2>&1
check "an administrator sets it, with an example" grep -q "爱信用办〔2026〕12号" out
check "audited with the old and the new format" \
	test "$(q "SELECT count(*) FROM audit_log WHERE op = 'office.docno' AND new_values LIKE '%爱信用办%'")" = 1

# -- the documents of the cases -------------------------------------------------
yy1=$(q "SELECT n.number FROM case_number n JOIN workcase k ON k.id = n.case_id JOIN subject s ON s.id = k.subject_id WHERE s.id_number = '440785199603255526'")
check "every case has a short number" test "$yy1" = YY-2026-0001
lower=$(echo "$yy1" | tr -d - | tr 'A-Z' 'a-z')
Z case doc "$lower" --out r1.pdf > out 2>&1
check "the receipt, found by the number as typed (any case, no dashes)" \
	grep -q "Issued 爱信用办〔2026〕1号 (receipt) of case YY-2026-0001 for 武勇: r1.pdf" out
check "it is the objection's receipt, numbered under its title" \
	test "$(txt r1.pdf | grep -o '信用信息异议申请受理回执\|爱信用办〔2026〕1号' | tr '\n' '|')" = "信用信息异议申请受理回执|爱信用办〔2026〕1号|"
check "it names the case number to quote and the deadline of the comparison" \
	has r1.pdf "案件编号为YY-2026-0001.*本机关将于2026-11-19前完成"
check "the party's number masked, addressed to a person as 你" \
	has r1.pdf "武勇（居民身份证440785\*\*\*\*\*\*\*\*5526）：你于"
check "sealed" test "$(pdfimages -list r1.pdf | awk 'NR > 2' | wc -l)" -ge 1
check "the query is logged with the case and the document number" \
	test "$(q "SELECT purpose || ' ' || purpose_ref FROM query_log ORDER BY seq DESC LIMIT 1")" = "internal_duty YY-2026-0001 爱信用办〔2026〕1号"
Z case doc YY-2026-0001 receipt --out r1b.pdf > out 2>&1
check "a reprint keeps its number" grep -q "Reprinted 爱信用办〔2026〕1号" out
Z case doc YY-2026-0001 result --out res.pdf > out 2>&1
check "no result notice while the objection is open, saying what to give" grep -q "receipt meanwhile" out
check "and no number is used up" test "$(q "SELECT count(*) FROM case_document")" = 1
U case doc YY-2026-0001 --out u.pdf > out 2>&1
check "an auditor prints no case documents" test $? -ne 0 -a ! -e u.pdf
Z case doc YY-2026-0001 notice --out n.pdf > out 2>&1
check "a kind of document the case has not: refused, listing the kinds" grep -q "black lists: notice, decision" out
Z case doc YY-2026-0001 letter --out n.pdf > out 2>&1
check "an unknown kind of document is named" grep -q "letter is not a kind of document" out
# the second objection, with the provider: rejected, approved, its result
yy2=$(q "SELECT n.number FROM case_number n JOIN workcase k ON k.id = n.case_id WHERE k.stage = 'provider'")
Z objection reply "$yy2" --result rejected --reply 复函〔2026〕3号 > /dev/null 2>&1
S case approve "$yy2" --note 维持原记录 > /dev/null 2>&1
Z case doc "$yy2" --out res2.pdf > out 2>&1
check "a closed objection: the result notice is the document it calls for" grep -q "(result) of case $yy2" out
check "its result: the objection does not hold, the record stands" has res2.pdf "处理结果：异议不成立"
check "addressed to an organisation as 你单位" has res2.pdf "你单位于"
# the black listing: the notice before, the decision after
Z case doc HB-2026-0001 --out notice.pdf > out 2>&1
check "an open black listing: its advance notice" grep -q "爱信用办〔2026〕3号 (notice)" out
check "the notice states reasons, basis, measures, and the days to answer" \
	has notice.pdf "事实和理由：.*列入类别：.*拟采取的惩戒措施：.*5个工作日内（2026-11-30前）"
Z case doc HB-2026-0001 decision --out dec.pdf > out 2>&1
check "no decision before a supervisor decides" grep -q "not decided yet" out
S case approve HB-2026-0001 --note 同意列入 > out 2>&1
check "no decision before the notice is served and its window runs" \
	grep -q "has not been told yet" out
Z case served HB-2026-0001 > /dev/null 2>&1
"$CDL" --db "$tmp/demo.db" --user shenhe --password-file "$tmp/spw" case approve \
	HB-2026-0001 --note 同意列入 > /dev/null 2>&1
Z case doc HB-2026-0001 notice --out notice2.pdf > out 2>&1
check "after the decision, a notice already served is reprinted" grep -q "Reprinted 爱信用办〔2026〕3号" out
Z case doc HB-2026-0001 --out dec.pdf > out 2>&1
check "the decision, numbered next" grep -q "爱信用办〔2026〕4号 (decision)" out
S case show HB-2026-0001 > show 2>&1
check "case show gives the listing's decision number and the day it was decided" \
	sh -c "grep -q '^Decision: *爱信用办〔2026〕4号' show && grep -q '^Decided: *2026-12-01' show"
check "the decision states measures, removal conditions and procedure, remedies" \
	has dec.pdf "惩戒措施：.*移出的条件和程序：.*信用修复.*行政复议.*行政诉讼"
check "the decision says when the notice was served and that no statement came" \
	has dec.pdf "已于2026-11-23向你.*送达《失信黑名单列入事先告知书》，你.*在规定期限内（2026-11-30前）未提出陈述、申辩意见"
# the repair: receipt, then the decision
Z case doc XF-2026-0001 --out xr.pdf > out 2>&1
check "a repair application's receipt says no fee is charged" \
	has xr.pdf "信用修复申请受理回执.*不收取任何费用"
S case approve XF-2026-0001 --note 已履行全部义务 > /dev/null 2>&1
Z case doc XF-2026-0001 --out xd.pdf > out 2>&1
check "the repair decision: granted, and what follows (rule 24)" \
	has xd.pdf "决定准予信用修复.*不再公开披露和共享.*一并移出黑名单"
Z case doc XF-2026-0001 --out xd.xlsx > out 2>&1
check "a document also as .xlsx, the same text" \
	test "$($PY -c "import openpyxl, sys; ws = openpyxl.load_workbook(sys.argv[1]).active; print(ws['A1'].value, any('决定准予信用修复' in str(c.value) for r in ws.iter_rows() for c in r))" xd.xlsx)" = "信用修复决定书 True"
S case show XF-2026-0001 > out 2>&1
check "case show gives the short number" grep -q "XF-2026-0001" out
Z case list --all > out 2>&1
check "case list shows each case's number" grep -q "HB-2026-0001" out
finish
