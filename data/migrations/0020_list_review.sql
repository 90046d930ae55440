-- 0020_list_review: a listing's review when its ground goes (issue 16;
-- DOMAIN rules 11-14: a listing rests on a record).  Withdrawing a record
-- that grounds a red or black listing in force, or correcting it so that
-- it grounds the listing no longer (another subject, another item, a
-- lighter finding), opens a case of kind list_review ('FH-2026-0001',
-- 复核): it proposes to end the listing, and a supervisor who could have
-- decided the listing decides it (approving ends the listing in the
-- decision's transaction; refusing leaves it standing, with the reason).
-- workcase.request holds {"listing": the listing's case id}.
-- The kind's CHECK constraint is widened by the after step, as migration
-- 18 did.
-- after: list_review_after
DROP TRIGGER workcase_number;
CREATE TRIGGER workcase_number AFTER INSERT ON workcase
BEGIN
	INSERT INTO case_number
	SELECT NEW.id, p, y, n, printf('%s-%04d-%04d', p, y, n) FROM (
		SELECT p, y, (SELECT coalesce(max(n), 0) + 1 FROM case_number
			      WHERE prefix = p AND year = y) AS n
		FROM (SELECT CASE NEW.kind WHEN 'objection' THEN 'YY' WHEN 'repair' THEN 'XF'
			     WHEN 'red_list' THEN 'HM' WHEN 'black_list' THEN 'HB'
			     WHEN 'change' THEN 'BG' WHEN 'leniency' THEN 'KR'
			     ELSE 'FH' END AS p,
			     CAST(substr(NEW.received, 1, 4) AS INTEGER) AS y));
END;
