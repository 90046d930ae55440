-- 0007_sync_index: find a row's ops without reading the whole op log.
--
-- Sending an insert reads the row's later updates; bringing a row down
-- asks whether the row has ops still unanswered; a listing approved here
-- shows "pending the central store's acceptance" while its op waits.
-- Without this index each of these read every op of the office: a
-- 100k-op backlog made a sync quadratic (bench/sync_bench.sh).
CREATE INDEX sync_op_entity ON sync_op(entity, entity_id, seq);

-- Reporting up on time (DOMAIN rule 10; 004 art. 17(2)): each unit's
-- work reaches the level above within 7 working days.  The county's home
-- lists the offices below it whose last report is older (core/sync.c).
INSERT OR IGNORE INTO rule_setting VALUES ('report.up_days', 7, cd_now(), 'system');
