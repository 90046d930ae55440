-- 0026_search_fold: the substring indexes (subject_name_ix,
-- record_matter_ix) read a full-width form as its ASCII character since
-- this version (core/gram.c), so that 某某（北京） finds 某某(北京)科技 and
-- （一） finds (一); the rows already indexed are indexed again the new
-- way.  Local: the indexes are derived from the rows and never sent up.
-- after: search_refold
SELECT 1;
