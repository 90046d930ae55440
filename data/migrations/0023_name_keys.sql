-- 0023_name_keys: the exact-name and name-prefix index becomes a table of
-- keys (name, subject), written by core/searchindex.c beside the pinyin
-- keys, where the index was kept by SQLite on every insert.
-- An import writes a million new subjects in slices of 40 ms; the index
-- on subject(name) took their names in the order of their identifiers,
-- that is at random, and every slice's commit rewrote pages all over it:
-- 30-40 s of a 100 s import at 1M rows (69 s without it).  Keys of their
-- own can be written as the pinyin keys are, at the import's end in key
-- order (core/import.c index_names), each page about once.
-- Case-insensitive as LIKE is (ASCII only), as the index was.
-- IF NOT EXISTS: the upgrade tests replay migrations.
CREATE TABLE IF NOT EXISTS subject_name_key (
	name TEXT NOT NULL COLLATE NOCASE,
	seq  INTEGER NOT NULL,  -- subject.seq
	PRIMARY KEY (name, seq)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO subject_name_key(name, seq) SELECT name, seq FROM subject;
DROP INDEX IF EXISTS subject_name;
