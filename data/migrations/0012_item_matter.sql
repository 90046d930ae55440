-- 0012_item_matter: a matter must say what its catalog item is about
-- (issue 16, DOMAIN rule 1): 乱扔垃圾、欠物业费 is no 逃避隔离医学观察.
-- A record whose item was named by code and whose matter shares no word
-- with the item's name or keywords is kept only when the clerk confirms
-- the item (audited: record.item_confirmed).  The category items take
-- any matter: an administrative penalty, a commendation, a judgment
-- debtor, a broken commitment are about whatever conduct the document
-- names.  Their keywords get the mark * (data/catalog.tsv has it for new
-- offices; an administrator marks an item of their own the same way).
UPDATE catalog_item SET keywords = '*|' || keywords
 WHERE status = 'active' AND code IN ('XZCF-1', 'XZCF-2', 'XZCF-3', 'BZ-01', 'SX-01', 'CN-01')
   AND keywords NOT LIKE '*|%' AND keywords <> '*';
