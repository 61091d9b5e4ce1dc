-- PostgreSQL only (its 0019 adds value_num to the actuals' unique index for index-only reads
-- of the KPI standings). SQLite has no INCLUDE columns and reads its table rows by rowid
-- cheaply; this migration is empty so the versions of the two backends stay in step.
SELECT 1;
