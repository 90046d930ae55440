-- bench/floor.sql: the storage floor of the import benchmark: the rows of
-- the generated file (imported by the sqlite3 shell as table t) written
-- into creditdesk's schema by plain SQL, with time-ordered ids like
-- UUIDv7, and no validation at all (a repeated identifier is skipped).  What the import costs above this is
-- the cost of checking; what this costs above .import is the schema's.
-- The op log the sync sends up is part of the floor: the capture
-- triggers call functions only creditdesk defines, so the floor drops them
-- and writes the same ops itself (an insert's op names the row;
-- its content is read when it is sent).
PRAGMA synchronous = FULL;
PRAGMA cache_size = -65536; -- as the import sets it
BEGIN IMMEDIATE;
DROP TRIGGER sync_subject_insert;
DROP TRIGGER sync_credit_record_insert;
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
INSERT INTO sync_op(id, hlc, kind, entity, entity_id, base_version, payload, actor, at)
SELECT printf('0193d000-0000-7000-8000-%012d', seq), printf('1795399200000.%05d', seq % 100000),
	'insert', 'subject', id, NULL, NULL, created_by, created_at FROM subject ORDER BY seq;
INSERT INTO sync_op(id, hlc, kind, entity, entity_id, base_version, payload, actor, at)
SELECT printf('0193e000-0000-7000-8000-%012d', seq), printf('1795399200000.%05d', seq % 100000),
	'insert', 'credit_record', id, NULL, NULL, created_by, created_at FROM credit_record ORDER BY seq;
-- the exact-name keys (migration 0023: an index on subject(name) until
-- then, which the INSERT above wrote as it went), in key order
INSERT INTO subject_name_key(name, seq) SELECT name, seq FROM subject ORDER BY name COLLATE NOCASE, seq;
COMMIT;
