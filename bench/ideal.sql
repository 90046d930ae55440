-- bench/ideal.sql: a lower bound for issue 2's import, whatever the code:
-- the rows of the generated file (imported by the sqlite3 shell into
-- another database, attached as s, before the clock starts) written into
-- the smallest store the issue allows: subjects apart from records; a
-- 16-byte time-ordered key, node, created and updated time and actor as
-- integers and a row version on each row; the identifier index and the
-- duplicate key.  Everything an import must also do is left out: no
-- validation, no lookup of existing subjects (each row's subject key is
-- its own), no audit log, no search index; both tables are written in key
-- order and the indexes are built once by sorting.  What this costs above
-- .import is the storage the issue requires, not code.
PRAGMA synchronous = FULL;
PRAGMA cache_size = -65536;
CREATE TABLE subject(id BLOB PRIMARY KEY, node INT, created_at INT,
	created_by INT, updated_at INT, updated_by INT, row_version INT,
	kind INT, id_type INT, id_number TEXT, name TEXT) STRICT, WITHOUT ROWID;
CREATE TABLE record(id BLOB PRIMARY KEY, node INT, created_at INT,
	created_by INT, updated_at INT, updated_by INT, row_version INT,
	subject_id BLOB, item INT, polarity INT, matter TEXT,
	reporting_unit TEXT, affiliated_unit TEXT, doc_number TEXT,
	doc_date TEXT, disclose_until TEXT) STRICT, WITHOUT ROWID;
BEGIN IMMEDIATE;
INSERT INTO subject
SELECT CAST(printf('s%015x', rowid) AS BLOB), 1, 1795000000, 2, 1795000000, 2, 1,
	主体类型 = '自然人', 主体类型 = '自然人', 证件号码, 名称
FROM s.t ORDER BY rowid;
INSERT INTO record
SELECT CAST(printf('r%015x', rowid) AS BLOB), 1, 1795000000, 2, 1795000000, 2, 1,
	CAST(printf('s%015x', rowid) AS BLOB), 7, 1, 事项, 填报单位, 所属单位,
	文书号, 决定日期, 决定日期
FROM s.t ORDER BY rowid;
CREATE INDEX subject_ident ON subject(id_number, id_type);
CREATE INDEX record_dedup ON record(subject_id, item, doc_number, doc_date);
COMMIT;
