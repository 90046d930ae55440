-- 0015_list_notice: before a black listing is decided, the party is told
-- and may answer (DOMAIN rule 12; 003 item 8; issue 16).  The deciding
-- side records the advance notice (告知书) as served, with the day; the
-- party's window (list.notice_days working days from that day) is kept as
-- notice_due; a written statement (陈述、申辩) received in the window is
-- kept with the day it arrived, and the office's answer after checking it
-- (复核意见).  A black listing is approved only after the window ran and
-- any statement was answered.  The columns travel with the case to the
-- central store and the other offices.
-- after: oplog_refresh
ALTER TABLE workcase ADD COLUMN notice_served TEXT;
ALTER TABLE workcase ADD COLUMN notice_due TEXT;
ALTER TABLE workcase ADD COLUMN statement TEXT;
ALTER TABLE workcase ADD COLUMN statement_received TEXT;
ALTER TABLE workcase ADD COLUMN statement_answer TEXT;
ALTER TABLE workcase ADD COLUMN statement_answered_at TEXT;
