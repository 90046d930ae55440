-- 0019_item_scopes: which black-list scopes a catalog item's finding may
-- ground (DOMAIN rule 11; 004 art. 31, 过惩相当; issue 16).  A finding
-- of hiding one's travel history is about public health, not national
-- defence; a judgment debtor's refusal grounds the refuse_performance
-- scope.  An item without a row here (an administrative penalty, whose
-- matter may be about anything) may ground any scope, as '*' says; its
-- severity still has to be serious.  Administrators change an item's
-- scopes (audited, catalog scopes CODE --set); rows are never deleted.
-- The office's own, like the measures list.
CREATE TABLE item_scope (
	item_code   TEXT PRIMARY KEY,
	scopes      TEXT NOT NULL,  -- black_list_scope codes, space-separated, or *
	updated_at  TEXT NOT NULL,
	updated_by  TEXT NOT NULL,
	row_version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE TRIGGER item_scope_no_delete BEFORE DELETE ON item_scope
BEGIN SELECT RAISE(ABORT, 'rows are never deleted: set the scopes to * instead'); END;

-- the epidemic's items (seed 001) and the judgment debtor (SX-01)
INSERT INTO item_scope(item_code, scopes, updated_at, updated_by) VALUES
 ('YQ-B01', 'public_health', cd_now(), 'system'),
 ('YQ-B02', 'public_health', cd_now(), 'system'),
 ('YQ-B03', 'public_health', cd_now(), 'system'),
 ('YQ-B04', 'public_health market_order', cd_now(), 'system'),
 ('YQ-B05', 'market_order', cd_now(), 'system'),
 ('YQ-B06', 'public_health market_order', cd_now(), 'system'),
 ('YQ-B07', 'public_health market_order', cd_now(), 'system'),
 ('YQ-B08', 'public_health market_order', cd_now(), 'system'),
 ('SX-01', 'refuse_performance', cd_now(), 'system');
