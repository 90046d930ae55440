-- 0027_name_keys_fold: the exact-name and name-prefix keys
-- (subject_name_key) hold the names with their full-width forms as ASCII
-- since this version (core/searchindex.c), and a search reads them with
-- the query folded alike, so that 某某（北京）科技有限公司 typed whole is
-- the name 某某(北京)科技有限公司 exactly, not a part of it (the substring
-- index folds so since 0026).  The keys already written are folded here.
-- Local: the keys are derived from the names and never sent up.
UPDATE subject_name_key SET name = cd_fold(name) WHERE name <> cd_fold(name);
