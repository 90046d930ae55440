-- 0017_special_periods: special rules for a period, kept as data (DOMAIN
-- rule 25; seed 001 item 11; issue 16).  During the epidemic a general
-- administrative penalty had no minimum disclosure period (repair could
-- be asked once the penalty was performed), and repair applications were
-- decided fast.  A period covers the records whose decision date falls
-- in it and whose item has the severity named ('*': any); min_months
-- replaces the item's minimum disclosure period (NULL: unchanged),
-- repair_days the working days to decide a repair (NULL: the setting
-- repair.decide_days).  The office's own (not sent to the central
-- store): each office keeps what its city published.  Administrators
-- add and end periods (audited); rows are never deleted.
CREATE TABLE special_period (
	code        TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	period_from TEXT NOT NULL,
	period_to   TEXT,
	severity    TEXT NOT NULL CHECK (severity IN ('*', 'minor', 'general', 'serious')),
	min_months  INTEGER CHECK (min_months IS NULL OR min_months >= 0),
	repair_days INTEGER CHECK (repair_days IS NULL OR repair_days >= 1),
	basis       TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	status_at   TEXT,
	status_by   TEXT,
	status_reason TEXT
) STRICT, WITHOUT ROWID;
CREATE TRIGGER special_period_no_delete BEFORE DELETE ON special_period
BEGIN SELECT RAISE(ABORT, 'rows are never deleted: a period is ended'); END;
-- Seed 001 item 11 (Shenzhen, 2020-02-26): "在疫情防控期间，对于涉及一般失信
-- 行为的行政处罚，不设最短公示期限 ... 应依法依规从快从简办理".  The period's
-- dates are the office's to set (two rows: the general penalties' period,
-- and the fast track for every record of the period); the default runs from the first-level
-- public health response (2020-01-24) to the end of Class A management of
-- COVID-19 (2023-01-07); "从快" is taken as 2 working days.
INSERT OR IGNORE INTO special_period VALUES
	('YQ-2020-G', '新冠肺炎疫情防控期间（一般失信行为）', '2020-01-24', '2023-01-07',
	 'general', 0, 2,
	 '《关于加强信用体系建设积极推进疫情防控工作的通知》第（十一）项：疫情防控期间，对于涉及一般失信行为的行政处罚，不设最短公示期限',
	 'active', cd_now(), 'system', NULL, NULL, NULL),
	('YQ-2020-R', '新冠肺炎疫情防控期间（信用修复从快办理）', '2020-01-24', '2023-01-07',
	 '*', NULL, 2,
	 '《关于加强信用体系建设积极推进疫情防控工作的通知》第（十一）项：因疫情等客观原因导致失信行为的主体提出的信用修复申请，应依法依规从快从简办理',
	 'active', cd_now(), 'system', NULL, NULL, NULL);
