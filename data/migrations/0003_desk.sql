-- 0003_desk: drafts of the clerk's forms, and the index the home screen
-- counts the day's and the week's records with.
--
-- A draft is what a clerk typed into a form and saved without submitting
-- (or what the program kept for them when they left a form).  It is the
-- clerk's own: only its owner sees and opens it.  A draft is never
-- deleted: submitting or discarding it closes it (status, who, when, why).
-- fields holds the form's values as a JSON object {"key":"value"}.
CREATE TABLE draft (
	seq           INTEGER PRIMARY KEY,
	id            TEXT NOT NULL UNIQUE,
	node          TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	created_by    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL,
	row_version   INTEGER NOT NULL DEFAULT 1,
	status        TEXT NOT NULL DEFAULT 'open'
	              CHECK (status = 'open' OR status = 'submitted' OR status = 'discarded'),
	status_at     TEXT,
	status_by     TEXT,
	status_reason TEXT,
	form          TEXT NOT NULL,
	title         TEXT NOT NULL,
	fields        TEXT NOT NULL CHECK (json_valid(fields))
) STRICT;
CREATE INDEX draft_owner ON draft(created_by, status, updated_at);
CREATE TRIGGER draft_no_delete BEFORE DELETE ON draft
BEGIN SELECT RAISE(ABORT, 'rows are never deleted: discard the draft'); END;

-- Records by entry time: the home screen counts today's and this week's
-- records from it (a range at the end of the index, never a scan).  Entry
-- times grow, so keeping it costs an append per record.
CREATE INDEX credit_record_created ON credit_record(created_at);
