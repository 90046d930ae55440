#!/bin/sh
# tests/golden_cli.sh: the batch commands, run against a fresh database
# and compared with transcripts in tests/golden/.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
plan 9
db="$tmp/cd.db"
echo 'admin-pass-1' > "$tmp/admin.pw"
echo 'clerk-pass-1' > "$tmp/clerk.pw"
echo 'audit-pass-1' > "$tmp/audit.pw"
A="--db $db --user admin --password-file $tmp/admin.pw"
C="--db $db --user zhangwei --password-file $tmp/clerk.pw"

# setting up: init, units, users
run --version
run --db "$db" record show x --purpose internal_duty --ref 核查-1
run --db "$db" --password-file "$tmp/admin.pw" init --admin admin --name 管理员 \
	--unit 黑河市公共信用信息中心 --division 231100 --level city
run --db "$db" --password-file "$tmp/admin.pw" init --admin admin2 --name 管理员 \
	--unit 黑河市公共信用信息中心 --division 231100 --level city
run $A unit add 爱辉区社会信用体系建设办公室 --division 231102 --level county --parent 黑河市公共信用信息中心
run $A unit add 不存在区 --division 999999 --level county
run $A unit list
run $A user add zhangwei --name 张伟 --role clerk --unit 爱辉区社会信用体系建设办公室 --new-password-file "$tmp/clerk.pw"
run $A user add shenji --name 陈静 --role auditor --unit 黑河市公共信用信息中心 --new-password-file "$tmp/audit.pw"
run $A user add Bad --name x --role clerk --unit 黑河市公共信用信息中心 --new-password-file "$tmp/audit.pw"
run $C user add lisi --name 李四 --role clerk --unit 黑河市公共信用信息中心 --new-password-file "$tmp/audit.pw"
run --db "$db" --user zhangwei --password-file "$tmp/admin.pw" user list
run $A user list
# the office's day: Beijing time unless an administrator sets another zone
run --db "$db" zone
run $C zone set Asia/Urumqi --reason 试
run $A zone set Mars/Base --reason 试
run $A zone set Asia/Urumqi
run $A zone set Asia/Urumqi --reason 新疆分中心
run $A zone set Asia/Shanghai --reason 恢复北京时间
golden setup

# identifiers
run id check 11010519491231002X
run id check 110105194912310021
run id check 110105491231002
run id check 1101051949123100
run id check 91110000600037341L
run id check 9111000060003734IL
run id check A1110000600037341X
run --db "$db" id check 99010519491231002X
run id check E1234567 --type passport
golden identifiers

# the catalog
run --db "$db" catalog list
run --db "$db" catalog show XZCF-3
run --db "$db" catalog show NOPE
golden catalog

# records: refusals, create, show, correct, withdraw
run $C record add --id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-3 \
	--matter 销售不合格口罩 --reporting-unit 北京市东城区市场监督管理局
run $C record add --id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-3 \
	--matter 销售不合格口罩，血型不明 --reporting-unit 北京市东城区市场监督管理局 \
	--doc-number 京东市监罚〔2026〕15号 --doc-date 2026-01-15
run $C record add --id 11010519491231002X --name 张伟 --matter 抗疫志愿服务 --polarity good \
	--reporting-unit 黑河市卫生健康局 --doc-issuer 黑河市人民政府 --doc-kind 表彰决定 --doc-number 黑政发〔2020〕8号 --doc-date 2020-03-08
run $C record add --id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-3 \
	--matter 销售不合格口罩 --reporting-unit 北京市东城区市场监督管理局 \
	--doc-number 京东市监罚〔2026〕15号 --doc-date 2026-01-15 --procedure simple
run $C record add --id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-3 \
	--matter 销售不合格口罩 --reporting-unit 北京市东城区市场监督管理局 \
	--doc-number 京东市监罚〔2026〕15号 --doc-date 2026-01-15
rid=$(last_id)
run $C record add --id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-3 \
	--matter 销售不合格口罩 --reporting-unit 北京市东城区市场监督管理局 \
	--doc-number 京东市监罚〔2026〕15号 --doc-date 2026-01-15
# reading a record is a query: it needs a purpose and is logged
R="--purpose internal_duty --ref 核查〔2026〕1号"
run $C record show "$rid"
run $C record show "$rid" --purpose self --ref 11010519491231002X
run $C record show "$rid" $R
run $C record correct "$rid" --item XZCF-2
run $C record correct "$rid" --item XZCF-2 --reason 决定书载明为一般情节
# a change made against the version read before someone else's: refused,
# saying who changed it and when; a version that is no number: usage
run $C record correct "$rid" --matter 另改一次 --reason 核对原件 --version 1
run $C record correct "$rid" --matter 另改一次 --reason 核对原件 --version x
run $C record show "$rid" $R
run --db "$db" --user shenji --password-file "$tmp/audit.pw" record withdraw "$rid" --reason x
run $C record withdraw "$rid"
run $C record withdraw "$rid" --reason 处罚决定已被复议撤销
run $C record show "$rid" $R
golden records

# search and the query log
G="--purpose internal_duty --ref 黑信查〔2026〕12号"
run $C record add --id 231102198001011237 --name 李张伟 --matter 抗疫志愿服务 --polarity good \
	--reporting-unit 黑河市卫生健康局 --doc-issuer 黑河市人民政府 --doc-kind 表彰决定 --doc-number 黑政发〔2020〕9号 --doc-date 2020-03-08 --consent TY-2020-0002
run $C record add --id 231102199002150049 --name 张伟明 --matter 抗疫志愿服务 --polarity good \
	--reporting-unit 黑河市卫生健康局 --doc-issuer 黑河市人民政府 --doc-kind 表彰决定 --doc-number 黑政发〔2020〕10号 --doc-date 2020-03-08 --consent TY-2020-0003
run $C record add --id 11010519491231002X --name 张伟 --matter 抗疫志愿服务 --polarity good \
	--reporting-unit 黑河市卫生健康局 --doc-issuer 黑河市人民政府 --doc-kind 表彰决定 --doc-number 黑政发〔2020〕8号 --doc-date 2020-03-08 \
	--consent TY-2020-0001
run $C search 张伟 $G
run $C search zw $G --format tsv
run $C search 2311 $G --count
run $C search 北京 $G --offset 1
run $C search 张伟
run $C search 张伟 --purpose official_letter
run --db "$db" --user shenji --password-file "$tmp/audit.pw" search 张伟 $G
run $C subject show 11010519491231002X --purpose authorised --ref 授权书2026-001
run $C subject show 11010519491231002X --purpose self --ref 231102198001011237
run $C subject show 11010519491231002x --purpose self --ref 11010519491231002x
# the 15-digit legacy form of 11010519491231002X
run $C search 110105491231002 $G
# the record reads above are in the company's query history
run $C subject show 91110000600037341L $G
run $C search --matter 口罩 $G
run $C search 张 --polarity good --from 2020-01-01 --to 2020-12-31 $G
run $C search --status under_objection $G
run $C search --from 2026-13-01 $G
golden search

# objections, repair, lists: each step with its deadline in working days
echo 'super-pass-1' > "$tmp/super.pw"
S="--db $db --user shenhe --password-file $tmp/super.pw"
run $A user add shenhe --name 李敏 --role supervisor --unit 黑河市公共信用信息中心 --new-password-file "$tmp/super.pw"
case_id() { sed -n 's/^Case: *//p' "$tmp/one" | head -n 1; }
run $C record add --id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-2 \
	--matter 销售不合格口罩 --reporting-unit 北京市东城区市场监督管理局 \
	--doc-number 京东市监罚〔2026〕16号 --doc-date 2026-01-15
r2=$(last_id)
run $C objection file "$r2" --grounds 罚款金额有误
run $C objection file "$r2" --grounds 罚款金额有误 --evidence 缴款凭证复印件 --received 2026-11-20
c1=$(case_id)
run $C case list
run $C objection compare "$c1" --same --note 与提供单位数据一致
run $C objection reply "$c1" --result rejected --reply 京东市监函〔2026〕3号
run $C case approve "$c1"
run $S case approve "$c1" --note 答复有据
run $C repair apply "$r2" --commitment 信用修复承诺书第1号 --proof 罚款缴纳凭证 --received 2026-11-23
c2=$(case_id)
run $S case list --review
run $S case approve "$c2"
run $C search --status repaired $G
run $C record add --id 91110000600037341L --name 北京某某医疗器械有限公司 --item XZCF-3 \
	--matter 销售不合格口罩，被吊销许可证 --reporting-unit 北京市东城区市场监督管理局 \
	--doc-number 京东市监罚〔2026〕17号 --doc-date 2026-01-15
r3=$(last_id)
run $C repair apply "$r3" --commitment 承诺书第2号 --proof 凭证
# the program honours no clock variable: the period still runs
export CREDITDESK_TODAY=2027-02-02
run $C repair apply "$r3" --commitment 承诺书第2号 --proof 凭证
unset CREDITDESK_TODAY
run $C list propose 91110000600037341L --list black --basis 不诚信 --reasons 拒不履行 --record "$r3"
run $C list propose 91110000600037341L --list black --basis refuse_performance \
	--reasons 有履行能力而拒不履行 --measures CJ-30-5 --record "$r2"
run $C list propose 91110000600037341L --list black --basis refuse_performance \
	--reasons 有履行能力而拒不履行 --measures CJ-30-5 --record "$r3" --until 2029-01-15
c3=$(case_id)
run $S case refuse "$c3"
# rule 12: the party is told and may answer before the decision
run $S case approve "$c3"
run $C case served "$c3"
run $C case doc "$c3" notice --out "$tmp/notice.pdf"
run $C case served "$c3" --date 2026-11-20
run $C case statement "$c3" --statement 已部分履行
run $C case served "$c3" --date 2026-11-23
run $S case approve "$c3"
run $C case statement "$c3" --received 2026-11-24 --statement 已履行部分义务，请求从轻
run $C case statement "$c3" --statement 补充材料
run_cd=$CDL
run $S case approve "$c3"
run $C case answer "$c3" --answer 经复核，仍有未履行义务，不予采纳
run $S case show "$c3"
run $S case approve "$c3"
run $C search --list black $G
run $C case list --subject 91110000600037341L --purpose internal_duty --ref 核查〔2026〕5号
# the record withdrawn from under the listing: a review proposes its end
run $C record withdraw "$r3" --reason 处罚决定已被复议撤销
run $S case show FH-2026-0001
run $S case approve FH-2026-0001
run $C search --list black $G
run_cd=
run --db "$db" calendar due 2026-09-30 2
run --db "$db" calendar due 2026-12-31 1
run --db "$db" calendar list 2027
run $C calendar set 2027-01-01 --kind holiday --name 元旦 --reason 国办发明电〔2026〕号
run $A calendar set 2027-01-01 --kind holiday --name 元旦 --reason 国办发明电〔2026〕号
run --db "$db" calendar due 2026-12-31 1
run --db "$db" rule list
run $A rule set objection.compare_days 3
run $A rule set repair.decide_days 7 --reason 本市信用修复办理规程
# a number past what an int holds is refused, not taken modulo 2^32 (as 1)
run $A rule set repair.decide_days 4294967297 --reason 本市信用修复办理规程
run $A rule set repair.decide_days 99999999999999999999 --reason 本市信用修复办理规程
run $A rule set repair.decide_days 7天 --reason 本市信用修复办理规程
golden workflow

# a person's written consent to income or property data (004 art. 13)
CS="--id 231102198001011237 --name 李张伟"
run $C record add $CS --item XZCF-2 --matter 隐瞒收入，月薪两万元 --reporting-unit 黑河市市场监督管理局 \
	--doc-number 黑市监罚〔2026〕31号 --doc-date 2026-02-01 --consent 同意〔2026〕1号
run $C consent add $CS --ref 同意〔2026〕1号 --signed 2026-11-01 --until 2036-11-01 --scope 收入 \
	--purpose-told 信用评价 --told 提供收入信息可能影响信用评价
run $C consent add $CS --ref 同意〔2026〕1号 --signed 2026-11-01 --until 2027-10-31 --scope 收入 \
	--purpose-told 信用评价 --told " "
run $C consent add $CS --ref 同意〔2026〕1号 --signed 2026-11-01 --until 2027-10-31 --scope 收入 \
	--purpose-told 信用评价 --told 提供收入信息可能影响信用评价
run $C record add $CS --item XZCF-2 --matter 隐瞒收入，月薪两万元 --reporting-unit 黑河市市场监督管理局 \
	--doc-number 黑市监罚〔2026〕31号 --doc-date 2026-02-01 --consent 同意〔2026〕1号
run $C record add $CS --item XZCF-2 --matter 隐瞒名下有住房两套 --reporting-unit 黑河市市场监督管理局 \
	--doc-number 黑市监罚〔2026〕32号 --doc-date 2026-02-01 --consent 同意〔2026〕1号
run $C consent add $CS --ref 同意〔2026〕2号 --signed 2026-11-01 --until 2026-11-30 --scope 不动产 \
	--purpose-told 信用评价 --told 提供房产信息可能影响信用评价
run $C consent list 231102198001011237 $G
# after its last day the list says it ended, and it lifts nothing
run_cd=$CDL
run $C consent list 231102198001011237 $G
run $C record add $CS --item XZCF-2 --matter 隐瞒名下有住房两套 --reporting-unit 黑河市市场监督管理局 \
	--doc-number 黑市监罚〔2026〕33号 --doc-date 2026-02-01 --consent 同意〔2026〕2号
run_cd=
golden consent

# usage and sign-in errors
run
run nosuch
run --db "$db" --user zhangwei --password-file "$tmp/admin.pw" record show "$rid" $R
run --db "$db" record show "$rid" $R
golden errors

# the clerks' language: the same messages in Chinese
export LANGUAGE=zh_CN
run id check 110105194912310021
run id check 9111000060003734IL
run $C record add --id 11010519491231002X --name 张伟 --matter 抗疫志愿服务 --polarity good \
	--reporting-unit 黑河市卫生健康局 --doc-issuer 黑河市人民政府 --doc-kind 表彰决定 --doc-number 黑政发〔2020〕18号 --doc-date 2020-03-08
run $C record add --id 11010519491231002X --name 张伟 --item YQ-B02 --matter 逃避隔离，其血型为A型 \
	--reporting-unit 黑河市公安局 --doc-number 黑公罚〔2020〕7号 --doc-date 2020-02-10
run $C record add --id 11010519491231002X --name 张伟 --item YQ-B02 --matter 逃避隔离医学观察 \
	--reporting-unit 黑河市公安局 --doc-number 黑公罚〔2020〕7号 --doc-date 2020-02-10 --gender 男
run $C record show "$rid" $R
printf '%s\n' 序号,姓名,身份证号,事项,所属单位,填报单位,数据类型,文书号,决定日期 \
	1,李娜,110105194912310021,逃避隔离医学观察,,黑河市公安局,不良,黑公罚〔2020〕8号,2020-02-11 \
	> "$tmp/zh.csv"
run $C import "$tmp/zh.csv"
run --db "$db" catalog show XZCF-1
golden zh
unset LANGUAGE
finish
