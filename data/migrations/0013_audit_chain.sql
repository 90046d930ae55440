-- 0013_audit_chain: a tamper-evident audit log (issue 17; 004 arts. 21-22,
-- 40-43).  Each entry carries the hash of the entry before it of the same
-- node and its own hash over its content (core/audit.c: audit_hash), so
-- that an entry changed, deleted or slipped in with sqlite3 behind the
-- program's back breaks the chain where it happened.  Every
-- AUDIT_CHECKPOINT_EVERY entries, and before each sync, a checkpoint
-- signs the chain's head (seq, count, hash) with the office's Ed25519
-- key; the checkpoints go up to the central store, which keeps the first
-- copy of each, so that rewriting the whole chain and signing it again
-- is caught there.  `creditdesk audit verify` walks it all.
-- after: audit_chain_start
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
-- the entries written before this version get their hashes in
-- audit_chain_start, in this transaction, which then puts the trigger back
DROP TRIGGER audit_log_no_update;

CREATE TABLE audit_checkpoint (
	seq     INTEGER PRIMARY KEY,  -- the audit_log entry it covers (the head)
	node    TEXT NOT NULL,
	at      TEXT NOT NULL,
	n       INTEGER NOT NULL,     -- the node's entries up to seq
	hash    TEXT NOT NULL,        -- that entry's hash
	pubkey  TEXT NOT NULL,        -- the office key it is signed with
	sig     TEXT NOT NULL,        -- Ed25519 over audit_checkpoint_text()
	sent    INTEGER NOT NULL DEFAULT 0  -- 1 once the central store has it
) STRICT;
CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
WHEN NEW.seq IS NOT OLD.seq OR NEW.node IS NOT OLD.node OR NEW.at IS NOT OLD.at
  OR NEW.n IS NOT OLD.n OR NEW.hash IS NOT OLD.hash OR NEW.pubkey IS NOT OLD.pubkey
  OR NEW.sig IS NOT OLD.sig
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
