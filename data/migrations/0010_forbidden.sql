-- 0010_forbidden: data that may never be collected is recognised by
-- more than a short word list (issue 16): the 56 ethnic groups, religions,
-- blood types, diseases, and income, savings, property and tax amounts
-- (with consent only).  The vocabularies are data/forbidden.tsv; this
-- loads it again into a database made before them (terms added or
-- updated, none removed).
-- after: forbidden_reload
SELECT 1;
