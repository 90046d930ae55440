-- 0002_search: the search indexes and the query log (issue 3).
-- after: search_reindex
-- (index the rows already there)
--
-- The indexes are written by core/search.c in the same transaction as
-- the subject or record they index (subject_insert, record create and
-- correct, import); nothing else writes them.

-- Exact name and name prefix, case-insensitive as LIKE is (ASCII only).
CREATE INDEX subject_name ON subject(name COLLATE NOCASE);

-- Substrings of any length: core/gram.c's tokenizer indexes every
-- character and every pair, so one- and two-character queries (张, 张伟)
-- are answered from the index like longer ones.  External content: the
-- text lives once, in subject and credit_record.
CREATE VIRTUAL TABLE subject_name_ix USING fts5(
	name, content = 'subject', content_rowid = 'seq',
	tokenize = 'cdgram', columnsize = 0);
CREATE VIRTUAL TABLE record_matter_ix USING fts5(
	matter, content = 'credit_record', content_rowid = 'seq',
	tokenize = 'cdgram', columnsize = 0);

-- Pinyin initials of each name, every reading of a polyphone (core/pinyin.c).
CREATE TABLE subject_pinyin (
	key TEXT NOT NULL,
	seq INTEGER NOT NULL,  -- subject.seq
	PRIMARY KEY (key, seq)
) STRICT, WITHOUT ROWID;

-- The query log (DOMAIN rule 17): who, when, how, why, what was asked,
-- how many results, which subject was opened and the running count of
-- that subject's queries.  Append-only, kept long term like the audit log.
CREATE TABLE query_log (
	seq          INTEGER PRIMARY KEY,
	id           TEXT NOT NULL UNIQUE,
	node         TEXT NOT NULL,
	at           TEXT NOT NULL,
	actor        TEXT NOT NULL,
	channel      TEXT NOT NULL CHECK (channel = 'cli' OR channel = 'screen'),
	purpose      TEXT NOT NULL
	             CHECK (purpose = 'self' OR purpose = 'authorised' OR purpose = 'official_letter' OR purpose = 'internal_duty'),
	purpose_ref  TEXT NOT NULL,
	query        TEXT NOT NULL,
	results      INTEGER,          -- NULL: not counted
	subject_id   TEXT REFERENCES subject(id),
	subject_query_no INTEGER       -- 1 for the subject's first query, ...
) STRICT;
CREATE INDEX query_log_subject ON query_log(subject_id) WHERE subject_id IS NOT NULL;
CREATE INDEX query_log_actor ON query_log(actor, at);
CREATE TRIGGER query_log_no_update BEFORE UPDATE ON query_log
BEGIN SELECT RAISE(ABORT, 'the query log is append-only'); END;
CREATE TRIGGER query_log_no_delete BEFORE DELETE ON query_log
BEGIN SELECT RAISE(ABORT, 'the query log is append-only'); END;
