-- 0014_measures: the closed list of penalty measures (惩戒措施清单; issue
-- 16, DOMAIN rule 13; 003 items 9-10, 004 arts. 30-33).  A black listing
-- names its measures from this list only, by code, each with its legal
-- basis; a measure says which black-list scopes it may follow
-- (black_list_scope codes, '*' for all), so that a measure meant for
-- judgment debtors cannot follow a listing for public health (过惩相当).
-- Administrators add and retire measures (audited); rows are never
-- deleted.  The list is the office's own (not sent to the central
-- store): each office keeps the list its city publishes.
CREATE TABLE list_measure (
	code          TEXT PRIMARY KEY,
	name          TEXT NOT NULL,
	basis         TEXT NOT NULL,
	scopes        TEXT NOT NULL,
	status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
	created_at    TEXT NOT NULL,
	created_by    TEXT NOT NULL,
	status_at     TEXT,
	status_by     TEXT,
	status_reason TEXT,
	row_version   INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE TRIGGER list_measure_no_delete BEFORE DELETE ON list_measure
BEGIN SELECT RAISE(ABORT, 'rows are never deleted: retire the measure'); END;

INSERT INTO list_measure(code, name, basis, scopes, created_at, created_by) VALUES
 ('CJ-30-1', '在日常监管中列为重点监管对象，增加检查频次，加强现场核查', '《公共信用信息归集和使用暂行办法》第三十条第（一）项', '*', cd_now(), 'system'),
 ('CJ-30-2', '在行政许可、年检验证等工作中列为重点核查对象', '《公共信用信息归集和使用暂行办法》第三十条第（二）项', '*', cd_now(), 'system'),
 ('CJ-30-3', '取消已经享受的行政便利化措施', '《公共信用信息归集和使用暂行办法》第三十条第（三）项', '*', cd_now(), 'system'),
 ('CJ-30-4', '限制享受财政资金补助、税收优惠等政策扶持', '《公共信用信息归集和使用暂行办法》第三十条第（四）项', '*', cd_now(), 'system'),
 ('CJ-30-5', '限制参加政府采购、政府购买服务、政府投资项目招标、国有土地出让等活动', '《公共信用信息归集和使用暂行办法》第三十条第（五）项', '*', cd_now(), 'system'),
 ('CJ-30-6', '限制参加政府组织的各类表彰奖励活动', '《公共信用信息归集和使用暂行办法》第三十条第（六）项', '*', cd_now(), 'system'),
 ('CJ-30-7', '限制担任企业法定代表人、负责人或者高级管理人员', '《公共信用信息归集和使用暂行办法》第三十条第（七）项', '*', cd_now(), 'system'),
 ('CJ-32-1', '限制从事特定行业或者项目', '《公共信用信息归集和使用暂行办法》第三十二条第（一）项', 'public_health market_order', cd_now(), 'system'),
 ('CJ-32-2', '限制任职资格', '《公共信用信息归集和使用暂行办法》第三十二条第（二）项', 'public_health market_order refuse_performance', cd_now(), 'system'),
 ('CJ-32-3', '限制从事特殊市场交易', '《公共信用信息归集和使用暂行办法》第三十二条第（三）项', 'market_order refuse_performance', cd_now(), 'system'),
 ('CJ-32-4', '限制授予荣誉和融资信贷', '《公共信用信息归集和使用暂行办法》第三十二条第（四）项', '*', cd_now(), 'system'),
 ('CJ-32-5', '限制高消费及有关消费', '《公共信用信息归集和使用暂行办法》第三十二条第（五）项', 'refuse_performance', cd_now(), 'system'),
 ('CJ-32-6', '限制出境', '《公共信用信息归集和使用暂行办法》第三十二条第（六）项', 'refuse_performance defence', cd_now(), 'system');
