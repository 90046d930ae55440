-- 0009_documents: what the office hands a party on paper about a case
-- (issue 14): each case's short number, which the party quotes at the
-- window, and the documents issued, numbered in the office's own format
-- (爱信用办〔2026〕12号: the setting office.docno in meta).

-- A case's short number: a letter pair for its kind (YY objection, XF
-- repair, HM red list, HB black list), the year it was received, and its
-- place among this office's cases of that kind and year: YY-2026-0012.
-- Given by a trigger, so that a case made here and a case that arrives
-- from the central store both get one; kept in this office only.
CREATE TABLE case_number (
	case_id TEXT PRIMARY KEY REFERENCES workcase(id),
	prefix  TEXT NOT NULL,
	year    INTEGER NOT NULL,
	n       INTEGER NOT NULL,
	number  TEXT NOT NULL UNIQUE,
	UNIQUE (prefix, year, n)
) STRICT, WITHOUT ROWID;

INSERT INTO case_number
	SELECT id, prefix, year, n, printf('%s-%04d-%04d', prefix, year, n) FROM (
		SELECT id, prefix, year,
		       row_number() OVER (PARTITION BY prefix, year ORDER BY seq) AS n
		FROM (SELECT id, seq, CAST(substr(received, 1, 4) AS INTEGER) AS year,
			     CASE kind WHEN 'objection' THEN 'YY' WHEN 'repair' THEN 'XF'
			     WHEN 'red_list' THEN 'HM' ELSE 'HB' END AS prefix
		      FROM workcase));

CREATE TRIGGER workcase_number AFTER INSERT ON workcase
BEGIN
	INSERT INTO case_number
	SELECT NEW.id, p, y, n, printf('%s-%04d-%04d', p, y, n) FROM (
		SELECT p, y, (SELECT coalesce(max(n), 0) + 1 FROM case_number
			      WHERE prefix = p AND year = y) AS n
		FROM (SELECT CASE NEW.kind WHEN 'objection' THEN 'YY' WHEN 'repair' THEN 'XF'
			     WHEN 'red_list' THEN 'HM' ELSE 'HB' END AS p,
			     CAST(substr(NEW.received, 1, 4) AS INTEGER) AS y));
END;
CREATE TRIGGER case_number_no_update BEFORE UPDATE ON case_number
BEGIN SELECT RAISE(ABORT, 'a case number is never changed'); END;
CREATE TRIGGER case_number_no_delete BEFORE DELETE ON case_number
BEGIN SELECT RAISE(ABORT, 'a case number is never deleted'); END;

-- The documents issued about cases: one number for each kind of document
-- of a case (a reprint shows the same number); the numbers of a year run
-- 1, 2, 3 ... across kinds, as in an office's register of outgoing
-- documents.  content: SHA-256 of what the document said when it was
-- first issued.
CREATE TABLE case_document (
	seq        INTEGER PRIMARY KEY,
	case_id    TEXT NOT NULL REFERENCES workcase(id),
	kind       TEXT NOT NULL CHECK (kind IN ('receipt', 'result', 'notice',
	                                         'decision', 'repair')),
	year       INTEGER NOT NULL,
	n          INTEGER NOT NULL,
	number     TEXT NOT NULL UNIQUE,
	issued_at  TEXT NOT NULL,
	issued_by  TEXT NOT NULL,
	UNIQUE (case_id, kind),
	UNIQUE (year, n)
) STRICT;
CREATE TRIGGER case_document_no_update BEFORE UPDATE ON case_document
BEGIN SELECT RAISE(ABORT, 'an issued document is never changed'); END;
CREATE TRIGGER case_document_no_delete BEFORE DELETE ON case_document
BEGIN SELECT RAISE(ABORT, 'an issued document is never deleted'); END;

-- The working days a party has to answer an advance notice of a black
-- listing (告知书, DOMAIN rule 12).  The seeds name no figure: a local
-- default an administrator changes.
INSERT OR IGNORE INTO rule_setting VALUES ('list.notice_days', 5, cd_now(), 'system');
