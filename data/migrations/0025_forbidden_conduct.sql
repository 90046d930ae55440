-- 0025_forbidden_conduct: more phrases of conduct that hold a financial
-- word (拖欠农民工工资, 骗取不动产登记, 证券市场禁入, 房产中介: what a
-- person did, not what they earn or own) are allowed in data/forbidden.tsv;
-- this loads the file again into a database made before them.
-- after: forbidden_reload
SELECT 1;
