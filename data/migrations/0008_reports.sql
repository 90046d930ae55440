-- 0008_reports: the credit reports this office issued (DOMAIN rule 18),
-- so that `creditdesk report verify CODE` can tell a reader whether a
-- printed report is genuine and still says what the records say; and the
-- office's seal image printed on them.  Both append-only.
CREATE TABLE report_issued (
	seq          INTEGER PRIMARY KEY,
	number       TEXT NOT NULL UNIQUE,  -- 信报 2026-11-23 第 0001 号, as printed
	code         TEXT NOT NULL UNIQUE,  -- the verification code (random, 16 characters)
	subject_id   TEXT NOT NULL REFERENCES subject(id),
	purpose      TEXT NOT NULL,
	purpose_ref  TEXT NOT NULL,
	content      TEXT NOT NULL,         -- SHA-256 of what the report showed
	issued_at    TEXT NOT NULL,
	issued_by    TEXT NOT NULL
) STRICT;
CREATE TRIGGER report_issued_no_update BEFORE UPDATE ON report_issued
BEGIN SELECT RAISE(ABORT, 'an issued report is never changed'); END;
CREATE TRIGGER report_issued_no_delete BEFORE DELETE ON report_issued
BEGIN SELECT RAISE(ABORT, 'an issued report is never deleted'); END;

-- The seal image (PNG) an administrator sets; the newest is used.
CREATE TABLE report_seal (
	seq     INTEGER PRIMARY KEY,
	png     BLOB NOT NULL,
	set_at  TEXT NOT NULL,
	set_by  TEXT NOT NULL,
	reason  TEXT NOT NULL
) STRICT;
CREATE TRIGGER report_seal_no_update BEFORE UPDATE ON report_seal
BEGIN SELECT RAISE(ABORT, 'a seal is replaced by a newer one, never changed'); END;
CREATE TRIGGER report_seal_no_delete BEFORE DELETE ON report_seal
BEGIN SELECT RAISE(ABORT, 'a seal is replaced by a newer one, never deleted'); END;
