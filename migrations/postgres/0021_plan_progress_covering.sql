-- A plan tree's roll-up reads one range of plan_progress's primary key (node, initiative and
-- year of each figure) and each row's progress. With progress in the key's index the range is
-- the whole read, an index-only scan once the table is vacuumed: 0.070 → 0.045 ms of execution
-- for the 450 figures of one generated plan (issue 14). SQLite keeps this table WITHOUT ROWID,
-- where the key already holds every column. The key's columns and name are unchanged.
ALTER TABLE plan_progress DROP CONSTRAINT plan_progress_pkey;
ALTER TABLE plan_progress ADD CONSTRAINT plan_progress_pkey
    PRIMARY KEY (plan_id, node_id, initiative_id, fiscal_year) INCLUDE (progress);
