-- 0011_import_staging: an import that blocks no one (issue 15).
--
-- An import writes its rows in short transactions (core/import.c: about
-- 40 ms each, with a gap after each in which another clerk's save takes
-- the lock), so it can no longer be one transaction.  It stays
-- all-or-nothing as the office sees it: its batch is pending here until
-- its last rows are written, and every view of records and subjects
-- (search, dossier, reports, counts, the drafts queue) leaves out the
-- rows of a pending batch (REC_SHOWN / SUBJ_SHOWN in core/internal.h).
-- Publishing is one small transaction: the batch's row here goes.
--
-- state:
--   staging     rows are being written; a kill leaves the batch here, and
--               importing the same file again (same SHA-256) takes it
--               over and completes it (the rows written already are
--               recognised as the batch's own, not as duplicates)
--   publishing  every row is written; the operations the sync sends up
--               are being written for them (none while staging: the
--               central store must not see half a batch); from first_op
--               on the sync sends nothing until the batch is published
--   cancelled   stopped by the clerk (Esc) or given up (import --cancel):
--               never shown, never sent, not a duplicate of anything; the
--               rows stay in the file as written, like every row here
-- A published batch has no row here: import_batch holds its counts.
CREATE TABLE import_pending (
	batch        TEXT PRIMARY KEY REFERENCES import_batch(id),
	state        TEXT NOT NULL CHECK (state IN ('staging', 'publishing', 'cancelled')),
	file_sha256  TEXT NOT NULL,
	first_op     INTEGER,             -- publishing: its first sync_op seq
	subject_done INTEGER NOT NULL DEFAULT 0, -- publishing: ops written up to
	record_done  INTEGER NOT NULL DEFAULT 0, -- these seqs
	state_at     TEXT NOT NULL,
	state_by     TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX import_pending_file ON import_pending(file_sha256, state);

-- The subjects a batch added (seq of subject).  While the batch is
-- pending they are not shown; a clerk or another import that names one
-- of them meanwhile takes it over (its row here goes, its op is written):
-- it is then a subject like any other.
CREATE TABLE import_subject (
	seq   INTEGER PRIMARY KEY,
	batch TEXT NOT NULL
) STRICT;
CREATE INDEX import_subject_batch ON import_subject(batch);

-- A batch's records in order, for publishing and for the count.
CREATE INDEX credit_record_batch ON credit_record(import_batch, seq)
	WHERE import_batch IS NOT NULL;

-- The drafts 待补全 an import kept appear with its records.
ALTER TABLE draft ADD COLUMN import_batch TEXT;
