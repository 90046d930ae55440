-- 0018_requests: two kinds of case that are requests a supervisor decides
-- (issue 16; DOMAIN rules 7, 10):
--  - change ('BG-2026-0001'): correcting or withdrawing a record another
--    unit entered.  The clerk asks; a supervisor of the unit that entered
--    the record, or of a unit above it, approves (the change is then made
--    in the decision's transaction, against the record's version the
--    request was made on) or refuses.  The request travels to that unit's
--    office through the central store.
--  - leniency ('KR-2026-0001'): not recording a first minor violation, or
--    a grace period (rule 7), asked by a clerk and decided by a supervisor
--    of the clerk's unit or above, who need not be at the window.
-- workcase.request: what is asked, as JSON (the record's new content for
-- a correction; the leniency's item, document, kind and end).
-- The kind's CHECK constraint is widened by the after step (SQLite cannot
-- ALTER a constraint; the step edits the table's definition as the SQLite
-- documentation describes for CHECK changes), which also writes the sync
-- capture triggers again with the new column.
-- after: requests_after
ALTER TABLE workcase ADD COLUMN request TEXT;

DROP TRIGGER workcase_number;
CREATE TRIGGER workcase_number AFTER INSERT ON workcase
BEGIN
	INSERT INTO case_number
	SELECT NEW.id, p, y, n, printf('%s-%04d-%04d', p, y, n) FROM (
		SELECT p, y, (SELECT coalesce(max(n), 0) + 1 FROM case_number
			      WHERE prefix = p AND year = y) AS n
		FROM (SELECT CASE NEW.kind WHEN 'objection' THEN 'YY' WHEN 'repair' THEN 'XF'
			     WHEN 'red_list' THEN 'HM' WHEN 'black_list' THEN 'HB'
			     WHEN 'change' THEN 'BG' ELSE 'KR' END AS p,
			     CAST(substr(NEW.received, 1, 4) AS INTEGER) AS y));
END;
