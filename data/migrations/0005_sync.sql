-- 0005_sync: the operation log this office sends up to the central store,
-- after: oplog_install
-- (the capture triggers, and an 'insert' op for every row already here)
-- and what the central store answered.
--
-- Every change to a replicated table writes one op in the change's own
-- transaction: a trigger on the table (made by oplog_install from the
-- table's columns, so that no write path can forget it, the bulk import
-- included).  seq is the rowid and ops are never deleted, so the
-- committed seqs of one node are 1, 2, 3 ... without gaps: a rolled-back
-- change takes its seq with it.  hlc is a hybrid logical clock
-- (milliseconds.counter, fixed width so that text order is time order):
-- it never runs backwards however the office clock is set.  An update's
-- payload holds the changed columns only, old and new
-- ({"old":{..},"new":{..}}), so the central store can merge changes to
-- different fields made at two offices.  An insert's payload is NULL:
-- the row is read when the op is sent, and put back as it was at the
-- insert by undoing the later updates' old values (an import of 100k
-- rows would otherwise write each row twice and spill SQLite's cache).  base_version is the row version the change was made
-- against.  What arrives from the central store is applied with the
-- capture off (cd_capture() false), so it is not sent back up.
CREATE TABLE sync_op (
	seq          INTEGER PRIMARY KEY,
	id           TEXT NOT NULL,           -- UUIDv7: the op everywhere
	hlc          TEXT NOT NULL,
	kind         TEXT NOT NULL CHECK (kind = 'insert' OR kind = 'update'),
	entity       TEXT NOT NULL,
	entity_id    TEXT NOT NULL,
	base_version INTEGER,
	payload      TEXT,                    -- NULL: an insert (see above)
	actor        TEXT NOT NULL,
	at           TEXT NOT NULL
) STRICT;
CREATE TRIGGER sync_op_no_update BEFORE UPDATE ON sync_op
BEGIN SELECT RAISE(ABORT, 'an op is never changed once written'); END;
CREATE TRIGGER sync_op_no_delete BEFORE DELETE ON sync_op
BEGIN SELECT RAISE(ABORT, 'an op is never deleted'); END;

-- The central store's answer to each op sent: accepted (applied),
-- duplicate (applied before: the same op again), merged (applied over
-- changes to other fields), rejected (never applied: reason says why),
-- conflict (kept at the central store for a supervisor to resolve).
-- Written in the same transaction that moves meta sync.acked_seq.
CREATE TABLE sync_ack (
	seq        INTEGER PRIMARY KEY REFERENCES sync_op(seq),
	result     TEXT NOT NULL
	           CHECK (result = 'accepted' OR result = 'duplicate' OR result = 'merged'
	                  OR result = 'rejected' OR result = 'conflict'),
	reason     TEXT,
	server_seq INTEGER,
	at         TEXT NOT NULL,
	seen_at    TEXT,      -- when a clerk was shown a rejection
	seen_by    TEXT
) STRICT;
CREATE INDEX sync_ack_result ON sync_ack(result) WHERE result = 'rejected' OR result = 'conflict';

-- Ids this office made that the central store knows under another id:
-- the same subject (or unit, or catalog item) created at two offices is
-- one row centrally.  The local row takes the central id when its alias
-- comes down; this keeps the old id so that nothing that named it is
-- lost.
CREATE TABLE sync_alias (
	entity  TEXT NOT NULL,
	from_id TEXT NOT NULL,
	to_id   TEXT NOT NULL,
	at      TEXT NOT NULL,
	PRIMARY KEY (entity, from_id)
) STRICT, WITHOUT ROWID;
