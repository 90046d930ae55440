-- 0024_import_blocks: a pending import's subjects known by their seq alone.
-- after: import_blocks_after
--
-- Every search leaves out the subjects a pending batch added (SEQ_SHOWN,
-- core/internal.h).  It asked import_subject of each index entry: at 1M
-- rows, while the last seconds of an import had 500k organisations
-- written and hidden, a search for 公司 made 500k lookups there (90 ms of
-- a 96 ms search; the index's own scan is 8).  Now a batch's new
-- subjects take their seqs from a block kept for it, the first at its
-- top, the rest upward from its bottom (core/importbatch.c
-- batch_subject_seq): the block is made in the transaction that writes
-- its top, so every other writer's new subject (max(seq) + 1) lands above
-- it, and a seq is hidden exactly when a block holds it.  Blocks never overlap; the one that could hold a seq
-- is the first whose top is not below it: one seek (37 ms over 500k).
-- A subject another writer takes over moves out of the block, above
-- everything, with its index entries; publishing drops the batch's
-- blocks; a cancelled batch keeps them (its subjects stay hidden).
-- Its records keep the seqs SQLite gives them, in the file's order (the
-- resume of a killed import relies on it); a slice holds the lock, so the
-- records between the first and the last it wrote are all the batch's:
-- each slice adds its range to import_record_range, or grows the batch's
-- range it follows, and a matter search passes over a hidden record by
-- its index entry's seq, before reading the row (REC_SEQ_SHOWN).
-- The after step moves the subjects of batches pending now, written
-- before blocks were, into a block each, and writes their records'
-- ranges (each run of consecutive seqs).
-- IF NOT EXISTS: the upgrade tests replay migrations.
CREATE TABLE IF NOT EXISTS import_block (
	hi    INTEGER PRIMARY KEY,  -- the block's top seq (subject.seq)
	lo    INTEGER NOT NULL,     -- and its bottom
	batch TEXT NOT NULL REFERENCES import_batch(id)
) STRICT;
CREATE INDEX IF NOT EXISTS import_block_batch ON import_block(batch, hi);
CREATE TABLE IF NOT EXISTS import_record_range (
	hi    INTEGER PRIMARY KEY,  -- the range's last seq (credit_record.seq)
	lo    INTEGER NOT NULL,     -- and its first
	batch TEXT NOT NULL REFERENCES import_batch(id)
) STRICT;
CREATE INDEX IF NOT EXISTS import_record_range_batch ON import_record_range(batch, hi);
