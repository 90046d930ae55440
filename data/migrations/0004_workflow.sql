-- 0004_workflow: the working-day calendar, the deadlines counted in it,
-- after: holiday_load_builtin
-- (the shipped holidays and adjusted working days)
-- and the cases a clerk takes at the window: objections (DOMAIN rules
-- 19-22), credit repair (23-24) and red and black list proposals (11-14).
--
-- The calendar is the shipped State Council table (holiday, reference
-- data loaded by the program, refreshed with data/refresh-reference.sh)
-- under the administrator's own entries (calendar_day, audited, never
-- deleted: a changed day's old entry is marked replaced).  A working day
-- is a listed workday, or Monday to Friday and not a listed holiday.

CREATE TABLE holiday (
	day  TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind = 'holiday' OR kind = 'workday'),
	name TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE calendar_day (
	id            TEXT PRIMARY KEY,
	node          TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	created_by    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL,
	row_version   INTEGER NOT NULL DEFAULT 1,
	status        TEXT NOT NULL DEFAULT 'active'
	              CHECK (status = 'active' OR status = 'replaced'),
	status_at     TEXT,
	status_by     TEXT,
	status_reason TEXT,
	day           TEXT NOT NULL,
	-- normal: the weekday rule again, over a shipped entry
	kind          TEXT NOT NULL CHECK (kind = 'holiday' OR kind = 'workday' OR kind = 'normal'),
	name          TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX calendar_day_active ON calendar_day(day) WHERE status = 'active';
CREATE TRIGGER calendar_day_no_delete BEFORE DELETE ON calendar_day
BEGIN SELECT RAISE(ABORT, 'rows are never deleted: set the day again'); END;

-- Deadlines and periods written as numbers in the rules are data an
-- administrator changes (they differ by region and year).  Each change
-- is audited (entity rule_setting, the key as its id).
CREATE TABLE rule_setting (
	key        TEXT PRIMARY KEY,
	value      INTEGER NOT NULL CHECK (value >= 0 AND value <= 365),
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO rule_setting VALUES
	-- 004 art. 38: the platform compares within 2 working days ...
	('objection.compare_days', 2, cd_now(), 'system'),
	-- ... the providing unit starts checking within 3 and finishes within 9
	('objection.start_days', 3, cd_now(), 'system'),
	('objection.finish_days', 9, cd_now(), 'system'),
	-- the seeds set no time for a repair decision: a local default
	('repair.decide_days', 5, cd_now(), 'system');

-- A case: one objection, repair application or list proposal, from the
-- window to the supervisor's decision.  stage says whose move it is:
--   compare   the office compares its record with the provider's (objection)
--   provider  the providing unit checks (objection, forwarded)
--   review    a supervisor approves or refuses proposal (maker-checker:
--             never the user who proposed it)
--   done      decided (status closed, outcome set)
-- due is the current stage's deadline in working days (NULL: none).
-- A list case that was approved is a membership until list_until or
-- until it is ended (ended_at, by, why): closed cases are never reopened.
CREATE TABLE workcase (
	seq           INTEGER PRIMARY KEY,
	id            TEXT NOT NULL UNIQUE,
	node          TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	created_by    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL,
	row_version   INTEGER NOT NULL DEFAULT 1,
	status        TEXT NOT NULL DEFAULT 'open'
	              CHECK (status = 'open' OR status = 'closed'),
	status_at     TEXT,
	status_by     TEXT,
	status_reason TEXT,
	kind          TEXT NOT NULL
	              CHECK (kind = 'objection' OR kind = 'repair' OR kind = 'red_list' OR kind = 'black_list'),
	subject_id    TEXT NOT NULL REFERENCES subject(id),
	record_id     TEXT REFERENCES credit_record(id),
	record_version INTEGER,       -- the record's row_version when the case began
	unit_id       TEXT NOT NULL REFERENCES unit(id), -- the office that took it
	received      TEXT NOT NULL,  -- the day the application or proposal arrived
	stage         TEXT NOT NULL
	              CHECK (stage = 'compare' OR stage = 'provider' OR stage = 'review' OR stage = 'done'),
	due           TEXT,
	start_due     TEXT,           -- at the provider: the check starts by
	forwarded_at  TEXT,
	grounds       TEXT NOT NULL,  -- the applicant's grounds; the proposal's reasons
	evidence      TEXT NOT NULL DEFAULT '',  -- materials handed in
	basis         TEXT,           -- lists: legal basis (black: its scope category)
	measures      TEXT,           -- black list: the penalty measures
	list_until    TEXT,
	proposal      TEXT,           -- the outcome put up for review
	proposal_note TEXT,
	review_from   TEXT,           -- the stage a refused proposal returns to
	proposed_by   TEXT REFERENCES app_user(id),
	proposed_at   TEXT,
	outcome       TEXT,
	decided_by    TEXT REFERENCES app_user(id),
	decided_at    TEXT,
	decision_note TEXT,
	ended_at      TEXT,
	ended_by      TEXT REFERENCES app_user(id),
	end_reason    TEXT,
	CHECK (status = 'open' OR outcome IS NOT NULL)
) STRICT;
-- the home screen: open cases by deadline (overdue first)
CREATE INDEX workcase_open ON workcase(status, unit_id, due);
CREATE INDEX workcase_subject ON workcase(subject_id, kind);
CREATE INDEX workcase_record ON workcase(record_id, kind) WHERE record_id IS NOT NULL;
CREATE TRIGGER workcase_no_delete BEFORE DELETE ON workcase
BEGIN SELECT RAISE(ABORT, 'rows are never deleted: a case is closed with its outcome'); END;
CREATE TRIGGER rule_setting_no_delete BEFORE DELETE ON rule_setting
BEGIN SELECT RAISE(ABORT, 'a rule setting is changed, never deleted'); END;
