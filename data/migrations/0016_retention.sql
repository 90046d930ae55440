-- 0016_retention: keeping personal bad information no longer than the
-- law allows, and the query log at least as long (DOMAIN rules 16-17;
-- 004 arts. 23, 41; issue 16).
--  - credit_record.behaviour_end: the day the dishonest behaviour ended,
--    when the clerk knows it (a debt paid, an order obeyed); without it
--    the decision's day counts.  A person's bad record is archived five
--    years after it: no longer disclosed, shown or reported (status
--    archived; the row is kept, as every row is).
--  - query_log_archive: the query log is kept (append-only, never
--    deleted); entries older than five years are marked archived by a
--    watermark, one row per sweep that moved it.
-- `creditdesk sweep` shows what is due; `sweep --apply` does it, audited.
-- after: oplog_refresh
ALTER TABLE credit_record ADD COLUMN behaviour_end TEXT;
CREATE TABLE query_log_archive (
	upto_seq INTEGER PRIMARY KEY, -- entries with seq <= this are archived
	cutoff   TEXT NOT NULL,       -- they are older than this day
	entries  INTEGER NOT NULL,    -- how many this sweep archived
	at       TEXT NOT NULL,
	by       TEXT NOT NULL REFERENCES app_user(id)
) STRICT;
CREATE TRIGGER query_log_archive_no_update BEFORE UPDATE ON query_log_archive
BEGIN SELECT RAISE(ABORT, 'a sweep of the query log is never changed'); END;
CREATE TRIGGER query_log_archive_no_delete BEFORE DELETE ON query_log_archive
BEGIN SELECT RAISE(ABORT, 'a sweep of the query log is never deleted'); END;
