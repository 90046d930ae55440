-- 0028_import_withdrawn: the records an import's withdrawal withdrew.
--
-- import --withdraw (core/importbatch.c import_withdraw) withdraws every
-- active record of a published import at once: the unit sent the wrong
-- file, or the wrong unit was given for it.  The same rows imported
-- again (the unit's corrected file, the right unit) are then no
-- duplicates of those (core/record.c find_duplicate), as the rows of a
-- cancelled import are not; a record withdrawn before, on its own (an
-- objection's outcome), is not listed here and still is one.  The
-- office's own bookkeeping: not sent (each record's withdrawal is).
-- The withdrawal runs in slices, as an import is published; one stopped
-- half-way has rows here and no audit entry import.withdraw yet (import
-- --history says so; the same command finishes it).
CREATE TABLE IF NOT EXISTS import_withdrawn (
	record_id TEXT PRIMARY KEY REFERENCES credit_record(id),
	batch     TEXT NOT NULL REFERENCES import_batch(id)
) STRICT, WITHOUT ROWID;
-- a withdrawal stopped half-way (it runs in slices) is found by its batch
CREATE INDEX IF NOT EXISTS import_withdrawn_batch ON import_withdrawn(batch);
