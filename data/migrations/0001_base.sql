-- 0001_base: the store of creditdesk.
-- after: reference_first_rows
-- (the office identity, the divisions and the forbidden terms)
--
-- CHECK constraints spell out 'x = a OR x = b ...': SQLite 3.40 evaluates
-- x IN (a, b, c) by building a temporary B-tree for every row written,
-- which made an import several times slower.
--
-- Every replicated table carries the same bookkeeping columns: a UUIDv7
-- primary key made at the office (node) that created the row, created and
-- updated time and actor, a row version that each change increments, and a
-- status with who, when and why it last changed.  Rows are never deleted:
-- a trigger on each table refuses DELETE.  Actors are user ids, or
-- 'system' for what init itself writes.
--
-- Subjects and records also have seq, an explicit INTEGER PRIMARY KEY:
-- the search indexes (0002) refer to rows by it, and only an explicit
-- one is guaranteed to survive VACUUM.  seq is local to this database;
-- other offices know the row by id.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

-- GB/T 2260 divisions (6 digits) and townships (9 digits); reference data.
CREATE TABLE division (
	code   TEXT PRIMARY KEY,
	name   TEXT NOT NULL,
	parent TEXT
) STRICT, WITHOUT ROWID;

CREATE TABLE unit (
	id            TEXT PRIMARY KEY,
	node          TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	created_by    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL,
	row_version   INTEGER NOT NULL DEFAULT 1,
	status        TEXT NOT NULL DEFAULT 'active'
	              CHECK (status IN ('active', 'archived')),
	status_at     TEXT,
	status_by     TEXT,
	status_reason TEXT,
	name          TEXT NOT NULL,
	division      TEXT NOT NULL REFERENCES division(code),
	level         TEXT NOT NULL
	              CHECK (level = 'township' OR level = 'county' OR level = 'city' OR level = 'province'),
	parent_id     TEXT REFERENCES unit(id)
) STRICT;
CREATE UNIQUE INDEX unit_name ON unit(name) WHERE status = 'active';

CREATE TABLE app_user (
	id            TEXT PRIMARY KEY,
	node          TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	created_by    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL,
	row_version   INTEGER NOT NULL DEFAULT 1,
	status        TEXT NOT NULL DEFAULT 'active'
	              CHECK (status IN ('active', 'disabled')),
	status_at     TEXT,
	status_by     TEXT,
	status_reason TEXT,
	login         TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	role          TEXT NOT NULL
	              CHECK (role = 'clerk' OR role = 'supervisor' OR role = 'admin' OR role = 'auditor'),
	unit_id       TEXT NOT NULL REFERENCES unit(id),
	pwhash        TEXT NOT NULL,  -- Argon2id, libsodium's encoded string
	failed_logins INTEGER NOT NULL DEFAULT 0,
	last_login_at TEXT
) STRICT;

-- The catalog: the only items that may be recorded (DOMAIN rule 1).  Items
-- are never edited: an administrator adds and retires them, and each
-- change raises meta.catalog_version, which records keep.
CREATE TABLE catalog_item (
	id            TEXT PRIMARY KEY,
	node          TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	created_by    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL,
	row_version   INTEGER NOT NULL DEFAULT 1,
	status        TEXT NOT NULL DEFAULT 'active'
	              CHECK (status IN ('active', 'retired')),
	status_at     TEXT,
	status_by     TEXT,
	status_reason TEXT,
	code          TEXT NOT NULL,
	name          TEXT NOT NULL,
	subject_kind  TEXT NOT NULL CHECK (subject_kind = 'person' OR subject_kind = 'org' OR subject_kind = 'any'),
	polarity      TEXT NOT NULL CHECK (polarity IN ('good', 'bad')),
	severity      TEXT NOT NULL DEFAULT ''
	              CHECK (severity = '' OR severity = 'minor' OR severity = 'general' OR severity = 'serious'),
	provider_kind TEXT NOT NULL,
	data_source   TEXT NOT NULL,
	legal_basis   TEXT NOT NULL,
	sharing       TEXT NOT NULL CHECK (sharing = 'unconditional' OR sharing = 'conditional' OR sharing = 'none'),
	disclosure    TEXT NOT NULL CHECK (disclosure = 'public' OR disclosure = 'conditional' OR disclosure = 'none'),
	disclose_min_months INTEGER NOT NULL CHECK (disclose_min_months >= 0),
	disclose_max_months INTEGER NOT NULL CHECK (disclose_max_months >= disclose_min_months),
	repairable    INTEGER NOT NULL CHECK (repairable IN (0, 1)),
	needs_consent INTEGER NOT NULL CHECK (needs_consent IN (0, 1)),
	doc_kind      TEXT NOT NULL,
	keywords      TEXT NOT NULL DEFAULT '',
	catalog_version INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX catalog_item_code ON catalog_item(code) WHERE status = 'active';

-- Words that reveal forbidden data categories (DOMAIN rule 2).  allowed
-- lists behaviour phrases that contain the word but record conduct, not
-- the fact (隐瞒病史 is conduct; 病史 itself is not to be collected).
CREATE TABLE forbidden_term (
	term     TEXT PRIMARY KEY,
	category TEXT NOT NULL,
	consent_lifts INTEGER NOT NULL CHECK (consent_lifts IN (0, 1)),
	allowed  TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;

CREATE TABLE subject (
	seq           INTEGER PRIMARY KEY, -- local; keys the search indexes
	id            TEXT NOT NULL UNIQUE,
	node          TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	created_by    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL,
	row_version   INTEGER NOT NULL DEFAULT 1,
	status        TEXT NOT NULL DEFAULT 'active'
	              CHECK (status IN ('active', 'archived')),
	status_at     TEXT,
	status_by     TEXT,
	status_reason TEXT,
	kind          TEXT NOT NULL CHECK (kind IN ('person', 'org')),
	id_type       TEXT NOT NULL
	              CHECK (id_type = 'resident' OR id_type = 'uscc' OR id_type = 'passport' OR id_type = 'hkmo' OR id_type = 'tw' OR id_type = 'foreign_pr'),
	id_number     TEXT NOT NULL,
	name          TEXT NOT NULL,
	gender        TEXT CHECK (gender IN ('M', 'F')),
	birth_date    TEXT,
	division      TEXT,           -- from the identifier; may be retired
	legal_rep     TEXT
) STRICT;
CREATE UNIQUE INDEX subject_ident ON subject(id_number, id_type);

CREATE TABLE import_batch (
	id            TEXT PRIMARY KEY,
	node          TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	created_by    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL,
	row_version   INTEGER NOT NULL DEFAULT 1,
	status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active')),
	status_at     TEXT,
	status_by     TEXT,
	status_reason TEXT,
	file_name     TEXT NOT NULL,
	file_sha256   TEXT NOT NULL,
	encoding      TEXT NOT NULL,
	rows_seen     INTEGER NOT NULL,
	imported      INTEGER NOT NULL,
	duplicates    INTEGER NOT NULL,
	rejected      INTEGER NOT NULL,
	reject_file   TEXT
) STRICT;

CREATE TABLE credit_record (
	seq           INTEGER PRIMARY KEY, -- local; keys the search indexes
	id            TEXT NOT NULL UNIQUE,
	node          TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	created_by    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL,
	row_version   INTEGER NOT NULL DEFAULT 1,
	status        TEXT NOT NULL DEFAULT 'active'
	              CHECK (status = 'active' OR status = 'withdrawn' OR status = 'archived'),
	status_at     TEXT,
	status_by     TEXT,
	status_reason TEXT,
	subject_id    TEXT NOT NULL REFERENCES subject(id),
	item_id       TEXT NOT NULL REFERENCES catalog_item(id),
	catalog_version INTEGER NOT NULL,
	polarity      TEXT NOT NULL CHECK (polarity IN ('good', 'bad')),
	matter        TEXT NOT NULL,
	reporting_unit  TEXT NOT NULL,
	affiliated_unit TEXT,
	unit_id       TEXT REFERENCES unit(id),   -- the office that entered it
	doc_kind      TEXT NOT NULL,
	doc_number    TEXT NOT NULL,
	doc_date      TEXT NOT NULL,              -- decision date
	doc_issuer    TEXT,
	procedure     TEXT NOT NULL DEFAULT 'general' CHECK (procedure IN ('general')),
	consent_ref   TEXT,
	disclose_from TEXT,           -- bad records: decision date
	disclose_until TEXT,          -- bad records: + the item's maximum period
	repair_from   TEXT,           -- bad records: + the item's minimum period
	import_batch  TEXT REFERENCES import_batch(id) DEFERRABLE INITIALLY DEFERRED
) STRICT;
-- Duplicate key (subject, item, document number, decision date); it also
-- serves every lookup of a subject's records.
CREATE INDEX credit_record_dedup ON credit_record(subject_id, item_id, doc_number, doc_date);

CREATE TABLE leniency (
	id            TEXT PRIMARY KEY,
	node          TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	created_by    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL,
	row_version   INTEGER NOT NULL DEFAULT 1,
	status        TEXT NOT NULL DEFAULT 'active'
	              CHECK (status IN ('active', 'withdrawn')),
	status_at     TEXT,
	status_by     TEXT,
	status_reason TEXT,
	subject_id    TEXT NOT NULL REFERENCES subject(id),
	item_id       TEXT NOT NULL REFERENCES catalog_item(id),
	doc_number    TEXT NOT NULL,
	kind          TEXT NOT NULL CHECK (kind IN ('not_recorded', 'grace')),
	grace_until   TEXT,
	reason        TEXT NOT NULL,
	approved_by   TEXT NOT NULL REFERENCES app_user(id),
	CHECK (kind = 'not_recorded' OR grace_until IS NOT NULL)
) STRICT;
CREATE INDEX leniency_subject ON leniency(subject_id, item_id);

-- The audit log: append only.
CREATE TABLE audit_log (
	seq        INTEGER PRIMARY KEY,
	id         TEXT NOT NULL UNIQUE,
	node       TEXT NOT NULL,
	at         TEXT NOT NULL,
	actor      TEXT NOT NULL,
	op         TEXT NOT NULL,
	entity     TEXT NOT NULL,
	entity_id  TEXT NOT NULL,
	old_values TEXT,
	new_values TEXT,
	reason     TEXT
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TRIGGER unit_no_delete BEFORE DELETE ON unit
BEGIN SELECT RAISE(ABORT, 'rows are never deleted: archive them'); END;
CREATE TRIGGER app_user_no_delete BEFORE DELETE ON app_user
BEGIN SELECT RAISE(ABORT, 'rows are never deleted: disable the user'); END;
CREATE TRIGGER catalog_item_no_delete BEFORE DELETE ON catalog_item
BEGIN SELECT RAISE(ABORT, 'rows are never deleted: retire the item'); END;
CREATE TRIGGER subject_no_delete BEFORE DELETE ON subject
BEGIN SELECT RAISE(ABORT, 'rows are never deleted: archive them'); END;
CREATE TRIGGER credit_record_no_delete BEFORE DELETE ON credit_record
BEGIN SELECT RAISE(ABORT, 'rows are never deleted: withdraw the record'); END;
CREATE TRIGGER leniency_no_delete BEFORE DELETE ON leniency
BEGIN SELECT RAISE(ABORT, 'rows are never deleted: withdraw the decision'); END;
CREATE TRIGGER import_batch_no_delete BEFORE DELETE ON import_batch
BEGIN SELECT RAISE(ABORT, 'rows are never deleted'); END;
