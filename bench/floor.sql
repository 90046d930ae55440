-- bench/floor.sql: the storage floor of the import benchmark: the rows of
-- the generated file (imported by the sqlite3 shell as table t) written
-- into creditdesk's schema by plain SQL, with time-ordered ids like
-- UUIDv7, and no validation at all (a repeated identifier is skipped).  What the import costs above this is
-- the cost of checking; what this costs above .import is the schema's.
PRAGMA synchronous = FULL;
PRAGMA cache_size = -65536; -- as the import sets it
BEGIN IMMEDIATE;
INSERT OR IGNORE INTO subject(id, node, created_at, created_by, updated_at, updated_by,
	kind, id_type, id_number, name, gender, birth_date, division)
SELECT printf('0193b000-0000-7000-8000-%012d', t.rowid),
	'0193a000-0000-7000-8000-000000000001', '2026-11-23T08:00:00.000Z',
	'0193a000-0000-7000-8000-000000000002', '2026-11-23T08:00:00.000Z',
	'0193a000-0000-7000-8000-000000000002',
	CASE WHEN 主体类型 = '自然人' THEN 'person' ELSE 'org' END,
	CASE WHEN 主体类型 = '自然人' THEN 'resident' ELSE 'uscc' END,
	证件号码, 名称, CASE WHEN 主体类型 = '自然人' THEN 'M' END, '1980-01-01',
	substr(证件号码, 1, 6)
FROM t;
INSERT INTO credit_record(id, node, created_at, created_by, updated_at,
	updated_by, subject_id, item_id, catalog_version, polarity, matter,
	reporting_unit, affiliated_unit, doc_kind, doc_number, doc_date,
	disclose_from, disclose_until, repair_from)
SELECT printf('0193c000-0000-7000-8000-%012d', t.rowid),
	'0193a000-0000-7000-8000-000000000001', '2026-11-23T08:00:00.000Z',
	'0193a000-0000-7000-8000-000000000002', '2026-11-23T08:00:00.000Z',
	'0193a000-0000-7000-8000-000000000002',
	s.id, (SELECT id FROM catalog_item LIMIT 1), 1, 'bad', 事项, 填报单位,
	所属单位, 'penalty_decision', 文书号, 决定日期, 决定日期, 决定日期, 决定日期
FROM t JOIN subject s ON s.id_number = t.证件号码 AND s.id_type = CASE WHEN t.主体类型 = '自然人' THEN 'resident' ELSE 'uscc' END;
COMMIT;
