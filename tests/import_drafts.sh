#!/bin/sh
# tests/import_drafts.sh: every fault of a row is told, not only the
# first; a row that lacks only what a clerk can add (the legal document
# of a bad record, the consent of a good one) becomes a draft 待补全 in the
# importing clerk's queue, counted apart from the rejected rows; the
# providing unit's consent declaration for a batch, audited (issue 15).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 56
init_db
cd "$tmp" || exit 1
echo 'clerk-pass-1' > cpw
"$CD" --db "$db" --user admin --password-file pw user add wangli --name 王丽 --role clerk \
	--unit 黑河市公共信用信息中心 --new-password-file cpw > /dev/null
"$CD" --db "$db" --user admin --password-file pw user add liming --name 李明 --role clerk \
	--unit 黑河市公共信用信息中心 --new-password-file cpw > /dev/null
sqlite3 "$db" "VACUUM INTO '$tmp/empty.db'"
fresh() { cp "$tmp/empty.db" "$tmp/$1.db"; }
I() { d=$1; shift; "$CD" --db "$tmp/$d.db" --user wangli --password-file cpw import "$@"; }
q() { sqlite3 "$tmp/$1.db" "$2"; }
cat > rows.csv << 'EOF'
主体名称,统一社会信用代码,事项,目录编码,填报单位,数据类型,文书类型,文书号,决定日期,决定机关,同意书编号
北京某某医疗器械有限公司,91110000600037341L,销售过期口罩,XZCF-2,某区市场监管局,不良,行政处罚决定书,市监罚〔2026〕1号,2026-01-15,,
某某物流有限公司,915001109RT6PKWL9Y,拒不履行商业合约,XZCF-2,某区市场监管局,不良,行政处罚决定书,,,,
某某商贸有限公司,9111000060003734XX,拒不履行商业合约,XZCF-2,,不良,行政处罚决定书,,2026-13-40,,
某某置业有限公司,936528012P53H07M58,减免租金支持小微企业,YQ-G05,某区商务局,优良,正式文件,商务〔2026〕3号,2026-02-01,某区人民政府,
EOF
fresh a; I a rows.csv > out 2>&1
check "the whole row imports" grep -q "imported 1," out
check "rows lacking only the document or the consent: drafts, counted apart" \
	grep -q "^2 rows lack only what a clerk can add" out
check "and not counted as rejected" grep -q "rejected 1;" out
check "a draft lacking only consent: the summary says the unit's declaration would do" \
	grep -q "^1 of them lacks the subject's consent (同意书编号): if the providing unit collected the consents, import the file again with --consent-declared REF" out
check "they are the importing clerk's open drafts, titled 待补全" \
	test "$(q a "SELECT count(*) FROM draft d JOIN app_user u ON u.id = d.created_by WHERE u.login = 'wangli' AND d.status = 'open' AND d.title LIKE '待补全%'")" = 2
check "a draft keeps what the row had, for the record form" \
	test "$(q a "SELECT json_extract(fields, '$.item') || ' ' || json_extract(fields, '$.id_number') || ' ' || json_extract(fields, '$.reporting_unit') FROM draft WHERE title LIKE '%拒不履行%'")" = "XZCF-2 915001109RT6PKWL9Y 某区市场监管局"
check "the good record's draft keeps its basis document in the basis fields" \
	test "$(q a "SELECT json_extract(fields, '$.basis_number') FROM draft WHERE title LIKE '%减免租金%'")" = "商务〔2026〕3号"
# the rejected row: every fault, not only the first
r=$(grep "某某商贸" rows.rejects.csv)
check "a rejected row names the missing reporting unit" sh -c "echo '$r' | grep -q 'reporting unit (填报单位) is missing'"
check "and the missing document number" sh -c "echo '$r' | grep -q 'fill in the document number'"
check "and the date that is no date" sh -c "echo '$r' | grep -q 'decision date'"
check "and the identifier's fault" sh -c "echo '$r' | grep -qi 'unified social credit code\|check character'"
# in the clerks' language: a Chinese sentence takes no space after its 。
fresh z; LANGUAGE=zh_CN I z rows.csv > out 2>&1
r=$(grep "某某商贸" rows.rejects.csv)
check "in Chinese the row's faults follow each other, no space after 。" \
	sh -c "echo '$r' | grep -q '缺少填报单位.*。[^ ].*文书号' && ! echo '$r' | grep -q '。 '"
# and its lists in Chinese punctuation: the rows of a reason, the items
{ echo '主体名称,统一社会信用代码,事项,目录编码,填报单位,数据类型,文书类型,文书号,决定日期'
  for i in 1 2 3 4 5; do echo "某某商贸有限公司$i,9111000060003734XX,拒不履行商业合约,XZCF-2,某区市场监管局,不良,行政处罚决定书,市监罚〔2026〕$i号,2026-01-15"; done
  echo '某某物流有限公司,91110000600037341L,打人,,某区市场监管局,不良,行政处罚决定书,市监罚〔2026〕9号,2026-01-15'
} > zhlist.csv
fresh zl; LANGUAGE=zh_CN I zl zhlist.csv > out 2>&1
check "in Chinese a reason's rows are listed 2、3、4 等" grep -q "^  5 行（2、3、4 等），如第 2 行" out
check "and the items it names as YQ-B03（...）, CN-01（...）、SX-01（...）, not (...), ..." \
	sh -c "grep '打人' out | grep -q '最接近的是：[A-Z0-9-]*（.*CN-01（违反信用承诺）、SX-01（' && ! grep '打人' out | grep -q ' (\\|), '"
# a row whose subject cannot be read (its number lost to Excel, its kind
# not understood) still tells the record's own faults
printf '主体类型,姓名,身份证号,事项,填报单位,数据类型,文书号,决定日期\n自然人,张三,1.10105E+17,逃避隔离医学观察,,不良,卫罚〔2026〕1号,2026-13-01\n外星人,李四,110105194912310038,乱扔垃圾,某区卫健委,不良,卫罚〔2026〕2号,2026-01-05\n' > subj.csv
fresh s; I s subj.csv > out 2>&1
check "a number Excel cut: said, and the missing unit and the date that is none with it" \
	grep -q "^自然人,张三,.*lost its last digits.*reporting unit (填报单位) is missing.*'2026-13-01' has no month 13" subj.rejects.csv
check "a kind not understood: said, and the matter that names no item with it" \
	grep -q "^外星人,李四,.*subject kind is not understood.*The matter '乱扔垃圾' matches no bad catalog item" subj.rejects.csv
check "each row counted under its subject's fault" grep -q "^  1 row (2): The number 1.10105E+17" out
I a rows.csv > out2 2>&1
check "the same file again: no second draft of the same rows" \
	test "$(q a "SELECT count(*) FROM draft WHERE status = 'open'")" = 2
check "and the summary says the duplicates are drafts still waiting" \
	grep -q "^2 of the duplicate rows are already drafts an earlier import kept for you" out2
# the providing unit's declaration of consent
fresh b; I b --consent-declared 商务局声明〔2026〕1号 rows.csv > out 2>&1
check "with the unit's consent declaration the good row imports" grep -q "imported 2," out
check "its consent is the declaration" \
	test "$(q b "SELECT consent_ref FROM credit_record WHERE polarity = 'good'")" = "商务局声明〔2026〕1号"
check "the summary says how many rows it stood for" grep -q "^1 row's consent is the providing unit's declaration" out
check "audited with the batch, who declared it, the reference and the count" \
	test "$(q b "SELECT u.login || ' ' || json_extract(a.new_values, '$.consent_declared') || ' ' || json_extract(a.new_values, '$.rows') FROM audit_log a JOIN app_user u ON u.id = a.actor WHERE a.op = 'import.consent_declared'")" = "wangli 商务局声明〔2026〕1号 1"
# the drafts kept stay to complete by hand only until the rows come
# again whole: the unit's declaration, or the documents sent
I a --consent-declared 商务局声明〔2026〕1号 rows.csv > out3 2>&1
check "the same file with the declaration: the good row imports" grep -q "imported 1," out3
check "and its draft is closed as written, saying why" \
	test "$(q a "SELECT status || ' ' || status_reason FROM draft WHERE title LIKE '%减免租金%'")" = "submitted 同一行再次导入，记录已写入"
check "the summary says so" grep -q "^1 of your drafts (待补全) an earlier import kept is written now: closed" out3
sed 's/拒不履行商业合约,XZCF-2,某区市场监管局,不良,行政处罚决定书,,,,/拒不履行商业合约,XZCF-2,某区市场监管局,不良,行政处罚决定书,市监罚〔2026〕7号,2026-01-20,,/' rows.csv > docs.csv
I a docs.csv > out4 2>&1
check "the unit sends the document: the row imports, its draft (without one) closed; the good row written already is a duplicate, no new draft" \
	test "$(q a "SELECT count(*) FROM draft WHERE status = 'open'")-$(q a "SELECT count(*) FROM credit_record WHERE doc_number = '市监罚〔2026〕7号'")" = 0-1
# another clerk imports the rows again, whole: the drafts the first
# clerk's import kept are done, closed saying by whom
fresh o2; I o2 rows.csv > /dev/null 2>&1
"$CD" --db "$tmp/o2.db" --user liming --password-file cpw import docs.csv > out5 2>&1
check "another clerk's import writes the row: the first clerk's draft of it is closed, saying by whom" \
	test "$(q o2 "SELECT d.status || ' ' || d.status_reason || ' ' || u.login FROM draft d JOIN app_user u ON u.id = d.status_by WHERE d.title LIKE '%物流%'")" = "submitted 同一行由 liming 再次导入，记录已写入 liming"
check "the draft whose row is not written stays in its clerk's queue" \
	test "$(q o2 "SELECT d.status FROM draft d JOIN app_user u ON u.id = d.created_by WHERE u.login = 'wangli' AND d.title LIKE '%减免租金%'")" = open
check "the summary says whose drafts were closed" \
	grep -qx "1 draft (待补全) another clerk's earlier import kept (wangli) is written now: closed, saying so." out5
check "a row kept as the other clerk's draft, as it would be kept now: no second draft of it" \
	test "$(q o2 "SELECT count(*) FROM draft d JOIN app_user u ON u.id = d.created_by WHERE u.login = 'liming'")" = 0
check "counted as a duplicate, saying whose queue it waits in" \
	grep -qx "1 of the duplicate rows is already a draft (待补全) another clerk's import kept (wangli), as it would be kept now: not kept twice." out5
fresh c; I c --consent-declared ' ' rows.csv > out 2>&1
check "an empty declaration is refused, saying what to give" grep -q "consent declaration" out
# the template exactly as published (seed 000 attachment 1): no document,
# date or consent columns: its rows are kept to complete, not rejected
cat > published.csv << 'EOF2'
序号,主体名称,统一社会信用代码,事项,填报单位,数据类型
1,某某物流有限公司,915001109RT6PKWL9Y,拒不履行商业合约,某区市场监管局,不良
EOF2
cat > published-p.csv << 'EOF2'
序号,姓名,身份证号,事项,所属单位,填报单位,数据类型
1,赵六,11010519491231002X,逃避隔离医学观察,某社区,某区卫健委,不良
EOF2
fresh p; I p published.csv > out 2>&1; I p published-p.csv >> out 2>&1
check "the published template is recognised: its rows become drafts to complete" \
	test "$(q p "SELECT count(*) FROM draft WHERE status = 'open' AND title LIKE '待补全%'")" = 2
check "and none is rejected" sh -c "! grep -q 'rejected [1-9]' out"
# the words clerks write for the catalog's items, and the closest items
# for a matter that fits none
cat > words.csv << 'EOF2'
姓名,身份证号,事项,填报单位,数据类型,文书类型,文书号,决定日期
赵六,11010519491231002X,逃避隔离医学观察,某区卫健委,不良,行政处罚决定书,卫罚〔2026〕9号,2026-01-06
钱七,110105194912310038,哄抬口罩价格被查处,某区市场监管局,不良,行政处罚决定书,市监罚〔2026〕10号,2026-01-06
孙八,110105194912310046,在超市推搡收银员,某区卫健委,不良,行政处罚决定书,卫罚〔2026〕11号,2026-01-06
EOF2
fresh w; I w words.csv > out 2>&1
check "逃避隔离医学观察 is the catalog's YQ-B02" \
	test "$(q w "SELECT c.code FROM credit_record r JOIN catalog_item c ON c.id = r.item_id JOIN subject s ON s.id = r.subject_id WHERE s.name = '赵六'")" = YQ-B02
r=$(grep "孙八\|钱七" words.rejects.csv | head -n 1)
check "a matter that fits no item: the two closest items are named" \
	sh -c "echo '$r' | grep -q 'The closest: [A-Z0-9-]* (.*), [A-Z0-9-]* (.*)\. If an item listed'"
check "and the items that take any matter (the penalties by severity), by code" \
	sh -c "echo '$r' | grep -q 'Items for any matter, by their code in 目录编码: .*XZCF-1 (.*XZCF-2 (.*XZCF-3 ('"
check "which are not also given as the closest" \
	sh -c "echo '$r' | sed 's/Items for any matter.*//' | grep -qv 'XZCF'"
# words that name an item of the other kind of subject or data type
cat > other.csv << 'EOF2'
序号,主体名称,统一社会信用代码,事项,填报单位,数据类型
1,某某物流有限公司,915001109RT6PKWL9Y,参加志愿服务,某区民政局,优良
2,某某商贸有限公司,91350100M000100Y43,捐赠口罩,某区民政局,不良
EOF2
fresh o; I o other.csv > out 2>&1
check "a person's item for an organisation: the item named, and why it does not fit" \
	grep -q "志愿服务.*Its words are those of YQ-G02 (.*), which is recorded for natural persons only: check the subject's columns" other.rejects.csv
check "a good item on a bad row: the item named, and the data type to check" \
	grep -q "捐赠口罩.*Its words are those of the good item YQ-G03 (.*): if the row is good information, correct its data type (数据类型)" other.rejects.csv
# the 双公示 standard's columns for administrative penalties (seed 000:
# the epidemic's penalties are filed by it)
cat > sgs.csv << 'EOF2'
目录编码,行政相对人名称,行政相对人类别,行政相对人代码_1(统一社会信用代码),法定代表人,行政处罚决定书文号,违法行为类型,违法事实,处罚类别,处罚决定日期,处罚机关,数据来源单位
XZCF-2,某某物流有限公司,法人及非法人组织,915001109RT6PKWL9Y,王五,京市监罚〔2026〕5号,销售过期口罩,该公司于2026年1月销售过期口罩300只,罚款,2026-01-15,某区市场监督管理局,某区市场监督管理局
EOF2
fresh g; I g sgs.csv > out 2>&1
check "a 双公示 penalty file: its columns read (name, code, document, conduct, date, bodies)" \
	test "$(q g "SELECT s.name || '/' || s.id_number || '/' || r.doc_number || '/' || r.matter || '/' || r.doc_date || '/' || r.doc_issuer || '/' || r.reporting_unit FROM credit_record r JOIN subject s ON s.id = r.subject_id")" = "某某物流有限公司/915001109RT6PKWL9Y/京市监罚〔2026〕5号/销售过期口罩/2026-01-15/某区市场监督管理局/某区市场监督管理局"
check "the facts, a second column of the conduct (read where the first names no item), are not named as not used" \
	grep -qx "Columns not used: 处罚类别" out
check "each column named otherwise than the template is said as it was read (the messages name the template's)" \
	grep -qx "Columns read as the template's: 行政相对人名称→名称、行政相对人类别→主体类型、行政相对人代码_1(统一社会信用代码)→统一社会信用代码、行政处罚决定书文号→文书号、违法行为类型→事项、违法事实→事项 (second column)、处罚决定日期→决定日期、处罚机关→决定机关、数据来源单位→填报单位" out
cut -d, -f2- sgs.csv > sgs-nocode.csv
fresh h; I h sgs-nocode.csv > out 2>&1
check "without a 目录编码 and a data type: the reason names the penalty items" \
	grep -q "matches no catalog item for this kind of subject.*XZCF-2 (" sgs-nocode.rejects.csv
# column names as other units' templates have them (当事人名称, 信用代码,
# 处罚事由, 填报部门, 决定文书号, 处罚日期; 企业名称, 事项名称,
# 数据提供单位, 良好/不良, 决定时间)
cat > names1.csv << 'EOF2'
当事人名称,统一社会信用代码（或身份证号码）,处罚事由,目录编码,填报部门,信用信息类型,决定文书号,处罚日期
某某物流有限公司,915001109RT6PKWL9Y,销售过期口罩,XZCF-2,某区市场监管局,不良,市监罚〔2026〕41号,2026-01-15
EOF2
cat > names2.csv << 'EOF2'
企业名称,信用代码,事项名称,目录编码,数据提供单位,良好/不良,文书编号,决定时间,执行法院
某某商贸有限公司,91350100M000100Y43,销售过期口罩,XZCF-2,某区市场监管局,不良,市监罚〔2026〕42号,2026-01-16,某区人民法院
EOF2
fresh names; I names names1.csv > out 2>&1; I names names2.csv >> out 2>&1
check "other templates' column names are read: both rows import, no column unused" \
	sh -c "test \"\$(grep -c 'imported 1, duplicate 0, rejected 0' out)\" = 2 && ! grep -q 'Columns not used' out"
check "and each file's names said as they were read" \
	sh -c "grep -q 'Columns read as the template.s: 当事人名称→名称、.*处罚日期→决定日期' out && grep -q 'Columns read as the template.s: .*决定时间→决定日期、执行法院→决定机关' out"
check "each value where it belongs" \
	test "$(q names "SELECT group_concat(s.name || '/' || r.matter || '/' || r.reporting_unit || '/' || r.doc_number || '/' || r.doc_date, ';') FROM (SELECT * FROM credit_record ORDER BY doc_number) r JOIN subject s ON s.id = r.subject_id")" = "某某物流有限公司/销售过期口罩/某区市场监管局/市监罚〔2026〕41号/2026-01-15;某某商贸有限公司/销售过期口罩/某区市场监管局/市监罚〔2026〕42号/2026-01-16"
# the data type as templates write it, 信息 said
cat > kinds.csv << 'EOF2'
主体名称,统一社会信用代码,事项,目录编码,填报单位,数据类型,文书类型,文书号,决定日期
某某物流有限公司,915001109RT6PKWL9Y,销售过期口罩,XZCF-2,某区市场监管局,不良信息,行政处罚决定书,市监罚〔2026〕31号,2026-01-15
EOF2
fresh k; I k kinds.csv > out 2>&1
check "数据类型 不良信息 is bad information" test "$(q k "SELECT polarity FROM credit_record")" = bad
# typed in an input method's full-width mode: the code, the date
cat > wide.csv << 'EOF2'
主体名称,统一社会信用代码,事项,目录编码,填报单位,数据类型,文书类型,文书号,决定日期
某某物流有限公司,９１５００１１０９ＲＴ６ＰＫＷＬ９Ｙ,销售过期口罩,ＸＺＣＦ－２,某区市场监管局,不良,行政处罚决定书,市监罚〔2026〕32号,２０２６－０１－１５
EOF2
fresh wide; I wide wide.csv > out 2>&1
check "full-width code, item code and date are read as typed" \
	test "$(q wide "SELECT s.id_number || '/' || c.code || '/' || r.doc_date FROM credit_record r JOIN subject s ON s.id = r.subject_id JOIN catalog_item c ON c.id = r.item_id")" = "915001109RT6PKWL9Y/XZCF-2/2026-01-15"
# one identifier column for persons and organisations, as many templates
# have it: a person's ID under 统一社会信用代码 or under a column named for
# both; the subject kind as units write it (公民, 其他组织, 个人)
cat > onecol.csv << 'EOF2'
主体名称,主体类型,统一社会信用代码,事项,目录编码,填报单位,数据类型,文书类型,文书号,决定日期
张三,公民,110101198001011232,违规停车,XZCF-1,某区交警大队,不良,行政处罚决定书,交罚〔2026〕1号,2026-01-15
李四,个人,110101198001011270,违规停车,XZCF-1,某区交警大队,不良,行政处罚决定书,交罚〔2026〕2号,2026-01-15
某某协会,其他组织,915001109RT6PKWL9Y,未按规定报送年度报告,XZCF-1,某区民政局,不良,行政处罚决定书,民罚〔2026〕1号,2026-01-15
EOF2
fresh one; I one onecol.csv > out 2>&1
check "a person's ID under 统一社会信用代码 is a resident ID (公民 a person, 其他组织 an organisation)" \
	test "$(q one "SELECT group_concat(kind || ':' || id_type || ':' || id_number, ' ') FROM (SELECT * FROM subject ORDER BY id_number)")" = "person:resident:110101198001011232 org:uscc:915001109RT6PKWL9Y"
check "a mistyped one is told as a resident ID's check character" \
	grep -q "^李四.*Resident ID.*check character" onecol.rejects.csv
cat > both.csv << 'EOF2'
主体名称,统一社会信用代码/身份证号码,事项,目录编码,填报单位,数据类型,文书类型,文书号,决定日期
赵六,110101198001011275,违规停车,XZCF-1,某区交警大队,不良,行政处罚决定书,交罚〔2026〕3号,2026-01-15
某某物流有限公司,915001109RT6PKWL9Y,未按规定报送年度报告,XZCF-1,某区市场监管局,不良,行政处罚决定书,市监罚〔2026〕9号,2026-01-15
EOF2
fresh both; I both both.csv > out 2>&1
check "a column named for both, no subject kind: each number read as what it is" \
	test "$(q both "SELECT group_concat(kind || ':' || id_type || ':' || name, ' ') FROM (SELECT * FROM subject ORDER BY id_number)")" = "person:resident:赵六 org:uscc:某某物流有限公司"
# a CSV saved from a sheet whose date cells lost their format: 46027 is
# told as the date Excel counts it; a date as an official document
# writes it (Chinese numerals) and an ISO time stamp are read
cat > serial.csv << 'EOF2'
主体名称,统一社会信用代码,事项,目录编码,填报单位,数据类型,文书类型,文书号,决定日期
某某物流有限公司,915001109RT6PKWL9Y,销售过期口罩,XZCF-2,某区市场监管局,不良,行政处罚决定书,市监罚〔2026〕41号,46027
某某物流有限公司,915001109RT6PKWL9Y,销售过期口罩,XZCF-2,某区市场监管局,不良,行政处罚决定书,市监罚〔2026〕42号,二〇二六年一月十五日
某某物流有限公司,915001109RT6PKWL9Y,销售过期口罩,XZCF-2,某区市场监管局,不良,行政处罚决定书,市监罚〔2026〕43号,2026-01-16T09:30:00
EOF2
fresh ser; I ser serial.csv > out 2>&1
check "a CSV's five-digit date is told as the date Excel counts it" \
	grep -q "46027 is a number, not a date.*Excel counts 46027 as 2026-01-05" serial.rejects.csv
check "and not also as a value that is no date (the first, general, fault of it)" \
	test "$(grep -c "is not a date" serial.rejects.csv)" = 0
check "二〇二六年一月十五日 and an ISO time stamp are dates" \
	test "$(q ser "SELECT group_concat(doc_date, ' ') FROM (SELECT doc_date FROM credit_record ORDER BY doc_date)")" = "2026-01-15 2026-01-16"
finish
