-- 0006_sync_held: rows the central store sent that this office held
-- back because its own ops on them were still unanswered.
--
-- A row changed here and not yet acknowledged is not overwritten by what
-- comes down (the office's change would be lost before it is in).
-- Usually the office's op, applied at the store later, brings the row
-- down again.  But with bundles an op may have reached the store before
-- the row's version held back (its answer still on the road): then
-- nothing brings the row again.  So the newest version held back is
-- kept here, and applied once the row's ops are answered, if it is newer
-- than what the store made of them.
CREATE TABLE sync_held (
	entity     TEXT NOT NULL,
	id         TEXT NOT NULL,
	server_seq INTEGER NOT NULL,
	data       TEXT NOT NULL,
	PRIMARY KEY (entity, id)
) STRICT;
