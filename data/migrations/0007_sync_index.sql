-- 0007_sync_index: find a row's ops without reading the whole op log.
--
-- Sending an insert reads the row's later updates; bringing a row down
-- asks whether the row has ops still unanswered; a listing approved here
-- shows "pending the central store's acceptance" while its op waits.
-- Without this index each of these read every op of the office: a
-- 100k-op backlog made a sync quadratic (bench/sync_bench.sh).
CREATE INDEX sync_op_entity ON sync_op(entity, entity_id, seq);
