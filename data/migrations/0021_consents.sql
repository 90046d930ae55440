-- 0021_consents: the subject's written consent as a record of its own
-- (issue 16; DOMAIN rules 2, 6; 004 art. 13(三), 003 item 13).
-- Income, savings, securities, insurance, property and tax amounts may be
-- collected only after the subject was told what adverse consequences
-- providing them may have, and gave written consent; consent is given for
-- a stated purpose, scope and term, never "once for life".  A record whose
-- matter holds such data names a consent here (credit_record.consent_ref =
-- consent.reference of the same subject) that is in force on the day and
-- covers the data's category.
--  scope:  the categories it covers, as data/forbidden.tsv names those
--          that consent lifts (收入, 存款, 有价证券, 商业保险, 不动产,
--          纳税数额, 财产), joined by '、'
--  purpose, told: the purpose and use the subject was told of, and the
--          adverse consequences (004 art. 13)
-- The consent travels with the records to the central store.
-- after: oplog_refresh
CREATE TABLE consent (
	id            TEXT PRIMARY KEY,
	node          TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	created_by    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL,
	row_version   INTEGER NOT NULL DEFAULT 1,
	status        TEXT NOT NULL DEFAULT 'active'
	              CHECK (status IN ('active', 'withdrawn')),
	status_at     TEXT,
	status_by     TEXT,
	status_reason TEXT,
	subject_id    TEXT NOT NULL REFERENCES subject(id),
	reference     TEXT NOT NULL,
	signed_on     TEXT NOT NULL,
	valid_until   TEXT NOT NULL,
	scope         TEXT NOT NULL,
	purpose       TEXT NOT NULL,
	told          TEXT NOT NULL,
	unit_id       TEXT REFERENCES unit(id),
	CHECK (valid_until >= signed_on)
) STRICT;
CREATE INDEX consent_subject ON consent(subject_id, reference);
-- the longest term a consent may be given for (years; a local default:
-- the rules forbid "once for life" and name no figure)
INSERT OR IGNORE INTO rule_setting VALUES ('consent.max_years', 3, cd_now(), 'system');
