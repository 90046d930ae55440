-- 0022_audit_entity: the audit log found by the row it is about.
-- A record's versions (Enter on it in the dossier, `record show`) and a
-- subject's corrections (the dossier's "formerly", `subject show`) are
-- read from audit_log by entity and entity_id on every opening; without
-- an index each read scanned the whole log (0.2 s at a million entries,
-- 0.01 s with it).  IF NOT EXISTS: the upgrade tests replay migrations
-- over a schema that has it.
CREATE INDEX IF NOT EXISTS audit_log_entity ON audit_log(entity, entity_id);
