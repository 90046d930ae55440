-- bench/ideal.sql: the least any import can write for issue 2's store,
-- whatever its code: the rows of the generated file (imported by the
-- sqlite3 shell as table t before the clock starts) written into the
-- smallest schema the issue allows (subjects apart from records, one per
-- identifier; a 16-byte time-ordered key, node, created and updated time
-- and actor as integers, a row version; the identifier index and the
-- duplicate key), with no validation, no audit log, no search index, and
-- every index built once by sorting instead of row by row.  What this
-- costs above .import is the issue's storage requirement, not code.
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
-- one subject per identifier (the first row that names it), in key order
INSERT INTO subject
SELECT CAST(printf('s%015x', rowid) AS BLOB), 1, 1795000000, 2, 1795000000, 2, 1,
	主体类型 = '自然人', 主体类型 = '自然人', 证件号码, 名称
FROM t WHERE rowid IN (SELECT min(rowid) FROM t GROUP BY 证件号码, 主体类型)
ORDER BY rowid;
CREATE UNIQUE INDEX subject_ident ON subject(id_number, id_type);
INSERT INTO record
SELECT CAST(printf('r%015x', t.rowid) AS BLOB), 1, 1795000000, 2, 1795000000, 2, 1,
	s.id, 7, 1, 事项, 填报单位, 所属单位, 文书号, 决定日期, 决定日期
FROM t JOIN subject s ON s.id_number = t.证件号码 AND s.id_type = (t.主体类型 = '自然人')
ORDER BY t.rowid;
CREATE INDEX record_dedup ON record(subject_id, item, doc_number, doc_date);
COMMIT;
