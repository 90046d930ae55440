-- bench/floor_compact.sql: bench/floor.sql's writes, the same rows into
-- the same four tables with the same indexes, but with compact keys:
-- every UUID a 16-byte BLOB (time-ordered, as UUIDv7) instead of its
-- 36-character text, every time an integer (milliseconds) instead of
-- 24 characters.  What the key and time types cost by themselves: the
-- experiment before any migration (session 30).  Run on a database
-- holding only the generated file as table t (the sqlite3 shell's
-- .import), as bench/import_bench.sh does for floor.sql:
--   sqlite3 x.db ".mode csv" ".import gen-1000000.csv t"
--   time sqlite3 x.db < bench/floor_compact.sql
PRAGMA synchronous = FULL;
PRAGMA cache_size = -65536;
CREATE TABLE subject (seq INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE,
	node BLOB NOT NULL, created_at INTEGER NOT NULL, created_by BLOB NOT NULL,
	updated_at INTEGER NOT NULL, updated_by BLOB NOT NULL,
	row_version INTEGER NOT NULL DEFAULT 1, status TEXT NOT NULL DEFAULT 'active',
	status_at INTEGER, status_by BLOB, status_reason TEXT, kind TEXT NOT NULL,
	id_type TEXT NOT NULL, id_number TEXT NOT NULL, name TEXT NOT NULL,
	gender TEXT, birth_date TEXT, division TEXT, legal_rep TEXT) STRICT;
CREATE UNIQUE INDEX subject_ident ON subject(id_number, id_type);
CREATE TABLE credit_record (seq INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE,
	node BLOB NOT NULL, created_at INTEGER NOT NULL, created_by BLOB NOT NULL,
	updated_at INTEGER NOT NULL, updated_by BLOB NOT NULL,
	row_version INTEGER NOT NULL DEFAULT 1, status TEXT NOT NULL DEFAULT 'active',
	status_at INTEGER, status_by BLOB, status_reason TEXT,
	subject_id BLOB NOT NULL, item_id BLOB NOT NULL, catalog_version INTEGER NOT NULL,
	polarity TEXT NOT NULL, matter TEXT NOT NULL, reporting_unit TEXT NOT NULL,
	affiliated_unit TEXT, unit_id BLOB, doc_kind TEXT NOT NULL,
	doc_number TEXT NOT NULL, doc_date TEXT NOT NULL, doc_issuer TEXT,
	procedure TEXT NOT NULL DEFAULT 'general', consent_ref TEXT,
	disclose_from TEXT, disclose_until TEXT, repair_from TEXT,
	import_batch BLOB, behaviour_end TEXT) STRICT;
CREATE INDEX credit_record_dedup ON credit_record(subject_id, item_id, doc_number, doc_date);
CREATE INDEX credit_record_created ON credit_record(created_at);
CREATE INDEX credit_record_batch ON credit_record(import_batch, seq) WHERE import_batch IS NOT NULL;
CREATE TABLE sync_op (seq INTEGER PRIMARY KEY, id BLOB NOT NULL, hlc INTEGER NOT NULL,
	kind TEXT NOT NULL, entity TEXT NOT NULL, entity_id BLOB NOT NULL,
	base_version INTEGER, payload TEXT, actor BLOB NOT NULL, at INTEGER NOT NULL) STRICT;
CREATE INDEX sync_op_entity ON sync_op(entity, entity_id, seq);
CREATE TABLE subject_name_key (name TEXT NOT NULL COLLATE NOCASE, seq INTEGER NOT NULL,
	PRIMARY KEY (name, seq)) STRICT, WITHOUT ROWID;
-- the clock starts here (bench: .timer)
.timer on
BEGIN IMMEDIATE;
INSERT OR IGNORE INTO subject(id, node, created_at, created_by, updated_at, updated_by,
	kind, id_type, id_number, name, gender, birth_date, division)
SELECT CAST(printf('s193b%011x', t.rowid) AS BLOB), CAST('n193a00000000001' AS BLOB),
	1795392000000, CAST('u193a00000000002' AS BLOB), 1795392000000,
	CAST('u193a00000000002' AS BLOB),
	CASE WHEN 主体类型 = '自然人' THEN 'person' ELSE 'org' END,
	CASE WHEN 主体类型 = '自然人' THEN 'resident' ELSE 'uscc' END,
	证件号码, 名称, CASE WHEN 主体类型 = '自然人' THEN 'M' END, '1980-01-01',
	substr(证件号码, 1, 6)
FROM t;
INSERT INTO credit_record(id, node, created_at, created_by, updated_at,
	updated_by, subject_id, item_id, catalog_version, polarity, matter,
	reporting_unit, affiliated_unit, doc_kind, doc_number, doc_date,
	disclose_from, disclose_until, repair_from)
SELECT CAST(printf('r193c%011x', t.rowid) AS BLOB), CAST('n193a00000000001' AS BLOB),
	1795392000000, CAST('u193a00000000002' AS BLOB), 1795392000000,
	CAST('u193a00000000002' AS BLOB), s.id, CAST('i193a00000000003' AS BLOB), 1, 'bad',
	事项, 填报单位, 所属单位, 'penalty_decision', 文书号, 决定日期, 决定日期, 决定日期, 决定日期
FROM t JOIN subject s ON s.id_number = t.证件号码 AND s.id_type = CASE WHEN t.主体类型 = '自然人' THEN 'resident' ELSE 'uscc' END;
INSERT INTO sync_op(id, hlc, kind, entity, entity_id, base_version, payload, actor, at)
SELECT CAST(printf('o193d%011x', seq) AS BLOB), 1795399200000 * 100000 + seq % 100000,
	'insert', 'subject', id, NULL, NULL, created_by, created_at FROM subject ORDER BY seq;
INSERT INTO sync_op(id, hlc, kind, entity, entity_id, base_version, payload, actor, at)
SELECT CAST(printf('o193e%011x', seq) AS BLOB), 1795399200000 * 100000 + seq % 100000,
	'insert', 'credit_record', id, NULL, NULL, created_by, created_at FROM credit_record ORDER BY seq;
INSERT INTO subject_name_key(name, seq) SELECT name, seq FROM subject ORDER BY name COLLATE NOCASE, seq;
COMMIT;
